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
	// the real-world shapes of the grammar: prereleases, builds, codenames, dates, four components
	"3.15.0a2", "1.23rc2", "2.0.0-beta2", "3.14-rc-alpine", "12.6.0-debian-12-r5", "4.38.0-ls236",
	"9.4-1214.1717558146", "17.0.9_9-jdk", "10.0.20348.2527", "20240606", "2024-05-01", "noble-20240605",
	"bookworm-20240612-slim", "iron-alpine", "lts-alpine", "stable-slim", "1.25.3-1", "3.14.1-202508210758",
	"1.2.3-rc.1-alpine", "v1.2.3_4", "1.2a", "1.2.3.4.5", "12345", "1234", "1.3_rc", "rc1", "latest-",
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
		info := Classifier{}.ParseTag(tag)
		class := info.Class
		v, ok := ParseVersion(tag)
		switch {
		case class == ClassRolling:
			word, _, _ := strings.Cut(tag, "-")
			if !contains(DefaultRollingTags, tag) && !contains(DefaultRollingTags, word) {
				t.Fatalf("%q is rolling but neither it nor its first word is in the rolling set", tag)
			}
		case ok != isVersionClass(class):
			t.Fatalf("%q: class %q but ParseVersion ok = %v", tag, class, ok)
		case ok && class != v.Class():
			t.Fatalf("%q: class %q for version %+v", tag, class, v)
		}
		if ok {
			checkVersionParts(t, tag, v)
		}
		if CompareTags(tag, tag) != ComparisonNone {
			t.Fatalf("CompareTags(%q, itself) = %q", tag, CompareTags(tag, tag))
		}
	})
}

// checkVersionParts checks that every part of a parsed version is as written in the tag, that a
// version never has more than four components nor a major of more than four digits, and that the
// version's own text parses back to the same number and prerelease.
func checkVersionParts(t *testing.T, tag string, v Version) {
	t.Helper()
	if v.Precision() < 1 || v.Precision() > maxComponents || v.Components[0] > 9999 {
		t.Fatalf("%q: components %v", tag, v.Components)
	}
	if v.Codename == "" && !strings.Contains(tag, v.String()) {
		t.Fatalf("%q: version %q is not as written", tag, v.String())
	}
	for _, part := range []string{v.Prerelease, v.Build, v.Suffix, v.Codename} {
		if !strings.Contains(tag, part) {
			t.Fatalf("%q: part %q is not as written", tag, part)
		}
	}
	again, ok := ParseVersion(v.String())
	if !ok || Compare(again, v) != 0 && compareRelease(again, v) != 0 {
		t.Fatalf("%q: version %q does not parse back (%+v)", tag, v.String(), again)
	}
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
		case ComparisonNone, ComparisonRebuild, ComparisonIncompatible:
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
			if ab == ComparisonNone || ab == ComparisonRebuild {
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

// FuzzCompareOrder checks that Compare is a consistent order over any two tags: antisymmetric, zero
// only for equal numbers, prereleases and builds, and that a prerelease sorts below its release.
func FuzzCompareOrder(f *testing.F) {
	for i, a := range seedTags {
		f.Add(a, seedTags[(i+7)%len(seedTags)])
	}
	f.Add("3.0.0-rc.1", "3.0.0")
	f.Add("1.25.3-1", "1.25.3-10")
	f.Add("9.4-1214.1717558146", "9.4-1214.2")
	f.Fuzz(func(t *testing.T, a, b string) {
		va, okA := ParseVersion(a)
		vb, okB := ParseVersion(b)
		if !okA || !okB {
			return
		}
		ab, ba := Compare(va, vb), Compare(vb, va)
		if ab != -ba {
			t.Fatalf("Compare(%q, %q) = %d but reversed = %d", a, b, ab, ba)
		}
		if ab == 0 && (va.Prerelease != vb.Prerelease && comparePrerelease(va.Prerelease, vb.Prerelease) != 0 || compareRelease(va, vb) != 0) {
			t.Fatalf("Compare(%q, %q) = 0 for different versions", a, b)
		}
		if va.Prerelease != "" {
			release := va
			release.Prerelease = ""
			if compareRelease(va, release) >= 0 {
				t.Fatalf("%q does not sort below its release", a)
			}
		}
	})
}

// FuzzVersionSearch checks that the search terminates, never asks for the same tag twice nor for the
// tracked tag itself, only asks for listed tags, and answers with the version of a tag that matched.
func FuzzVersionSearch(f *testing.F) {
	f.Add("latest", "25,25.2.1,24,24.11.1,24.11,lts", "24,24.11,24.11.1", uint8(3))
	f.Add("v1", "v1,v1.4.0,v1.4,v1.3.0,v2", "", uint8(0))
	f.Add("lts-alpine", "24-alpine,24.1.0-alpine,25.0.0", "24-alpine", uint8(1))
	f.Add("3.14-rc", "3.14.0rc2,3.14.0rc1,3.14.0", "3.14.0rc1", uint8(2))
	f.Fuzz(func(t *testing.T, tracked, list, matching string, seed uint8) {
		tags := strings.Split(list, ",")
		match := map[string]bool{}
		for _, m := range strings.Split(matching, ",") {
			match[m] = true
		}
		listed := map[string]bool{}
		for _, tag := range tags {
			listed[tag] = true
		}
		s := NewVersionSearch(tracked, tags, Classifier{})
		asked := map[string]bool{}
		for i := 0; ; i++ {
			tag, ok := s.Next()
			if !ok {
				break
			}
			if i > len(tags) || asked[tag] || tag == tracked || !listed[tag] {
				t.Fatalf("search for %q asked %q (step %d, asked before %v)", tracked, tag, i, asked[tag])
			}
			asked[tag] = true
			s.Report(match[tag] || seed%7 == uint8(i%7))
		}
		if s.Tag() != "" && !asked[s.Tag()] {
			t.Fatalf("search for %q answered with %q, which it never asked", tracked, s.Tag())
		}
	})
}
