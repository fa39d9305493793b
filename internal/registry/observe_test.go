package registry_test

import (
	"context"
	"testing"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registry"
	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registrytest"
)

// A platform observed again where nothing moved costs one HEAD and no GET; an index that moved is
// read once more, and the platform digest comes from the new index.
func TestObservePlatformReadsTheIndexOnlyWhenItMoved(t *testing.T) {
	s := registrytest.New(t)
	rf := ref(s, "acme/app:v1")
	idx, byPlatform, err := s.PushRandomIndex(rf, "linux/amd64", "linux/arm64/v8")
	if err != nil {
		t.Fatal(err)
	}
	last := registry.Resolution{Digest: idx, PlatformDigest: byPlatform["linux/amd64"]}

	s.ResetLog()
	res, err := newClient(t).Observe(context.Background(), rf, "linux/amd64", last)
	if err != nil {
		t.Fatal(err)
	}
	if res.Digest != idx || res.PlatformDigest != byPlatform["linux/amd64"] {
		t.Errorf("unmoved: got %s / %s, want %s / %s", res.Digest, res.PlatformDigest, idx, byPlatform["linux/amd64"])
	}
	wantCount(t, "unmoved: manifest HEADs", s.ManifestRequests("HEAD"), 1)
	wantCount(t, "unmoved: manifest GETs", s.ManifestRequests("GET"), 0)

	idx2, byPlatform2, err := s.PushRandomIndex(rf, "linux/amd64", "linux/arm64/v8")
	if err != nil {
		t.Fatal(err)
	}
	s.ResetLog()
	res, err = newClient(t).Observe(context.Background(), rf, "linux/amd64", last)
	if err != nil {
		t.Fatal(err)
	}
	if res.Digest != idx2 || res.PlatformDigest != byPlatform2["linux/amd64"] {
		t.Errorf("moved: got %s / %s, want %s / %s", res.Digest, res.PlatformDigest, idx2, byPlatform2["linux/amd64"])
	}
	wantCount(t, "moved: manifest HEADs", s.ManifestRequests("HEAD"), 1)
	wantCount(t, "moved: manifest GETs", s.ManifestRequests("GET"), 1)
}

// Nothing observed before: Observe is Resolve, which reads the index.
func TestObserveWithoutLastObservationResolves(t *testing.T) {
	s := registrytest.New(t)
	rf := ref(s, "acme/app:v1")
	idx, byPlatform, err := s.PushRandomIndex(rf, "linux/amd64")
	if err != nil {
		t.Fatal(err)
	}
	s.ResetLog()
	res, err := newClient(t).Observe(context.Background(), rf, "linux/amd64", registry.Resolution{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Digest != idx || res.PlatformDigest != byPlatform["linux/amd64"] {
		t.Errorf("got %s / %s, want %s / %s", res.Digest, res.PlatformDigest, idx, byPlatform["linux/amd64"])
	}
	wantCount(t, "manifest GETs", s.ManifestRequests("GET"), 1)
}

// Verify sends one HEAD by digest: a held digest verifies, one the registry lacks is not found.
func TestVerifyDigest(t *testing.T) {
	s := registrytest.New(t)
	d := push(t, s, ref(s, "acme/app:v1"))
	c := newClient(t)
	s.ResetLog()
	res, err := c.Verify(context.Background(), ref(s, "acme/app@"+d))
	if err != nil {
		t.Fatal(err)
	}
	if res.Digest != d {
		t.Errorf("digest %s, want %s", res.Digest, d)
	}
	wantCount(t, "manifest HEADs", s.ManifestRequests("HEAD"), 1)
	wantCount(t, "manifest GETs", s.ManifestRequests("GET"), 0)

	missing := "sha256:" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	_, err = c.Verify(context.Background(), ref(s, "acme/app@"+missing))
	wantKind(t, err, registry.ErrNotFound)

	_, err = c.Verify(context.Background(), ref(s, "acme/app:v1"))
	wantKind(t, err, registry.ErrInvalidReference)
}
