package tagpolicy

import (
	"fmt"
	"reflect"
	"testing"
)

var golangTags = []string{
	"latest", "1", "1.21", "1.21.9", "1.22", "1.22.0", "1.22.1", "1.22.2", "1.22-alpine", "1.22-alpine3.19",
	"1.22.2-alpine3.19", "1.22.1-alpine3.19", "1-alpine", "1.22.2-bookworm", "bookworm", "alpine", "2",
	"2.0", "2.0.0", "v1.22.3", "tip-20240501",
}

// runSearch plays the search against a repository whose tags point at digests, the way the provider
// does against a registry, and returns the version found and the tags it HEADed in order.
func runSearch(tracked string, digests map[string]string, budget int) (version string, probes []string) {
	tags := make([]string, 0, len(digests))
	for t := range digests {
		tags = append(tags, t)
	}
	s := NewVersionSearch(tracked, tags, Classifier{})
	for len(probes) < budget {
		tag, ok := s.Next()
		if !ok {
			break
		}
		probes = append(probes, tag)
		s.Report(digests[tag] == digests[tracked])
	}
	return s.Version(), probes
}

// repo builds a tag → digest map: each group of tags shares one digest.
func repo(groups ...[]string) map[string]string {
	m := map[string]string{}
	for i, g := range groups {
		for _, t := range g {
			m[t] = fmt.Sprintf("sha256:%02d", i)
		}
	}
	return m
}

func TestVersionSearch(t *testing.T) {
	// node-like: lts is on 24.x while 25.x exists, with many newer tags than the one it points at.
	node := repo(
		[]string{"latest", "25", "25.2", "25.2.1"}, []string{"25.2.0"}, []string{"25.1", "25.1.0"}, []string{"25.0", "25.0.0"},
		[]string{"lts", "24", "24.11", "24.11.1"}, []string{"24.11.0"}, []string{"24.10", "24.10.0"},
		[]string{"22", "22.12", "22.12.0"}, []string{"lts-alpine", "24-alpine", "24.11-alpine", "24.11.1-alpine"},
		[]string{"25-alpine", "25.2.1-alpine", "latest-alpine"}, []string{"26.0.0-rc.1"}, []string{"20240606"},
	)
	// no moving major tags: latest moved from 1.x to 2.0.0, five newer 3.x tags exist.
	bare := repo(
		[]string{"3.2.0"}, []string{"3.1.1"}, []string{"3.1.0"}, []string{"3.0.1"}, []string{"3.0.0"},
		[]string{"latest", "2.0.0"}, []string{"1.9.0"}, []string{"1.8.0"}, []string{"12345678"}, []string{"sha256-abc.sig"},
	)
	// v1 rebuilt with no new tag: nothing shares its digest.
	rebuilt := repo([]string{"v1"}, []string{"v1.4.0", "v1.4"}, []string{"v1.3.0"}, []string{"v2", "v2.0.0"})
	// a latest that lags: it is on 1.8.0, neither the newest of its major nor under a moving tag.
	lag := repo([]string{"1.9.0"}, []string{"latest", "1.8.0"}, []string{"1.7.0"}, []string{"2.0.0"})
	tests := []struct {
		name, tracked string
		digests       map[string]string
		budget        int
		version       string
		probes        []string
	}{
		{"lts found by major then narrowing", "lts", node, 10, "24.11.1", []string{"25", "24", "24.11", "24.11.1"}},
		{"latest on the newest major", "latest", node, 10, "25.2.1", []string{"25", "25.2", "25.2.1"}},
		{"lts-alpine among -alpine tags", "lts-alpine", node, 10, "24.11.1", []string{"25-alpine", "24-alpine", "24.11-alpine", "24.11.1-alpine"}},
		{"moving major tag narrows", "24", node, 10, "24.11.1", []string{"24.11", "24.11.1"}},
		{"budget spent keeps what matched", "lts", node, 3, "24.11", []string{"25", "24", "24.11"}},
		{"no moving tags: newest of each major", "latest", bare, 10, "2.0.0", []string{"3.2.0", "2.0.0"}},
		{"no match: unknown, never its own 1", "v1", rebuilt, 10, "", []string{"v1.4", "v1.3.0", "v1.4.0"}},
		{"lagging latest: the rest newest first", "latest", lag, 10, "1.8.0", []string{"2.0.0", "1.9.0", "1.8.0"}},
		{"patch tag: no search", "24.11.1", node, 10, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			version, probes := runSearch(tt.tracked, tt.digests, tt.budget)
			if version != tt.version || !reflect.DeepEqual(probes, tt.probes) {
				t.Errorf("search for %q = %q after %q, want %q after %q", tt.tracked, version, probes, tt.version, tt.probes)
			}
		})
	}
}

// TestVersionSearchScope lists which tags take part, in the order the rest phase would HEAD them.
func TestVersionSearchScope(t *testing.T) {
	tests := []struct {
		tracked string
		tags    []string
		want    []string
	}{
		{"1", golangTags, []string{"v1.22.3", "1.22.2", "1.22.1", "1.22.0", "1.22", "1.21.9", "1.21"}},
		{"1.22", golangTags, []string{"v1.22.3", "1.22.2", "1.22.1", "1.22.0"}},
		{"1.22-alpine3.19", golangTags, []string{"1.22.2-alpine3.19", "1.22.1-alpine3.19"}},
		{"1-alpine", golangTags, []string{"1.22-alpine"}}, // not 1.22-alpine3.19: another suffix, another line
		{"latest", golangTags, []string{"2.0.0", "2.0", "2", "v1.22.3", "1.22.2", "1.22.1", "1.22.0", "1.22", "1.21.9", "1.21", "1"}},
		{"latest", []string{"3.0.0-rc.1", "2.1.0", "2.1.0-1", "20240606", "2024-05-01", "sha-1a2b", "jammy"}, []string{"2.1.0"}},
		{"3.14-rc", []string{"3.14.0rc2", "3.14.0rc1", "3.14.0", "3.13.1"}, []string{"3.14.0", "3.14.0rc2", "3.14.0rc1"}},
		{"3.14", []string{"3.14.0rc2", "3.14.0", "3.14.1-1"}, []string{"3.14.0"}},
		{"iron-alpine", []string{"20.15.1-alpine", "20.15.1", "22.1.0-alpine", "iron"}, []string{"20.15.1-alpine"}},
		{"stable-slim", []string{"1.27.0-slim", "1.27.0", "1.26-slim"}, []string{"1.27.0-slim", "1.26-slim"}},
		{"1.22.2", golangTags, nil},
		{"3", golangTags, nil},
	}
	for _, tt := range tests {
		s := NewVersionSearch(tt.tracked, tt.tags, Classifier{})
		if got := tagNames(s.scope); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("scope of %q = %q, want %q", tt.tracked, got, tt.want)
		}
	}
}
