package registry_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registry"
	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registrytest"
)

func tagNames(n int) []string {
	tags := make([]string, n)
	for i := range tags {
		tags[i] = fmt.Sprintf("1.%d.%d", i/100, i%100)
	}
	return tags
}

func TestListTagsPagesThroughTenThousand(t *testing.T) {
	s := registrytest.New(t, registrytest.WithBearerAuth("", ""))
	want := tagNames(10000)
	if err := s.PushTags("acme/big", want); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, registry.WithPageSize(1000))
	got, err := c.ListTags(context.Background(), ref(s, "acme/big"))
	if err != nil {
		t.Fatal(err)
	}
	// the registry's order (lexical, for this one), nothing lost or doubled
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("got %d tags (first %v), want %d", len(got), got[:min(3, len(got))], len(want))
	}
	wantCount(t, "tag list requests", s.Count("GET", "/tags/list"), 10)
	wantCount(t, "token requests", s.TokenRequests(), 1)

	// memoised: a second listing costs nothing, and callers get their own copy
	got[0] = "mutated"
	again, err := c.ListTags(context.Background(), ref(s, "acme/big"))
	if err != nil {
		t.Fatal(err)
	}
	if again[0] == "mutated" {
		t.Error("ListTags shares its memo with callers")
	}
	wantCount(t, "tag list requests after a second call", s.Count("GET", "/tags/list"), 10)
}

func TestListTagsStopsAtTheCap(t *testing.T) {
	s := registrytest.New(t)
	if err := s.PushTags("acme/big", tagNames(2500)); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, registry.WithPageSize(1000), registry.WithMaxTags(2000))
	_, err := c.ListTags(context.Background(), ref(s, "acme/big"))
	wantKind(t, err, registry.ErrTooManyTags)
	if !strings.Contains(err.Error(), "more than 2000 tags") || !strings.Contains(err.Error(), ref(s, "acme/big")) {
		t.Errorf("unclear error: %q", err)
	}
	wantCount(t, "tag list requests", s.Count("GET", "/tags/list"), 3)
}

func TestListTagsSmallPagesAndEmptyRepository(t *testing.T) {
	s := registrytest.New(t, registrytest.WithMaxPageSize(7))
	want := tagNames(20)
	if err := s.PushTags("acme/app", want); err != nil {
		t.Fatal(err)
	}
	got, err := newClient(t).ListTags(context.Background(), ref(s, "acme/app"))
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	wantCount(t, "tag list requests (server caps pages at 7)", s.Count("GET", "/tags/list"), 3)
}

func TestListTagsConcurrentCallersShareOneListing(t *testing.T) {
	s := registrytest.New(t)
	if err := s.PushTags("acme/app", tagNames(3)); err != nil {
		t.Fatal(err)
	}
	c := newClient(t)
	errs := make(chan error, 50)
	for range 50 {
		go func() {
			_, err := c.ListTags(context.Background(), ref(s, "acme/app"))
			errs <- err
		}()
	}
	for range 50 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	wantCount(t, "tag list requests", s.Count("GET", "/tags/list"), 1)
}
