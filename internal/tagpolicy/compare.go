package tagpolicy

// Comparison is how one version tag relates to another, as the compare_tags function reports it.
type Comparison string

// The results of CompareTags. The movements share their names with the update kinds.
const (
	ComparisonNone         Comparison = "none"         // the same version, the same tag included
	ComparisonRebuild      Comparison = "rebuild"      // the same version, another build
	ComparisonPatch        Comparison = "patch"        // a higher patch release, fourth component or prerelease
	ComparisonMinor        Comparison = "minor"        // a higher minor release of the same major
	ComparisonMajor        Comparison = "major"        // a higher major release
	ComparisonRollback     Comparison = "rollback"     // a lower version
	ComparisonIncompatible Comparison = "incompatible" // not two versions of one line
)

// CompareTags says what moving from one tag to another would be. The same tag is always "none".
// Otherwise only tags of one line compare: both version tags with the same suffix ("1.3-alpine" and
// "1.4" are different lines), of the same precision ("v1" follows a major, "v1.3" a minor line;
// three and four components are both patch precision), both naming a build or neither, and both
// spelt as numbers or both as codenames ("focal" to "jammy" is "major"). Otherwise the result is
// "incompatible". The "v" does not matter: "v1.3" to "1.4" is "minor". Equal versions are "none",
// or "rebuild" when only the build differs ("1.25.3-1" to "1.25.3-2"). It looks at the tags' shape
// and the built-in codenames only, so a provider's rolling set and codenames do not apply.
func CompareTags(from, to string) Comparison {
	if from == to {
		return ComparisonNone
	}
	a, okA := ParseVersion(from)
	b, okB := ParseVersion(to)
	if !okA || !okB || !sameLine(a, b) {
		return ComparisonIncompatible
	}
	m := move(a, b)
	if m == ComparisonRebuild && a.Build == b.Build {
		return ComparisonNone
	}
	return m
}

// sameLine reports whether two versions are on one line, so that comparing them says something.
func sameLine(a, b Version) bool {
	return a.Suffix == b.Suffix && precisionGroup(a) == precisionGroup(b) &&
		(a.Build == "") == (b.Build == "") && (a.Codename == "") == (b.Codename == "")
}

// precisionGroup is 1, 2 or 3: three and four components are both patch precision.
func precisionGroup(v Version) int { return min(v.Precision(), 3) }
