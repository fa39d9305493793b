package tagpolicy

// This file is Coder's image-tag guidance, rule by rule. Every other file in the package parses,
// sorts or formats; the decisions are made here, each under the words of the guidance it enforces.
//
//   - "Rebuilds use the same tag, not the same image": a rebuild re-resolves the tag and pins the
//     digest it points to now.
//   - "A rolling tag (latest) should prompt a rebuild for patches, security updates and major
//     releases."
//   - "A major tag (mycorp/app:v1) follows the newest build of that major."
//   - "A specific version (ubuntu:20.04) [should prompt a rebuild] for patches and security updates
//     of that tag only", never for 20.10.
//   - A digest follows nothing and never changes.

// ClassifyTag returns the class of a tag, which says what the tag follows:
//
//   - in the rolling set, alone or with a suffix ("latest", "lts-alpine", "stable-slim"): rolling.
//     "A rolling tag (latest) should prompt a rebuild for patches, security updates and major
//     releases": it follows whatever the publisher points it at, along its suffix's line.
//   - a version of one component ("v1", "1", "3-alpine", "bookworm-slim"): major. "A major tag
//     (mycorp/app:v1) follows the newest build of that major."
//   - two components ("v1.3", "20.04", "3.12-slim", "jammy"): minor. "A specific version
//     (ubuntu:20.04)": patches and security updates of that line only.
//   - three or four components ("v1.3.1", "1.25.3-bookworm", "10.0.20348.2527"), or any version that
//     names a build ("1.25.3-1", "9.4-1214", "noble-20240605"): patch, one release, rebuilt only when
//     the publisher rebuilds that release (a base-image security fix).
//   - anything else ("main", "sha-1a2b3c4", "20240606", "2024-05-01"): other. We cannot know what it
//     follows, so like a rolling tag it is rebuilt whenever it moves.
//
// A prerelease keeps the class of its precision: "3.15.0a2" is patch, "1.23rc2" minor. A codename is
// the line it names (see codenames.go). Decided here where the guidance is silent: a date tag such as
// "2024.05.01" has three numeric components with a four-digit major and so is a patch tag by the same
// rule, as calendar versions ("2024.5.1") are. The rolling set wins over the shape, so a publisher's
// moving "1" can be declared rolling. ClassifyTag never returns ClassDigest: that is a property of a
// reference, not of a tag.
func (c Classifier) ClassifyTag(tag string) Class {
	return c.ParseTag(tag).Class
}

// ParseTag reads one tag: its class and, for a version tag, its version, prerelease, build and
// suffix; for a rolling tag with a suffix, the suffix.
func (c Classifier) ParseTag(tag string) TagInfo {
	if c.isRolling(tag) {
		return TagInfo{Name: tag, Class: ClassRolling}
	}
	if suffix, ok := c.rollingSuffix(tag); ok {
		return TagInfo{Name: tag, Class: ClassRolling, Suffix: suffix}
	}
	if v, ok := c.Version(tag); ok {
		return tagInfo(tag, v)
	}
	return TagInfo{Name: tag, Class: ClassOther}
}

// Classify returns the class of a reference: digest when it pins one, tag or not, because the
// digest is what runs and "repo:tag@sha256:…" follows nothing; else the class of its tag.
func (c Classifier) Classify(ref Reference) Class {
	if ref.Digest != "" {
		return ClassDigest
	}
	return c.ClassifyTag(ref.Tag)
}

// UpdateKind is why a rebuild is proposed: the rebuild_reason the resource reports and the values
// rebuild_on selects from.
type UpdateKind string

// The update kinds.
const (
	UpdateInitial  UpdateKind = "initial"  // the first pin
	UpdateRebuild  UpdateKind = "rebuild"  // a new digest or build of the same version, or a version we cannot tell
	UpdatePatch    UpdateKind = "patch"    // a higher patch or fourth component, or a prerelease towards its release
	UpdateMinor    UpdateKind = "minor"    // the tag now resolves to a higher minor release
	UpdateMajor    UpdateKind = "major"    // the tag now resolves to a higher major release
	UpdateRollback UpdateKind = "rollback" // the tag now resolves to a lower version
)

// DefaultRebuildOn is rebuild_on when it is not set: every movement of the tag is a rebuild, which
// is what the guidance asks for. It is also the set of values rebuild_on accepts.
func DefaultRebuildOn() []UpdateKind {
	return []UpdateKind{UpdateRebuild, UpdatePatch, UpdateMinor, UpdateMajor, UpdateRollback}
}

