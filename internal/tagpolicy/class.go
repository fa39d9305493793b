package tagpolicy

import "strings"

// Class is what a reference follows, and so when it is due for a rebuild (see rules.go).
type Class string

// The classes of Coder's image-tag guidance.
const (
	ClassRolling Class = "rolling" // latest, stable, …: whatever the publisher points it at
	ClassMajor   Class = "major"   // v1, 1, 3-alpine: the newest build of that major
	ClassMinor   Class = "minor"   // v1.3, 20.04, 3.12-slim: the newest build of that line
	ClassPatch   Class = "patch"   // v1.3.1, 1.25.3-bookworm: one release
	ClassDigest  Class = "digest"  // repo@sha256:…: nothing; it never changes
	ClassOther   Class = "other"   // main, sha-1a2b3c, 20240606: unknown
)

// Classes lists every class, in the order the guidance presents them.
func Classes() []Class {
	return []Class{ClassRolling, ClassMajor, ClassMinor, ClassPatch, ClassDigest, ClassOther}
}

// DefaultRollingTags are the tags publishers move across releases, major ones included.
var DefaultRollingTags = []string{"latest", "rolling", "stable", "edge", "nightly", "lts"}

var defaultRolling = toSet(DefaultRollingTags)

// Classifier classifies tags against a rolling set and a codename table. The zero value uses
// DefaultRollingTags and the built-in codenames.
type Classifier struct {
	rolling   map[string]struct{}
	custom    bool
	codenames map[string]string // added to the built-in table (see WithCodenames)
}

// NewClassifier returns a Classifier for the given rolling set (matched exactly, case-sensitively).
// A nil set means DefaultRollingTags; an empty non-nil set means no tag is rolling.
func NewClassifier(rolling []string) Classifier {
	if rolling == nil {
		return Classifier{}
	}
	return Classifier{rolling: toSet(rolling), custom: true}
}

func (c Classifier) isRolling(tag string) bool {
	set := defaultRolling
	if c.custom {
		set = c.rolling
	}
	_, ok := set[tag]
	return ok
}

// Version reads a tag the classifier counts as a version (a tag in the rolling set is not one), with
// the classifier's codenames. See parseVersion for the grammar.
func (c Classifier) Version(tag string) (Version, bool) {
	if tag == "" || c.isRolling(tag) {
		return Version{}, false
	}
	return parseVersion(tag, c.codename)
}

// rollingSuffix reports whether the tag is a rolling tag with a suffix ("lts-alpine", "stable-slim")
// and returns the suffix: the line the rolling tag moves along.
func (c Classifier) rollingSuffix(tag string) (string, bool) {
	word, suffix, ok := strings.Cut(tag, "-")
	if !ok || !c.isRolling(word) || !validSuffix(suffix) {
		return "", false
	}
	return suffix, true
}

// isVersionClass reports whether tags of the class name a version.
func isVersionClass(c Class) bool {
	return c == ClassMajor || c == ClassMinor || c == ClassPatch
}

func toSet(items []string) map[string]struct{} {
	set := make(map[string]struct{}, len(items))
	for _, s := range items {
		set[s] = struct{}{}
	}
	return set
}
