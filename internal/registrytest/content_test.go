package registrytest

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

func TestRandomImagePlatform(t *testing.T) {
	t.Parallel()
	a, err := RandomImage("linux/arm64/v8")
	if err != nil {
		t.Fatal(err)
	}
	cf, err := a.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	if cf.OS != "linux" || cf.Architecture != "arm64" || cf.Variant != "v8" {
		t.Errorf("config platform %s/%s/%s, want linux/arm64/v8", cf.OS, cf.Architecture, cf.Variant)
	}
	b, err := RandomImage("linux/arm64/v8")
	if err != nil {
		t.Fatal(err)
	}
	da, _ := a.Digest()
	db, _ := b.Digest()
	if da == db {
		t.Error("two random images share a digest")
	}
	if _, err := RandomImage("linux"); err == nil {
		t.Error(`RandomImage("linux") succeeded; want an error naming the platform`)
	}
}

func TestPushAcceptsRelativeAndFullReferences(t *testing.T) {
	t.Parallel()
	s := New(t)
	d1 := mustPush(t, s, "acme/app:v1")
	d2, err := s.PushRandom(s.Host + "/acme/app:v2")
	if err != nil {
		t.Fatal(err)
	}
	for ref, want := range map[string]string{"acme/app:v1": d1, s.Host + "/acme/app:v2": d2, "acme/app@" + d1: d1} {
		got, err := s.Digest(ref)
		if err != nil || got != want {
			t.Errorf("Digest(%s) = %q, %v; want %s", ref, got, err, want)
		}
	}
	if _, err := s.Digest("acme/app:nope"); err == nil {
		t.Error("Digest of a missing tag succeeded")
	}
}

func TestPushRandomIndex(t *testing.T) {
	t.Parallel()
	s := New(t)
	idxDigest, platforms, err := s.PushRandomIndex("acme/multi:v1", "linux/amd64", "linux/arm64/v8")
	if err != nil {
		t.Fatal(err)
	}
	head := do(t, s, http.MethodHead, "/v2/acme/multi/manifests/v1", nil)
	if ct := head.Header.Get("Content-Type"); ct != string(types.OCIImageIndex) {
		t.Errorf("index Content-Type %q, want %s", ct, types.OCIImageIndex)
	}
	if d := head.Header.Get("Docker-Content-Digest"); d != idxDigest {
		t.Errorf("index digest %s, want %s", d, idxDigest)
	}

	idx, err := remote.Index(mustRef(t, s, "acme/multi:v1"))
	if err != nil {
		t.Fatal(err)
	}
	im, err := idx.IndexManifest()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, m := range im.Manifests {
		if m.Platform == nil {
			t.Fatalf("descriptor %s has no platform", m.Digest)
		}
		got[m.Platform.String()] = m.Digest.String()
	}
	if len(got) != 2 || got["linux/amd64"] != platforms["linux/amd64"] || got["linux/arm64/v8"] != platforms["linux/arm64/v8"] {
		t.Errorf("index platforms %v, want %v", got, platforms)
	}

	arm := v1.Platform{OS: "linux", Architecture: "arm64", Variant: "v8"}
	img, err := remote.Image(mustRef(t, s, "acme/multi:v1"), remote.WithPlatform(arm))
	if err != nil {
		t.Fatal(err)
	}
	cf, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	if d, _ := img.Digest(); d.String() != platforms["linux/arm64/v8"] || cf.Architecture != "arm64" || cf.Variant != "v8" {
		t.Errorf("arm64/v8 image %s (%s/%s), want %s", d, cf.Architecture, cf.Variant, platforms["linux/arm64/v8"])
	}

	if _, _, err := s.PushRandomIndex("acme/multi:default"); err != nil {
		t.Errorf("PushRandomIndex with default platforms: %v", err)
	}
	if _, err := s.PushIndex("acme/multi:empty", nil); err == nil {
		t.Error("PushIndex with no images succeeded")
	}
}

