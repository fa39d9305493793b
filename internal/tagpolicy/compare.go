package tagpolicy

// Comparison is how one version tag relates to another, as the compare_tags function reports it.
type Comparison string

// The results of CompareTags.
const (
	ComparisonNone         Comparison = "none"         // the same version
	ComparisonPatch        Comparison = "patch"        // a higher patch release of the same minor
	ComparisonMinor        Comparison = "minor"        // a higher minor release of the same major
	ComparisonMajor        Comparison = "major"        // a higher major release
	ComparisonRollback     Comparison = "rollback"     // a lower version
	ComparisonIncompatible Comparison = "incompatible" // not two versions of one line
)

// levels names the component at each index of a version.
var levels = [3]Comparison{ComparisonMajor, ComparisonMinor, ComparisonPatch}

// CompareTags says what moving from one tag to another would be. Only tags of one line compare:
// both must be version tags with the same suffix ("1.3-alpine" and "1.4" are different lines) and
// the same precision ("v1" follows a major, "v1.3" a minor line: comparing them says nothing).
// Otherwise the result is "incompatible". The "v" does not matter: "v1.3" to "1.4" is "minor".
// It looks at the tags' shape only, so a rolling set does not apply.
func CompareTags(from, to string) Comparison {
	a, okA := ParseVersion(from)
	b, okB := ParseVersion(to)
	if !okA || !okB || a.Suffix != b.Suffix || a.Precision() != b.Precision() {
		return ComparisonIncompatible
	}
	i, c := firstDifference(b, a)
	switch {
	case c > 0:
		return levels[i]
	case c < 0:
		return ComparisonRollback
	}
	return ComparisonNone
}
