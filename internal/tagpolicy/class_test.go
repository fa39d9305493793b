package tagpolicy

import "testing"

func TestClassifyTag(t *testing.T) {
	tests := []struct {
		tag  string
		want Class
	}{
		{"latest", ClassRolling},
		{"rolling", ClassRolling},
		{"stable", ClassRolling},
		{"edge", ClassRolling},
		{"nightly", ClassRolling},
		{"lts", ClassRolling},
		{"Latest", ClassOther},
		{"v1", ClassMajor},
		{"1", ClassMajor},
		{"3-alpine", ClassMajor},
		{"20-bookworm-slim", ClassMajor},
		{"v1.3", ClassMinor},
		{"20.04", ClassMinor},
		{"3.12-slim", ClassMinor},
		{"1.22-alpine3.19", ClassMinor},
		{"v1.3.1", ClassPatch},
		{"1.25.3-bookworm", ClassPatch},
		{"3.12.1-slim", ClassPatch},
		{"2024.05.01", ClassPatch},
		{"2024.05.01.1", ClassPatch},
		{"main", ClassOther},
		{"sha-1a2b3c4", ClassOther},
		{"jammy", ClassMinor},
		{"bookworm-slim", ClassMajor},
		{"latest-alpine", ClassRolling},
	}
	var c Classifier
	for _, tt := range tests {
		if got := c.ClassifyTag(tt.tag); got != tt.want {
			t.Errorf("ClassifyTag(%q) = %q, want %q", tt.tag, got, tt.want)
		}
	}
}

func TestCustomRollingSet(t *testing.T) {
	c := NewClassifier([]string{"prod", "1"})
	for tag, want := range map[string]Class{"prod": ClassRolling, "1": ClassRolling, "latest": ClassOther, "v1": ClassMajor} {
		if got := c.ClassifyTag(tag); got != want {
			t.Errorf("custom ClassifyTag(%q) = %q, want %q", tag, got, want)
		}
	}
	if got := NewClassifier([]string{}).ClassifyTag("latest"); got != ClassOther {
		t.Errorf("empty rolling set: latest = %q, want other", got)
	}
	if got := NewClassifier(nil).ClassifyTag("latest"); got != ClassRolling {
		t.Errorf("nil rolling set: latest = %q, want rolling", got)
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		ref  string
		want Class
	}{
		{"ubuntu", ClassRolling},
		{"ubuntu:20.04", ClassMinor},
		{"ubuntu@" + sha, ClassDigest},
		{"ubuntu:20.04@" + sha, ClassDigest},
		{"registry.acme.internal:5000/acme/platform/golang:v1", ClassMajor},
		{"ghcr.io/acme/app:main", ClassOther},
	}
	var c Classifier
	for _, tt := range tests {
		ref, err := ParseReference(tt.ref)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Classify(ref); got != tt.want {
			t.Errorf("Classify(%q) = %q, want %q", tt.ref, got, tt.want)
		}
	}
}