// DecideInput is what Decide needs: what is pinned, what the tag resolves to now, and rebuild_on.
// Versions are as the resolver found them ("1.4.2", or a full tag such as "v1.4.2-alpine") and may
// be "" when unknown.
type DecideInput struct {
	Class          Class
	PinnedDigest   string
	PinnedVersion  string
	CurrentDigest  string // "" when nothing was resolved (the tag is gone): never a rebuild
	CurrentVersion string
	RebuildOn      []UpdateKind // nil means DefaultRebuildOn; an empty set only ever pins initially
}

// Decision is Decide's answer: whether a rebuild is due, and its kind. Kind is set whenever the
// digest moved, even when rebuild_on filters it out, so the caller can say what it ignored.
type Decision struct {
	Due  bool
	Kind UpdateKind
}

// Decide applies the rebuild rules to one pinned reference.
//
// "Rebuilds use the same tag, not the same image": the only question is whether the digest the tag
// resolves to now differs from the pinned one. That single test carries every class's rule, because
// each class's tag can only move within what it follows. A rolling tag moves for patches, security
// updates, minor and major releases, so all of those are due. A major tag "follows the newest build
// of that major". A minor tag such as ubuntu:20.04 is due "for patches and security updates of that
// tag only": the publisher never points 20.04 at 20.10, and because the rebuild re-resolves the same
// tag, 20.10 is never looked at, so no extra check is needed here for "never 20.10". A patch tag
// moves only when the same release is rebuilt.
//
// The kind then says how it moved, for rebuild_reason and for rebuild_on to filter.
func Decide(in DecideInput) Decision {
	// The first pin is not a rebuild but it is always due: there is nothing to keep.
	if in.PinnedDigest == "" {
		return Decision{Due: true, Kind: UpdateInitial}
	}
	// "digest: follows nothing; a rebuild is due never." Nothing resolved, nothing moves.
	if in.Class == ClassDigest || in.CurrentDigest == "" {
		return Decision{}
	}
	// "Digests compare by value only": equal strings are the same image, whatever the tag says.
	if in.CurrentDigest == in.PinnedDigest {
		return Decision{}
	}
	kind := updateKind(in.PinnedVersion, in.CurrentVersion)
	return Decision{Due: contains(rebuildOn(in.RebuildOn), kind), Kind: kind}
}

// updateKind names a digest move by the versions on either side (see move): the level of the first
// component that went up, padding with zeros (pinned 1.3.1 to current 1.4 is minor; a fourth
// component is patch); patch for a prerelease moving towards its release; rollback only when the
// version really went down; rebuild when it did not change (a new digest or build of the same
// version), is unknown, or changed line (suffix), since then no level describes it.
func updateKind(pinned, current string) UpdateKind {
	a, okA := ParseVersion(pinned)
	b, okB := ParseVersion(current)
	if !okA || !okB || a.Suffix != b.Suffix {
		return UpdateRebuild
	}
	return UpdateKind(move(a, b))
}

// move says how going from version a to version b moves: "major", "minor" or "patch" up (a fourth
// component and a prerelease towards its release are patch), "rollback" down, and "rebuild" for the
// same version (a new build, another spelling, or another precision of one number).
func move(a, b Version) Comparison {
	i, c := firstDifference(b, a)
	if c == 0 {
		c = comparePrerelease(b.Prerelease, a.Prerelease)
		i = 2
	}
	switch {
	case c > 0:
		return [...]Comparison{ComparisonMajor, ComparisonMinor, ComparisonPatch, ComparisonPatch}[i]
	case c < 0:
		return ComparisonRollback
	}
	return ComparisonRebuild
}

// inFamily reports whether version v is one that the version tag tracked can resolve to. "A major
// tag (mycorp/app:v1) follows the newest build of that major": v1 can be 1.3 or 1.3.1 but never
// 2.0. A minor tag follows its line: 20.04 can be 20.04.1 but never 20.10. Both keep their suffix,
// which marks the line (3-alpine follows 3.x-alpine, not 3.x). Only more precise versions count: the
// tag itself says nothing new about what it points to.
func inFamily(tracked, v Version) bool {
	if v.Suffix != tracked.Suffix || v.Precision() <= tracked.Precision() || v.Codename != "" {
		return false
	}
	for i, n := range tracked.Components {
		if v.Components[i] != n {
			return false
		}
	}
	return true
}

func rebuildOn(kinds []UpdateKind) []UpdateKind {
	if kinds == nil {
		return DefaultRebuildOn()
	}
	return kinds
}

func contains[T comparable](items []T, x T) bool {
	for _, it := range items {
		if it == x {
			return true
		}
	}
	return false
}