func TestTagAndDelete(t *testing.T) {
	t.Parallel()
	s := New(t)
	v1d := mustPush(t, s, "acme/app:v1")
	v2d := mustPush(t, s, "acme/app:v2")

	if err := s.Tag("acme/app:v1", "stable"); err != nil {
		t.Fatal(err)
	}
	if d, _ := s.Digest("acme/app:stable"); d != v1d {
		t.Errorf("stable → %s, want v1's %s", d, v1d)
	}
	// Moving a tag, by digest this time.
	if err := s.Tag("acme/app@"+v2d, "stable"); err != nil {
		t.Fatal(err)
	}
	desc, err := remote.Head(mustRef(t, s, "acme/app:stable"))
	if err != nil {
		t.Fatal(err)
	}
	if desc.Digest.String() != v2d {
		t.Errorf("stable → %s after retagging, want v2's %s", desc.Digest, v2d)
	}
	if err := s.Tag("acme/app:v1", "not a tag"); err == nil {
		t.Error("Tag accepted an invalid tag")
	}
	if err := s.Tag("acme/app:missing", "x"); err == nil {
		t.Error("Tag from a missing source succeeded")
	}

	if err := s.Delete("acme/app:v1"); err != nil {
		t.Fatal(err)
	}
	gone := do(t, s, http.MethodGet, manifestV1, nil)
	wantStatus(t, gone, http.StatusNotFound)
	if !strings.Contains(gone.body, "MANIFEST_UNKNOWN") {
		t.Errorf("deleted tag body %s, want MANIFEST_UNKNOWN", gone.body)
	}
	_, err = remote.Head(mustRef(t, s, "acme/app:v1"))
	wantHTTPStatus(t, err, http.StatusNotFound)
	if d, err := s.Digest("acme/app:v2"); err != nil || d != v2d {
		t.Errorf("v2 after deleting v1: %s, %v", d, err)
	}
	if err := s.Delete("acme/app:v1"); err == nil {
		t.Error("deleting a deleted tag succeeded")
	}
	if n := s.Count(http.MethodPut, "") + s.Count(http.MethodDelete, ""); n != 0 {
		t.Errorf("Tag and Delete logged %d requests, want none: %v", n, s.Requests())
	}
}

// How fast PushTags is belongs to BenchmarkPushTags10k; this test checks
// that 10,000 tags all land, page as a real registry would, and share one
// image.
func TestPushTagsTenThousand(t *testing.T) {
	t.Parallel()
	s := New(t)
	tags := manyTags(10000)
	if err := s.PushTags("acme/big", tags); err != nil {
		t.Fatal(err)
	}
	got, err := remote.List(mustRef(t, s, "acme/big").Context(), remote.WithPageSize(1000))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 10000 {
		t.Errorf("listed %d tags, want 10000", len(got))
	}
	if n := s.Count(http.MethodGet, "/tags/list"); n != 10 {
		t.Errorf("listing 10,000 tags took %d requests, want ⌈10000/1000⌉ = 10", n)
	}
	d0, _ := s.Digest("acme/big:" + tags[0])
	d9, _ := s.Digest("acme/big:" + tags[9999])
	if d0 == "" || d0 != d9 {
		t.Errorf("first and last tag point to %q and %q, want the same image", d0, d9)
	}
	if err := s.PushTags("acme/big", []string{"ok", "bad tag"}); err == nil {
		t.Error("PushTags accepted an invalid tag")
	}
}

// BenchmarkPushTags10k measures seeding a repository with 10,000 tags, which
// the provider's paging tests do; run with go test -bench PushTags10k.
func BenchmarkPushTags10k(b *testing.B) {
	s := New(b)
	tags := manyTags(10000)
	for i := 0; b.Loop(); i++ {
		if err := s.PushTags(fmt.Sprintf("acme/big%d", i), tags); err != nil {
			b.Fatal(err)
		}
	}
}
