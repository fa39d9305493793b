package tagpolicy

import (
	"slices"
	"strings"
)

// Candidates returns the version tags that tracked may currently point to, newest first (the more
// precise first among equal versions), at most limit of them (limit <= 0: all). The resolver HEADs them
// in this order and takes the first whose digest matches, which is how a moving tag's version is
// found: "from the version tags of the same repository and suffix that share its digest (list tags,
// then HEAD candidates newest first, at most a few requests)".
//
// Which tags qualify is the family rule in rules.go: for a major tag ("v1", "3-alpine") the more
// precise tags of that major and suffix; for a minor tag ("20.04") the patch tags of that line. A
// rolling or other tag can point at any release, so every version tag without a suffix qualifies.
// A patch tag is its own version and needs no lookup: the result is nil.
func Candidates(tracked string, tags []string, classifier Classifier, limit int) []string {
	var match func(Version) bool
	switch class := classifier.ClassifyTag(tracked); class {
	case ClassPatch:
		return nil
	case ClassMajor, ClassMinor:
		t, _ := ParseVersion(tracked)
		match = func(v Version) bool { return inFamily(t, v) }
	default:
		match = func(v Version) bool { return v.Suffix == "" }
	}
	versions := make([]versionTag, 0, len(tags))
	for _, tag := range tags {
		if v, ok := versionOf(tag, classifier); ok && tag != tracked && match(v) {
			versions = append(versions, versionTag{tag, v})
		}
	}
	sortNewestFirst(versions)
	if limit > 0 && len(versions) > limit {
		versions = versions[:limit]
	}
	return tagNames(versions)
}

// ResolvedVersion is the version a version tag names, as written without "v" and suffix
// ("v1.3.1-alpine" is "1.3.1"), or "" for a tag that is not a version.
func ResolvedVersion(tag string) string {
	v, _ := ParseVersion(tag)
	return v.String()
}

// versionTag keeps a tag with its parsed version so that sorting parses once.
type versionTag struct {
	name    string
	version Version
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
