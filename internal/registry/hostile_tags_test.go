package registry_test

import (
	"context"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registry"
	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registrytest"
)

// A tag page that is a JSON array never closing once took the provider to
// 6 GB and a crash. Now the page is read through the bounded reader: the
// client stops reading at its limit and says the response is too large.
// The test's own accounting (bytes the server managed to send, and the Go
// heap grown meanwhile) shows it stays far under 100 MB.
func TestEndlessTagArrayIsCutAtThePageLimit(t *testing.T) {
	s := registrytest.New(t)
	push(t, s, ref(s, "acme/app:v1"))
	s.EndlessTagArray()
	c := newClient(t)

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := c.ListTags(context.Background(), ref(s, "acme/app"))
	runtime.ReadMemStats(&after)

	e := wantError(t, err, registry.ErrBadResponse)
	if !strings.Contains(e.Error(), "response too large") {
		t.Errorf("error %q does not say the response is too large", e)
	}
	// What the client read is the page limit plus what sat in socket buffers.
	if sent := s.HostileBytes(); sent > 64<<20 {
		t.Errorf("the server sent %d bytes before the client stopped reading, want under 64 MiB", sent)
	}
	if grown := int64(after.TotalAlloc - before.TotalAlloc); grown > 100<<20 {
		t.Errorf("the listing allocated %d bytes, want under 100 MB", grown)
	}
}

// BenchmarkEndlessTagArray reports the bytes allocated per listing of a tag
// page that never ends (go test -bench EndlessTagArray -benchmem).
func BenchmarkEndlessTagArray(b *testing.B) {
	s := registrytest.New(b)
	push(b, s, ref(s, "acme/app:v1"))
	s.EndlessTagArray()
	b.ReportAllocs()
	for range b.N {
		c := newClient(b)
		if _, err := c.ListTags(context.Background(), ref(s, "acme/app")); err == nil {
			b.Fatal("an endless tag page was accepted")
		}
	}
}

// Link headers that each name a new last= with empty pages once made a
// million requests in 150 s. An empty page pointing to another is no
// progress and ends the listing at once.
func TestEndlessEmptyPagesEndTheListing(t *testing.T) {
	s := registrytest.New(t)
	push(t, s, ref(s, "acme/app:v1"))
	s.EndlessTagLinks(false)
	_, err := newClient(t).ListTags(context.Background(), ref(s, "acme/app"))
	e := wantError(t, err, registry.ErrBadResponse)
	if !strings.Contains(e.Error(), "empty page") {
		t.Errorf("error %q does not name the empty page", e)
	}
	wantCount(t, "tag list requests", s.Count("GET", "/tags/list"), 1)
}

// Pages that repeat a tag with a fresh last= each time are no progress either.
func TestPagesRepeatingTagsEndTheListing(t *testing.T) {
	s := registrytest.New(t)
	push(t, s, ref(s, "acme/app:v1"))
	s.EndlessTagLinks(true)
	_, err := newClient(t).ListTags(context.Background(), ref(s, "acme/app"))
	e := wantError(t, err, registry.ErrBadResponse)
	if !strings.Contains(e.Error(), "repeats tag") {
		t.Errorf("error %q does not name the repeated tag", e)
	}
	wantCount(t, "tag list requests", s.Count("GET", "/tags/list"), 2)
}

// Tag list entries that cannot be tags (escapes, over 128 characters) never
// leave the package: they could name no image, and would reach state.
func TestTagListDropsEntriesThatAreNotTags(t *testing.T) {
	s := registrytest.New(t)
	push(t, s, ref(s, "acme/app:v1"))
	s.ServeTags("v1", "\x1b[2J\x1b[HApply complete!", "v2\r\n", strings.Repeat("a", 129), "v3")
	got, err := newClient(t).ListTags(context.Background(), ref(s, "acme/app"))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"v1", "v3"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
