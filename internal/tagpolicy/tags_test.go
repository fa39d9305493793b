package tagpolicy

import (
	"fmt"
	"math/rand"
	"reflect"
	"testing"
)

var ubuntuTags = []string{"latest", "jammy", "noble", "18.04", "20.04", "20.10", "22.04", "24.04", "24.04-minimal", "rolling", "v20.10", "focal-20240530"}

func TestSortTags(t *testing.T) {
	got := SortTags(ubuntuTags, Classifier{})
	want := []TagInfo{
		{"24.04", ClassMinor, "24.04", "", "", ""},
		{"24.04-minimal", ClassMinor, "24.04", "minimal", "", ""},
		{"noble", ClassMinor, "24.04", "", "", ""},
		{"22.04", ClassMinor, "22.04", "", "", ""},
		{"jammy", ClassMinor, "22.04", "", "", ""},
		{"20.10", ClassMinor, "20.10", "", "", ""},
		{"v20.10", ClassMinor, "20.10", "", "", ""},
		{"focal-20240530", ClassPatch, "20.04", "", "", "20240530"},
		{"20.04", ClassMinor, "20.04", "", "", ""},
		{"18.04", ClassMinor, "18.04", "", "", ""},
		{"latest", ClassRolling, "", "", "", ""},
		{"rolling", ClassRolling, "", "", "", ""},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("SortTags = %+v\nwant %+v", got, want)
	}
	if got := SortTags(nil, Classifier{}); len(got) != 0 {
		t.Errorf("SortTags(nil) = %v", got)
	}
}

func TestSortTagsPrecision(t *testing.T) {
	got := SortTags([]string{"1", "1.4", "1.4.0", "1.3.9", "v1.4.0"}, Classifier{})
	var names []string
	for _, ti := range got {
		names = append(names, ti.Name)
	}
	if want := []string{"1.4.0", "v1.4.0", "1.4", "1.3.9", "1"}; !reflect.DeepEqual(names, want) {
		t.Errorf("SortTags order = %q, want %q", names, want)
	}
}

func TestNewestAndNewer(t *testing.T) {
	tests := []struct {
		tags   []string
		track  string
		newest string
		newer  []string
	}{
		{ubuntuTags, "20.04", "24.04", []string{"24.04", "22.04", "20.10", "v20.10"}},
		{ubuntuTags, "24.04", "24.04", nil},
		{ubuntuTags, "24.04-minimal", "24.04-minimal", nil},
		{ubuntuTags, "", "24.04", nil},
		{ubuntuTags, "latest", "24.04", nil},
		{golangTags, "1.21", "2.0.0", []string{"2.0", "1.22"}},
		{golangTags, "1", "2.0.0", []string{"2"}},
		{golangTags, "1.22.1-alpine3.19", "1.22.2-alpine3.19", []string{"1.22.2-alpine3.19"}},
		{golangTags, "1-alpine", "1.22-alpine", nil},
		{[]string{"main", "latest"}, "", "", nil},
		{[]string{"3.12.1-slim", "3.12-slim", "3.13.0-slim", "3.13.0"}, "3.12-slim", "3.13.0-slim", nil},
		{[]string{"3.12.1-slim", "3.12-slim", "3.13.0-slim", "3.13.0"}, "3.12.1-slim", "3.13.0-slim", []string{"3.13.0-slim"}},
	}
	for _, tt := range tests {
		if got := Newest(tt.tags, tt.track, Classifier{}, false); got != tt.newest {
			t.Errorf("Newest(track %q) = %q, want %q", tt.track, got, tt.newest)
		}
		if got := Newer(tt.tags, tt.track, Classifier{}, false); !reflect.DeepEqual(got, tt.newer) {
			t.Errorf("Newer(track %q) = %q, want %q", tt.track, got, tt.newer)
		}
	}
}

// tags10k is a repository the size of a busy CI registry: versions of several precisions and
// suffixes, commit tags and branch tags, in registry (lexical) order.
func tags10k() []string {
	r := rand.New(rand.NewSource(1))
	suffixes := []string{"", "-alpine", "-bookworm-slim", "-alpine3.19"}
	tags := make([]string, 0, 10000)
	for len(tags) < 10000 {
		switch r.Intn(5) {
		case 0:
			tags = append(tags, fmt.Sprintf("sha-%07x", r.Intn(1<<28)))
		case 1:
			tags = append(tags, fmt.Sprintf("v%d.%d%s", r.Intn(5), r.Intn(30), suffixes[r.Intn(4)]))
		default:
			tags = append(tags, fmt.Sprintf("%d.%d.%d%s", r.Intn(5), r.Intn(30), r.Intn(40), suffixes[r.Intn(4)]))
		}
	}
	return tags
}

func BenchmarkSortTags10k(b *testing.B) {
	tags := tags10k()
	b.ReportAllocs()
	for b.Loop() {
		SortTags(tags, Classifier{})
	}
}
