package tagpolicy

import (
	"reflect"
	"testing"
)

var golangTags = []string{
	"latest", "1", "1.21", "1.21.9", "1.22", "1.22.0", "1.22.1", "1.22.2", "1.22-alpine", "1.22-alpine3.19",
	"1.22.2-alpine3.19", "1.22.1-alpine3.19", "1-alpine", "1.22.2-bookworm", "bookworm", "alpine", "2",
	"2.0", "2.0.0", "v1.22.3", "tip-20240501",
}

func TestCandidates(t *testing.T) {
	tests := []struct {
		tracked string
		max     int
		want    []string
	}{
		{"1", 0, []string{"v1.22.3", "1.22.2", "1.22.1", "1.22.0", "1.22", "1.21.9", "1.21"}},
		{"1", 3, []string{"v1.22.3", "1.22.2", "1.22.1"}},
		{"1.22", 0, []string{"v1.22.3", "1.22.2", "1.22.1", "1.22.0"}},
		{"1.21", 0, []string{"1.21.9"}},
		{"1.22-alpine3.19", 0, []string{"1.22.2-alpine3.19", "1.22.1-alpine3.19"}},
		{"1-alpine", 0, []string{"1.22-alpine"}}, // not 1.22-alpine3.19: another suffix, another line
		{"latest", 4, []string{"2.0.0", "2.0", "2", "v1.22.3"}},
		{"bookworm", 2, []string{"2.0.0", "2.0"}},
		{"1.22.2", 0, nil},
		{"3", 0, nil},
	}
	for _, tt := range tests {
		got := Candidates(tt.tracked, golangTags, Classifier{}, tt.max)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Candidates(%q, max %d) = %q, want %q", tt.tracked, tt.max, got, tt.want)
		}
	}
}

func TestResolvedVersion(t *testing.T) {
	for tag, want := range map[string]string{"v1.3.1": "1.3.1", "1.22-alpine3.19": "1.22", "20.04": "20.04", "latest": "", "main": ""} {
		if got := ResolvedVersion(tag); got != want {
			t.Errorf("ResolvedVersion(%q) = %q, want %q", tag, got, want)
		}
	}
}
