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

// TestSortTagsRealWorld orders the real-world shapes: prereleases before their release, builds of
// one version by number, four components after three, dates and SHAs among the other tags.
func TestSortTagsRealWorld(t *testing.T) {
	tests := []struct {
		name string
		tags []string
		want []string
	}{
		{"semver prereleases", []string{"v2.0.0-rc.1", "v2.0.0", "v2.0.0-rc.2", "v2.0.0-beta.3", "v1.9.0", "v2.0.0-alpha", "v2.0.0-rc.10"},
			[]string{"v2.0.0", "v2.0.0-rc.10", "v2.0.0-rc.2", "v2.0.0-rc.1", "v2.0.0-beta.3", "v2.0.0-alpha", "v1.9.0"}},
		{"python prereleases", []string{"3.15.0a2", "3.14.0", "3.15.0a10", "3.15.0b1", "3.15.0rc1", "3.14.0rc2"},
			[]string{"3.15.0rc1", "3.15.0b1", "3.15.0a10", "3.15.0a2", "3.14.0", "3.14.0rc2"}},
		{"builds", []string{"1.25.3-1", "1.25.3-10", "1.25.3-2", "1.25.3", "1.25.4"},
			[]string{"1.25.4", "1.25.3-10", "1.25.3-2", "1.25.3-1", "1.25.3"}},
		{"bitnami", []string{"12.6.0-debian-12-r5", "12.6.0-debian-12-r10", "12.5.0-debian-12-r20", "12.6.0"},
			[]string{"12.6.0-debian-12-r10", "12.6.0-debian-12-r5", "12.6.0", "12.5.0-debian-12-r20"}},
		{"ubi", []string{"9.4-1214.1717558146", "9.4-1214", "9.4", "9.4-1227", "9.3-1610"},
			[]string{"9.4-1227", "9.4-1214.1717558146", "9.4-1214", "9.4", "9.3-1610"}},
		{"windows", []string{"10.0.20348.2527", "10.0.17763.6054", "10.0.20348.2582", "10.0.20348"},
			[]string{"10.0.20348.2582", "10.0.20348.2527", "10.0.20348", "10.0.17763.6054"}},
		{"dates and SHAs are others", []string{"20240606", "3.20", "2024-05-01", "12345678", "sha-1a2b3c4", "edge", "3.19.1"},
			[]string{"3.20", "3.19.1", "12345678", "2024-05-01", "20240606", "edge", "sha-1a2b3c4"}},
		{"codenames among numbers", []string{"bookworm", "12", "bullseye", "12.5", "trixie-slim", "sid"},
			[]string{"trixie-slim", "12.5", "12", "bookworm", "bullseye", "sid"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, ti := range SortTags(tt.tags, Classifier{}) {
				got = append(got, ti.Name)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("SortTags = %q\nwant %q", got, tt.want)
			}
		})
	}
}

// A repository the way registries really fill one: releases next to prereleases, dates, SHAs,
// signatures and codenames. newest is the newest release; newer follows the track's own line.
var pythonLikeTags = []string{
	"3.15.0a2", "3.14.0", "3.14.0rc2", "3.14", "3.13.5", "3.13", "3", "20240606", "2024-05-01", "12345678",
	"sha-1a2b3c4", "3.14.0-slim", "3.15.0a2-slim", "3.13.5-slim", "latest", "rc", "3.14-rc",
}

