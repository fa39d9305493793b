package tagpolicy

import (
	"slices"
	"strings"
)

// TagInfo is one tag as the tagpolicy_tags data source lists it.
type TagInfo struct {
	Name    string
	Class   Class
	Version string // the version as written without "v" and suffix; "" unless Class is major, minor or patch
	Suffix  string // the version's suffix; "" unless Class is major, minor or patch
}

// SortTags classifies tags and orders them for reading: version tags newest first (the more precise
// first among equal versions, then by name), then every other tag by name. Each tag is parsed once,
// so 10,000 tags take milliseconds.
func SortTags(tags []string, c Classifier) []TagInfo {
	versions := make([]versionTag, 0, len(tags))
	var others []TagInfo
	for _, tag := range tags {
		if v, ok := versionOf(tag, c); ok {
			versions = append(versions, versionTag{tag, v})
			continue
		}
		others = append(others, TagInfo{Name: tag, Class: c.ClassifyTag(tag)})
	}
	sortNewestFirst(versions)
	slices.SortFunc(others, func(a, b TagInfo) int { return strings.Compare(a.Name, b.Name) })

	out := make([]TagInfo, 0, len(tags))
	for _, vt := range versions {
		out = append(out, TagInfo{Name: vt.name, Class: precisionClass(vt.version), Version: vt.version.String(), Suffix: vt.version.Suffix})
	}
	return append(out, others...)
}

// Newest returns the newest version tag, of any precision, or "" when there is none. When track is
// given only tags of its suffix count (a non-version track has the empty suffix), so the answer is a
// tag of the same line family: for "3.12-slim", the newest "-slim" tag.
func Newest(tags []string, track string, c Classifier) string {
	suffix, useSuffix := "", track != ""
	if v, ok := versionOf(track, c); ok {
		suffix = v.Suffix
	}
	var best versionTag
	found := false
	for _, tag := range tags {
		v, ok := versionOf(tag, c)
		if !ok || useSuffix && v.Suffix != suffix {
			continue
		}
		cand := versionTag{tag, v}
		if !found || Compare(v, best.version) > 0 || Compare(v, best.version) == 0 && tag < best.name {
			best, found = cand, true
		}
	}
	return best.name
}

// Newer returns the tags of the same suffix and precision as track that are newer than it, newest
// first: what a template author could move to. For "20.04" among Ubuntu's tags that is every later
// two-component line, "24.04", "22.04" and also non-LTS lines such as "20.10", since the rules know
// nothing of a publisher's support policy. It is nil when track is not a version tag.
func Newer(tags []string, track string, c Classifier) []string {
	t, ok := versionOf(track, c)
	if !ok {
		return nil
	}
	var out []versionTag
	for _, tag := range tags {
		v, ok := versionOf(tag, c)
		if ok && v.Suffix == t.Suffix && v.Precision() == t.Precision() && compareNumeric(v, t) > 0 {
			out = append(out, versionTag{tag, v})
		}
	}
	sortNewestFirst(out)
	return tagNames(out)
}

// versionOf parses a tag that the classifier counts as a version (a rolling "1" is not one).
func versionOf(tag string, c Classifier) (Version, bool) {
	if tag == "" || c.isRolling(tag) {
		return Version{}, false
	}
	return ParseVersion(tag)
}
