package registrytest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/v1/remote"
)

func manyTags(n int) []string {
	tags := make([]string, n)
	for i := range tags {
		tags[i] = fmt.Sprintf("v1.%d.0", i)
	}
	return tags
}

func decodeTags(t *testing.T, r response) []string {
	t.Helper()
	var l tagList
	if err := json.Unmarshal([]byte(r.body), &l); err != nil {
		t.Fatalf("tag list %s: %v", r.body, err)
	}
	return l.Tags
}

func TestTagListPaginatesWithLink(t *testing.T) {
	t.Parallel()
	s := New(t)
	tags := manyTags(2500)
	if err := s.PushTags("acme/app", tags); err != nil {
		t.Fatal(err)
	}
	want := slices.Sorted(slices.Values(tags))

	var got []string
	next := "/v2/acme/app/tags/list?n=1000"
	pages := 0
	for next != "" {
		r := do(t, s, http.MethodGet, next, nil)
		wantStatus(t, r, http.StatusOK)
		page := decodeTags(t, r)
		pages++
		if len(page) > 1000 {
			t.Fatalf("page %d has %d tags, want at most 1000", pages, len(page))
		}
		got = append(got, page...)
		next = ""
		if link := r.Header.Get("Link"); link != "" {
			target, ok := strings.CutSuffix(link, `>; rel="next"`)
			if !ok || !strings.HasPrefix(target, "<") {
				t.Fatalf("Link %q is not <…>; rel=\"next\"", link)
			}
			next = target[1:]
			if wantLink := fmt.Sprintf("/v2/acme/app/tags/list?n=1000&last=%s", page[len(page)-1]); next != wantLink {
				t.Errorf("Link target %q, want %q", next, wantLink)
			}
		}
	}
	if pages != 3 {
		t.Errorf("%d pages, want 3", pages)
	}
	if !slices.Equal(got, want) {
		t.Errorf("paged tags (%d) differ from the %d pushed, in lexical order", len(got), len(want))
	}
	if n := s.Count(http.MethodGet, "/tags/list"); n != 3 {
		t.Errorf("Count(GET, /tags/list) = %d, want 3", n)
	}
}

func TestTagListWithRemoteClient(t *testing.T) {
	t.Parallel()
	s := New(t)
	tags := manyTags(2500)
	if err := s.PushTags("acme/app", tags); err != nil {
		t.Fatal(err)
	}
	got, err := remote.List(mustRef(t, s, "acme/app").Context(), remote.WithPageSize(1000))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, slices.Sorted(slices.Values(tags))) {
		t.Errorf("remote.List returned %d tags, want all 2500 in order", len(got))
	}
	if n := s.Count(http.MethodGet, "/tags/list"); n != 3 {
		t.Errorf("remote.List made %d tag list requests, want 3", n)
	}
}

func TestTagListPageSizes(t *testing.T) {
	t.Parallel()
	s := New(t, WithMaxPageSize(100))
	tags := manyTags(250)
	if err := s.PushTags("acme/app", tags); err != nil {
		t.Fatal(err)
	}
	sorted := slices.Sorted(slices.Values(tags))
	cases := []struct {
		query    string
		want     []string
		wantLink string
	}{
		{"", sorted[:100], "</v2/acme/app/tags/list?n=100&last=" + sorted[99] + `>; rel="next"`},
		{"?n=1000", sorted[:100], "</v2/acme/app/tags/list?n=100&last=" + sorted[99] + `>; rel="next"`},
		{"?n=10", sorted[:10], "</v2/acme/app/tags/list?n=10&last=" + sorted[9] + `>; rel="next"`},
		{"?n=10&last=" + sorted[244], sorted[245:], ""},
		{"?last=" + sorted[249], []string{}, ""},
		{"?last=v0", sorted[:100], "</v2/acme/app/tags/list?n=100&last=" + sorted[99] + `>; rel="next"`},
		{"?n=0", []string{}, ""},
	}
	for _, c := range cases {
		r := do(t, s, http.MethodGet, "/v2/acme/app/tags/list"+c.query, nil)
		wantStatus(t, r, http.StatusOK)
		if got := decodeTags(t, r); !slices.Equal(got, c.want) {
			t.Errorf("%q: %d tags %v…, want %d", c.query, len(got), got[:min(3, len(got))], len(c.want))
		}
		if got := r.Header.Get("Link"); got != c.wantLink {
			t.Errorf("%q: Link %q, want %q", c.query, got, c.wantLink)
		}
	}
	wantStatus(t, do(t, s, http.MethodGet, "/v2/acme/app/tags/list?n=-1", nil), http.StatusBadRequest)
	unknown := do(t, s, http.MethodGet, "/v2/nobody/here/tags/list", nil)
	wantStatus(t, unknown, http.StatusNotFound)
	if !strings.Contains(unknown.body, "NAME_UNKNOWN") {
		t.Errorf("unknown repository body %s, want NAME_UNKNOWN", unknown.body)
	}
}