func TestNewestAndNewerRealWorld(t *testing.T) {
	tests := []struct {
		tags        []string
		track       string
		prereleases bool
		newest      string
		newer       []string
	}{
		{pythonLikeTags, "", false, "3.14.0", nil},
		{pythonLikeTags, "", true, "3.15.0a2", nil},
		{pythonLikeTags, "v1.9.0", false, "3.14.0", []string{"3.14.0", "3.13.5"}},
		{pythonLikeTags, "3.13.5-slim", false, "3.14.0-slim", []string{"3.14.0-slim"}},
		{pythonLikeTags, "3.13.5-slim", true, "3.15.0a2-slim", []string{"3.15.0a2-slim", "3.14.0-slim"}},
		{pythonLikeTags, "3.14.0rc2", false, "3.14.0", []string{"3.14.0"}},
		{[]string{"focal", "jammy", "noble", "24.04", "22.04", "jammy-20240530", "rolling"}, "jammy", false, "noble", []string{"noble"}},
		{[]string{"focal", "jammy", "noble", "oracular", "24.04"}, "focal", false, "oracular", []string{"oracular", "noble", "jammy"}},
		{[]string{"bookworm-slim", "bullseye-slim", "trixie-slim", "bookworm", "12-slim"}, "bullseye-slim", false, "trixie-slim", []string{"trixie-slim", "bookworm-slim"}},
		{[]string{"iron-alpine", "jod-alpine", "22.3.0-alpine", "lts-alpine"}, "lts-alpine", false, "22.3.0-alpine", nil},
		{[]string{"1.25.3-1", "1.25.3-2", "1.25.4-1"}, "1.25.3-1", false, "1.25.4-1", []string{"1.25.4-1", "1.25.3-2"}},
		{[]string{"20240606", "20240701", "12345678", "edge"}, "", false, "", nil},
	}
	for _, tt := range tests {
		if got := Newest(tt.tags, tt.track, Classifier{}, tt.prereleases); got != tt.newest {
			t.Errorf("Newest(track %q, prereleases %v) = %q, want %q", tt.track, tt.prereleases, got, tt.newest)
		}
		if got := Newer(tt.tags, tt.track, Classifier{}, tt.prereleases); !reflect.DeepEqual(got, tt.newer) {
			t.Errorf("Newer(track %q, prereleases %v) = %q, want %q", tt.track, tt.prereleases, got, tt.newer)
		}
	}
}

func TestIsSignatureTag(t *testing.T) {
	hex := "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	for tag, want := range map[string]bool{
		"sha256-" + hex: true, "sha256-" + hex + ".sig": true, "sha256-" + hex + ".att": true, "sha256-" + hex + ".sbom": true,
		"sha256-" + hex + ".foo": false, "sha256-" + hex[:63] + ".sig": false, "sha256-" + hex + "0": false,
		"sha-1a2b3c4": false, "latest": false, "sha256-" + hex[:60] + "ABCD": false,
	} {
		if got := IsSignatureTag(tag); got != want {
			t.Errorf("IsSignatureTag(%q) = %v, want %v", tag, got, want)
		}
	}
}

func TestWithCodenames(t *testing.T) {
	c, err := Classifier{}.WithCodenames(map[string]string{"plucky": "25.04", "jammy": "22.04", "forky": "14"})
	if err != nil {
		t.Fatal(err)
	}
	for tag, want := range map[string]TagInfo{
		"plucky":          {Name: "plucky", Class: ClassMinor, Version: "25.04"},
		"plucky-20250401": {Name: "plucky-20250401", Class: ClassPatch, Version: "25.04", Build: "20250401"},
		"noble":           {Name: "noble", Class: ClassMinor, Version: "24.04"},
	} {
		if got := c.ParseTag(tag); got != want {
			t.Errorf("ParseTag(%q) = %+v, want %+v", tag, got, want)
		}
	}
	if got := Newer([]string{"noble", "plucky", "jammy"}, "jammy", c, false); !reflect.DeepEqual(got, []string{"plucky", "noble"}) {
		t.Errorf("Newer(jammy) = %q", got)
	}
	if got := (Classifier{}).ClassifyTag("plucky"); got != ClassOther {
		t.Errorf("the zero classifier knows plucky: %q", got)
	}
	for _, bad := range []map[string]string{{"Plucky": "25.04"}, {"plucky": "25.04.1"}, {"plucky": "x"}, {"plucky-slim": "25.04"}, {"p1": "1"}} {
		if _, err := (Classifier{}).WithCodenames(bad); err == nil {
			t.Errorf("WithCodenames(%v) accepted", bad)
		}
	}
}
