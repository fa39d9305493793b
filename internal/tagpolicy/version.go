package tagpolicy

import (
	"strconv"
	"strings"
)

// maxComponentDigits bounds each numeric component. Nine digits always fit an int, so comparing can
// never overflow; a longer run of digits is a build number or a timestamp, not a release.
const maxComponentDigits = 9

// maxMajorDigits bounds the major component: a major of more than four digits is a date, a timestamp
// or a numeric SHA ("20240606", "12345678"), never a release, so such a tag is "other".
const maxMajorDigits = 4

// maxComponents is the most components a version has: "10.0.20348.2527" (Windows) has four.
const maxComponents = 4

// Version is the version a version tag names, split the way the tag rules read it:
// "12.6.0-debian-12-r5" is components [12 6 0], build "r5", suffix "debian-12"; "3.15.0a2" is
// [3 15 0] with prerelease "a2"; "noble-20240605" is codename "noble", the line 24.04, build 20240605.
// Components compare numerically ("20.04" is [20 4]) but String keeps the text as written.
type Version struct {
	Components []int  // one to four numbers: major, minor, patch and a fourth
	Prerelease string // "rc.1", "a2", "beta2"; "" for a release
	Build      string // "9", "1214.1717558146", "r5", "ls62", "20240605"; "" when the tag names no build
	Suffix     string // the compatibility line: what remains after the first "-"; "" when none
	Codename   string // "jammy" when the tag names its line by codename, else ""
	text       string // the numeric part as written (for a codename, its line), without "v"
	preText    string // the prerelease as written with its separator: "a2", "-rc.1"
}

// ParseVersion reads a version tag by the grammar of parseVersion, with the built-in codenames only
// (Classifier.Version adds a provider's own and leaves out its rolling set). It reports false for any
// other tag.
func ParseVersion(tag string) (Version, bool) {
	return parseVersion(tag, builtinCodename)
}

// parseVersion is the tag grammar of the rules, in reading order:
//
//	[v]N[.N[.N[.N]]]   or a codename ("jammy", "bookworm", "iron")
//	[prerelease]       glued ("3.15.0a2", "1.23rc2") or a first suffix token ("-rc.1", "-beta2")
//	[_N]               a build glued with "_" ("17.0.9_9")
//	[-suffix]          whose build, if any, is all of it when numeric ("-1", "-1214.1717558146"),
//	                   a numeric first token after a codename ("noble-20240605"), or a last token
//	                   rN / lsN ("-debian-12-r5", "-ls62"); the rest is the compatibility line.
//
// As in Renovate, the suffix marks compatibility: "1.3-alpine" and "1.4-alpine" are one line, "1.4"
// another. A date spelt with dashes ("2024-05-01") is not a version.
func parseVersion(tag string, codename func(string) (string, bool)) (Version, bool) {
	head, rest, hasRest := strings.Cut(tag, "-")
	if hasRest && !validSuffix(rest) {
		return Version{}, false
	}
	var v Version
	if line, ok := codename(head); ok {
		lv, _ := parseHead(line)
		v = Version{Components: lv.Components, Codename: head, text: lv.text}
	} else if h, ok := parseHead(strings.TrimPrefix(head, "v")); ok && head != "" {
		v = h
	} else {
		return Version{}, false
	}
	if !hasRest {
		return v, true
	}
	tokens := strings.Split(rest, "-")
	if v.Codename == "" && v.Prerelease == "" && v.Build == "" && len(tokens) > 1 && allDigits(tokens...) {
		return Version{}, false // "2024-05-01": a date, not version 2024 of line "05-01"
	}
	if v.Prerelease == "" && isPrerelease(tokens[0], dashPrereleases) {
		v.Prerelease, v.preText, tokens = tokens[0], "-"+tokens[0], tokens[1:]
	}
	if v.Build == "" && len(tokens) > 0 {
		last := tokens[len(tokens)-1]
		switch {
		case len(tokens) == 1 && numericDotted(tokens[0]):
			v.Build, tokens = tokens[0], nil
		case v.Codename != "" && allDigits(tokens[0]):
			v.Build, tokens = tokens[0], tokens[1:]
		case isBuildToken(last):
			v.Build, tokens = last, tokens[:len(tokens)-1]
		}
	}
	v.Suffix = strings.Join(tokens, "-")
	return v, true
}

// parseHead reads "N[.N[.N[.N]]]" with an optional glued prerelease on the last component and an
// optional "_N" build: "1.23rc2", "17.0.9_9".
func parseHead(s string) (Version, bool) {
	num, build, hasBuild := strings.Cut(s, "_")
	if hasBuild && !allDigits(build) {
		return Version{}, false
	}
	parts := strings.Split(num, ".")
	if len(parts) > maxComponents {
		return Version{}, false
	}
	v := Version{Build: build, Components: make([]int, len(parts))}
	last := parts[len(parts)-1]
	if i := strings.IndexFunc(last, func(r rune) bool { return r < '0' || r > '9' }); i > 0 {
		if !isPrerelease(last[i:], gluedPrereleases) {
			return Version{}, false
		}
		v.Prerelease, v.preText = last[i:], last[i:]
		parts[len(parts)-1] = last[:i]
		num = num[:len(num)-len(last)+i]
	}
	for i, p := range parts {
		limit := maxComponentDigits
		if i == 0 {
			limit = maxMajorDigits
		}
		if p == "" || len(p) > limit || !allDigits(p) {
			return Version{}, false
		}
		v.Components[i], _ = strconv.Atoi(p) // cannot fail: at most nine decimal digits
	}
	v.text = num
	return v, true
}

