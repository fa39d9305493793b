package tagpolicy

import (
	"reflect"
	"strings"
	"testing"
)

// seedTags are real tag conventions, shared by the fuzzers' corpora.
var seedTags = []string{
	"latest", "20.04", "jammy", "bookworm-slim", "1.22-alpine3.19", "20-bookworm-slim", "3.12.1-slim",
	"v1", "v1.3", "v1.3.1", "sha-1a2b3c4", "2024.05.01", "2024.05.01.1", "main", "007", "1.0.0-rc.1",
	"999999999", "9999999999", "v", "-1", "1-", "",
}

// FuzzParseReference checks that parsing never panics, that errors are always *ReferenceError, and
// that a parsed reference's String parses back to the same reference.
func FuzzParseReference(f *testing.F) {
	for _, s := range []string{
		"ubuntu", "ubuntu:20.04", "ubuntu:20.04@" + sha, "ubuntu@" + sha, "docker.io/library/ubuntu",
		"registry.acme.internal:5000/acme/platform/golang:v1", "localhost:5000/app", "localhost:5000",
		"[::1]:5000/app:v1", "Acme/App", "ubuntu::20.04", "a//b", "https://ghcr.io/x", "ubuntu@sha256:abc",
		"127.0.0.1:5000/a/b:c", "REG.io/x", "a:b/c", "[", "@", ":", "/",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ref, err := ParseReference(s)
		if err != nil {
			// The contract is the exact type, not one somewhere in a chain.
			if reflect.TypeOf(err) != reflect.TypeFor[*ReferenceError]() {
				t.Fatalf("ParseReference(%q) error %T is not *ReferenceError", s, err)
			}
			return
		}
		again, err := ParseReference(ref.String())
		if err != nil {
			t.Fatalf("ParseReference(%q).String() = %q does not parse: %v", s, ref.String(), err)
		}
		if !reflect.DeepEqual(again, ref) {
			t.Fatalf("round trip of %q: %+v != %+v", s, again, ref)
		}
		if ref.Registry != ref.Host && ref.Registry != ref.Host+":"+ref.Port {
			t.Fatalf("%q: registry %q is not host %q [:port %q]", s, ref.Registry, ref.Host, ref.Port)
		}
		if ref.Tag == "" && ref.Digest == "" {
			t.Fatalf("%q: neither tag nor digest", s)
		}
	})
}

// FuzzClassifyTag checks that classification never panics and agrees with ParseVersion.
func FuzzClassifyTag(f *testing.F) {
	for _, s := range seedTags {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, tag string) {
		class := Classifier{}.ClassifyTag(tag)
		v, ok := ParseVersion(tag)
		switch {
		case class == ClassRolling:
			if !contains(DefaultRollingTags, tag) {
				t.Fatalf("%q is rolling but not in the rolling set", tag)
			}
		case ok != isVersionClass(class):
			t.Fatalf("%q: class %q but ParseVersion ok = %v", tag, class, ok)
		case ok && class != [...]Class{ClassMajor, ClassMinor, ClassPatch}[v.Precision()-1]:
			t.Fatalf("%q: class %q for precision %d", tag, class, v.Precision())
		}
		if ok && !strings.Contains(tag, v.String()) {
			t.Fatalf("%q: version %q is not as written", tag, v.String())
		}
		if CompareTags(tag, tag) != map[bool]Comparison{true: ComparisonNone, false: ComparisonIncompatible}[ok] {
			t.Fatalf("CompareTags(%q, itself) = %q", tag, CompareTags(tag, tag))
		}
	})
}

// FuzzCompareTags checks that comparison is antisymmetric: an upgrade one way is a rollback the
// other, and none and incompatible are symmetric.
func FuzzCompareTags(f *testing.F) {
	for i, a := range seedTags {
		f.Add(a, seedTags[(i+3)%len(seedTags)])
	}
	f.Add("v1.3", "1.4")
	f.Add("20.04", "20.10")
	f.Add("1.22-alpine3.19", "1.23-alpine3.19")
	f.Fuzz(func(t *testing.T, a, b string) {
		ab, ba := CompareTags(a, b), CompareTags(b, a)
		switch ab {
		case ComparisonPatch, ComparisonMinor, ComparisonMajor:
			if ba != ComparisonRollback {
				t.Fatalf("CompareTags(%q, %q) = %q but reversed = %q", a, b, ab, ba)
			}
		case ComparisonRollback:
			if ba != ComparisonPatch && ba != ComparisonMinor && ba != ComparisonMajor {
				t.Fatalf("CompareTags(%q, %q) = rollback but reversed = %q", a, b, ba)
			}
		case ComparisonNone, ComparisonIncompatible:
			if ba != ab {
				t.Fatalf("CompareTags(%q, %q) = %q but reversed = %q", a, b, ab, ba)
			}
		default:
			t.Fatalf("CompareTags(%q, %q) = unknown %q", a, b, ab)
		}
		// Decide must agree with the comparison on a moved digest.
		if ab != ComparisonIncompatible {
			d := Decide(DecideInput{Class: ClassMajor, PinnedDigest: sha, PinnedVersion: a, CurrentDigest: sha2, CurrentVersion: b})
			want := UpdateKind(ab)
			if ab == ComparisonNone {
				want = UpdateRebuild
			}
			if !d.Due || d.Kind != want {
				t.Fatalf("Decide(%q -> %q) = %+v, CompareTags says %q", a, b, d, ab)
			}
		}
	})
}

// FuzzParseScheme checks that parsing and matching never panic, that a parsed scheme keeps its
// template, and that Match and Explain agree.
func FuzzParseScheme(f *testing.F) {
	for _, s := range []string{
		DefaultScheme, "{registry}/{software}:{tag}", "registry.acme.internal:5000/{a}/{b?}:{version}",
		"{registry}/{a?}/{b?}/{c?}/{d}:x", "{registry}/{", "}", "{registry}/{software}", "a/b:c", ":", "/:",
		"{registry}/{a}/{a}:{b}", "{registry}/{host}:{tag}", "[::1]:5000/{x}:{y}",
	} {
		f.Add(s, "registry.acme.internal:5000/acme/platform/golang:v1")
	}
	f.Add(DefaultScheme, "ubuntu:20.04@"+sha)
	f.Add("{registry}/{a?}/{b?}/{c?}/{d?}/{e}:{tag}", "a.io/b/c/d/e:f")
	f.Fuzz(func(t *testing.T, tmpl, refStr string) {
		s, err := ParseScheme(tmpl)
		if err != nil {
			if reflect.TypeOf(err) != reflect.TypeFor[*SchemeError]() {
				t.Fatalf("ParseScheme(%q) error %T is not *SchemeError", tmpl, err)
			}
			return
		}
		if s.String() != tmpl {
			t.Fatalf("String() = %q, want %q", s.String(), tmpl)
		}
		ref, err := ParseReference(refStr)
		if err != nil {
			return
		}
		fields, ok := s.Match(ref, Classifier{})
		reason := s.Explain(ref, Classifier{})
		if ok != (reason == "") || ok != (fields != nil) {
			t.Fatalf("Match(%q, %q) = %v but Explain = %q", tmpl, refStr, ok, reason)
		}
	})
}
