package tagpolicy

import (
	"slices"
	"strings"
)

// TagInfo is one tag as the rules read it and the tagpolicy_tags data source lists it.
type TagInfo struct {
	Name       string
	Class      Class
	Version    string // the version the tag names (see Version.String); "" unless Class is major, minor or patch
	Suffix     string // the compatibility line; for a rolling tag, what follows the rolling word ("lts-alpine": "alpine")
	Prerelease string // "rc.1", "a2"; "" for a release or a tag that is no version
	Build      string // "r5", "1214.1717558146"; "" when the tag names no build
}

// tagInfo describes a version tag.
func tagInfo(name string, v Version) TagInfo {
	return TagInfo{Name: name, Class: v.Class(), Version: v.String(), Suffix: v.Suffix, Prerelease: v.Prerelease, Build: v.Build}
}

// versionTag keeps a tag with its parsed version so that sorting parses once.
type versionTag struct {
	name    string
	version Version
}

// SortTags classifies tags and orders them for reading: version tags newest first (see Compare; the
// more precise first among equal versions, then by name), then every other tag by name. Each tag is
// parsed once, so 10,000 tags take milliseconds.
func SortTags(tags []string, c Classifier) []TagInfo {
	versions := make([]versionTag, 0, len(tags))
	var others []TagInfo
	for _, tag := range tags {
		if v, ok := c.Version(tag); ok {
			versions = append(versions, versionTag{tag, v})
			continue
		}
		others = append(others, c.ParseTag(tag))
	}
	sortNewestFirst(versions)
	slices.SortFunc(others, func(a, b TagInfo) int { return strings.Compare(a.Name, b.Name) })

	out := make([]TagInfo, 0, len(tags))
	for _, vt := range versions {
		out = append(out, tagInfo(vt.name, vt.version))
	}
	return append(out, others...)
}

// Newest returns the newest release tag, of any precision, or "" when there is none. Prereleases
// count only when includePrereleases is set; dates, SHAs and other tags are no versions and never
// count. When track is given only tags of its line family count: its suffix (a non-version track
// has the empty suffix, a rolling one the suffix after its word), and codenames for a codename track,
// numbers otherwise. So for "3.12-slim" the answer is the newest "-slim" tag, for "jammy" the newest
// Ubuntu codename.
func Newest(tags []string, track string, c Classifier, includePrereleases bool) string {
	t, byTrack := trackLine(track, c)
	var best versionTag
	found := false
	for _, tag := range tags {
		v, ok := c.Version(tag)
		if !ok || !includePrereleases && v.Prerelease != "" {
			continue
		}
		if byTrack && (v.Suffix != t.Suffix || (v.Codename == "") != (t.Codename == "")) {
			continue
		}
		if !byTrack && v.Codename != "" {
			continue
		}
		if cmp := Compare(v, best.version); !found || cmp > 0 || cmp == 0 && tag < best.name {
			best, found = versionTag{tag, v}, true
		}
	}
	return best.name
}

// trackLine is the line a track names: a version tag's own; a rolling tag's suffix; the empty suffix
// for any other tag. It reports false when no track is given.
func trackLine(track string, c Classifier) (Version, bool) {
	if track == "" {
		return Version{}, false
	}
	if v, ok := c.Version(track); ok {
		return v, true
	}
	return Version{Suffix: c.ParseTag(track).Suffix}, true
}

// Newer returns the tags on the same line as track (see sameLine: suffix, precision, build or not,
// codename or number) that are newer than it, newest first: what a template author could move to.
// For "20.04" among Ubuntu's tags that is every later two-component line, "24.04", "22.04" and also
// non-LTS lines such as "20.10", since the rules know nothing of a publisher's support policy; for
// "jammy", the later Ubuntu codenames. Prereleases count only when includePrereleases is set. It is
// nil when track is not a version tag.
func Newer(tags []string, track string, c Classifier, includePrereleases bool) []string {
	t, ok := c.Version(track)
	if !ok {
		return nil
	}
	var out []versionTag
	for _, tag := range tags {
		v, ok := c.Version(tag)
		if !ok || !sameLine(t, v) || !includePrereleases && v.Prerelease != "" {
			continue
		}
		if compareRelease(v, t) > 0 || compareRelease(v, t) == 0 && compareBuild(v.Build, t.Build) > 0 {
			out = append(out, versionTag{tag, v})
		}
	}
	sortNewestFirst(out)
	return tagNames(out)
}

// sortNewestFirst orders by Compare, highest first, and by name among equals so the order never
// depends on the order the registry listed the tags in.
func sortNewestFirst(vs []versionTag) {
	slices.SortFunc(vs, func(a, b versionTag) int {
		if c := Compare(b.version, a.version); c != 0 {
			return c
		}
		return strings.Compare(a.name, b.name)
	})
}

func tagNames(vs []versionTag) []string {
	if len(vs) == 0 {
		return nil
	}
	names := make([]string, len(vs))
	for i, v := range vs {
		names[i] = v.name
	}
	return names
}

// IsSignatureTag reports the tags that signing and attestation tools (cosign, notation's fallback)
// push next to an image: "sha256-<hex>" alone or with ".sig", ".att" or ".sbom". They name no image
// a template would run, so listings leave them out unless asked.
func IsSignatureTag(tag string) bool {
	rest, ok := strings.CutPrefix(tag, "sha256-")
	if !ok {
		return false
	}
	for _, ext := range []string{".sig", ".att", ".sbom"} {
		if r, ok := strings.CutSuffix(rest, ext); ok {
			rest = r
			break
		}
	}
	return len(rest) == 64 && strings.Trim(rest, "0123456789abcdef") == ""
}
