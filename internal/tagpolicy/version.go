package tagpolicy

import (
	"strconv"
	"strings"
)

// maxComponentDigits bounds each numeric component. Nine digits always fit an int, so comparing can
// never overflow; a longer run of digits is a build number or a timestamp, not a release, and such a
// tag is classified "other" rather than compared.
const maxComponentDigits = 9

// Version is the version a version tag names: "v1.3.1-alpine" is components [1 3 1] with suffix
// "alpine". Components compare numerically ("20.04" is [20 4]) but String keeps the text as written.
type Version struct {
	Components []int  // one to three numbers: major, minor, patch
	Suffix     string // everything after the first "-", "" when none
	text       string // the numeric part as written, without "v" and suffix
}

// ParseVersion reads a version tag: an optional "v", one to three dot-separated decimal components
// (leading zeros allowed) and an optional "-suffix". As in Renovate, the suffix is everything after
// the first "-" and marks compatibility: "1.3-alpine" and "1.4-alpine" are one line, "1.4" another,
// and "1.22-alpine3.19" is version 1.22 with suffix "alpine3.19". It reports false for any other tag.
func ParseVersion(tag string) (Version, bool) {
	s := strings.TrimPrefix(tag, "v")
	num, suffix, hasSuffix := strings.Cut(s, "-")
	if hasSuffix && !validSuffix(suffix) {
		return Version{}, false
	}
	parts := strings.Split(num, ".")
	if len(parts) > 3 {
		return Version{}, false
	}
	comps := make([]int, len(parts))
	for i, p := range parts {
		if p == "" || len(p) > maxComponentDigits || strings.Trim(p, "0123456789") != "" {
			return Version{}, false
		}
		comps[i], _ = strconv.Atoi(p) // cannot fail: at most nine decimal digits
	}
	return Version{Components: comps, Suffix: suffix, text: num}, true
}

// validSuffix keeps the suffix to tag characters, so that a version is always part of a valid tag.
func validSuffix(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && c != '_' && c != '.' && c != '-' {
			return false
		}
	}
	return true
}

// Precision is the number of components the tag spells out: 1 for a major tag, 2 for a minor tag,
// 3 for a patch tag. Tags of different precision follow different things and never compare.
func (v Version) Precision() int { return len(v.Components) }

// String is the numeric part as written, without "v" and suffix: "v1.3.1" is "1.3.1", "20.04-slim"
// is "20.04". This is the `version` the provider reports.
func (v Version) String() string { return v.text }

// component returns the i-th component, counting a missing one as 0 ("1.4" is 1.4.0).
func (v Version) component(i int) int {
	if i < len(v.Components) {
		return v.Components[i]
	}
	return 0
}

// Compare orders versions numerically, component by component, with missing components counting as
// 0; among numerically equal versions the more precise one is greater, so a newest-first list reads
// "1.4.0", "1.4", "1". It ignores the "v" and the suffix. It returns -1, 0 or +1.
func Compare(a, b Version) int {
	if c := compareNumeric(a, b); c != 0 {
		return c
	}
	return sign(a.Precision() - b.Precision())
}

// compareNumeric compares the values only, so "1.4" and "1.4.0" are equal.
func compareNumeric(a, b Version) int {
	_, c := firstDifference(a, b)
	return c
}

// firstDifference returns the index of the first component where a and b differ, padding with zeros,
// and which way it goes (-1 when a is lower). It returns (-1, 0) for equal values.
func firstDifference(a, b Version) (index, cmp int) {
	for i := 0; i < 3; i++ {
		if x, y := a.component(i), b.component(i); x != y {
			return i, sign(x - y)
		}
	}
	return -1, 0
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}