// The prerelease words: as a first suffix token ("-rc.1") and glued to the number ("3.15.0a2",
// Python's a/b/c and rc, Go's "1.23rc2"). The rank orders them: dev < alpha < beta < pre < rc.
var (
	dashPrereleases  = map[string]int{"dev": 0, "alpha": 1, "beta": 2, "pre": 3, "preview": 3, "rc": 4}
	gluedPrereleases = map[string]int{"dev": 0, "a": 1, "alpha": 1, "b": 2, "beta": 2, "pre": 3, "preview": 3, "c": 4, "rc": 4}
)

// isPrerelease reports whether s is a prerelease word with an optional number: "rc", "rc1", "rc.1".
func isPrerelease(s string, words map[string]int) bool {
	word, num := splitPrerelease(s)
	_, ok := words[word]
	return ok && (num == "" || allDigits(num))
}

// splitPrerelease splits "rc.1" into "rc" and "1".
func splitPrerelease(s string) (word, num string) {
	i := strings.IndexFunc(s, func(r rune) bool { return r < 'a' || r > 'z' })
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimPrefix(s[i:], ".")
}

// isBuildToken matches a trailing build token: bitnami's "r5", linuxserver's "ls62".
func isBuildToken(s string) bool {
	for _, p := range []string{"ls", "r"} {
		if n, ok := strings.CutPrefix(s, p); ok && allDigits(n) {
			return true
		}
	}
	return false
}

// numericDotted matches a purely numeric build such as "1214.1717558146".
func numericDotted(s string) bool {
	for _, p := range strings.Split(s, ".") {
		if !allDigits(p) {
			return false
		}
	}
	return true
}

// allDigits reports whether every string is a non-empty run of decimal digits.
func allDigits(ss ...string) bool {
	for _, s := range ss {
		if s == "" || strings.Trim(s, "0123456789") != "" {
			return false
		}
	}
	return true
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
// 3 or 4 for a patch tag. Tags of different precision follow different things and never compare.
func (v Version) Precision() int { return len(v.Components) }

// Class is the class of a version tag: a tag that names a build names one image of one version, so
// it is a patch tag whatever its precision ("9.4-1214"); otherwise one component is major, two
// minor, three or four patch.
func (v Version) Class() Class {
	if v.Build != "" {
		return ClassPatch
	}
	return [...]Class{ClassMajor, ClassMinor, ClassPatch, ClassPatch}[v.Precision()-1]
}

// String is the version the provider reports: the number as written without "v", suffix and build,
// with its prerelease ("v1.3.1-alpine" is "1.3.1", "3.15.0a2-slim" is "3.15.0a2", "1.2.3-rc.1" is
// "1.2.3-rc.1"); for a codename, the line it names ("jammy" is "22.04"), never the word.
func (v Version) String() string { return v.text + v.preText }

// Number is the number alone, as written: "1.2.3-rc.1" is "1.2.3".
func (v Version) Number() string { return v.text }

// component returns the i-th component, counting a missing one as 0 ("1.4" is 1.4.0).
func (v Version) component(i int) int {
	if i < len(v.Components) {
		return v.Components[i]
	}
	return 0
}

// Compare orders versions for reading, newest last: numerically, component by component (missing
// components count as 0); then a prerelease before its release, prereleases by word and number
// ("3.0.0-rc.1" < "3.0.0-rc.2" < "3.0.0"); then builds numerically ("1.25.3-1" < "1.25.3-2"), a tag
// without a build first; then the more precise as the greater, so a newest-first list reads
// "1.4.0", "1.4", "1". It ignores the "v", the codename and the suffix. It returns -1, 0 or +1.
func Compare(a, b Version) int {
	if c := compareRelease(a, b); c != 0 {
		return c
	}
	if c := compareBuild(a.Build, b.Build); c != 0 {
		return c
	}
	return sign(a.Precision() - b.Precision())
}

// compareRelease compares numbers and prereleases, so "1.4" and "1.4.0" are equal, and so are two
// builds of one version.
func compareRelease(a, b Version) int {
	if _, c := firstDifference(a, b); c != 0 {
		return c
	}
	return comparePrerelease(a.Prerelease, b.Prerelease)
}

// firstDifference returns the index of the first component where a and b differ, padding with zeros,
// and which way it goes (-1 when a is lower). It returns (-1, 0) for equal values.
func firstDifference(a, b Version) (index, cmp int) {
	for i := 0; i < maxComponents; i++ {
		if x, y := a.component(i), b.component(i); x != y {
			return i, sign(x - y)
		}
	}
	return -1, 0
}

// comparePrerelease orders prereleases by word rank, then number; a release ("") is above them all.
func comparePrerelease(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == "":
		return 1
	case b == "":
		return -1
	}
	wa, na := splitPrerelease(a)
	wb, nb := splitPrerelease(b)
	if c := sign(gluedPrereleases[wa] - gluedPrereleases[wb]); c != 0 {
		return c
	}
	return compareDigits(na, nb)
}

// compareBuild orders builds numerically piece by piece ("1214.1717558146", "r5", "ls62"); no build
// comes first.
func compareBuild(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == "":
		return -1
	case b == "":
		return 1
	}
	pa := strings.Split(strings.TrimLeft(a, "lsr"), ".")
	pb := strings.Split(strings.TrimLeft(b, "lsr"), ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		if c := compareDigits(pa[i], pb[i]); c != 0 {
			return c
		}
	}
	if c := sign(len(pa) - len(pb)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

// compareDigits compares decimal strings of any length without converting them, so a twelve-digit
// timestamp build cannot overflow; "" counts as 0.
func compareDigits(a, b string) int {
	a, b = strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
	if c := sign(len(a) - len(b)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
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
