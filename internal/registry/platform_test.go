package registry_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registry"
	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registrytest"
)

func TestResolveIndexWithPlatformGivesBothDigests(t *testing.T) {
	s := registrytest.New(t)
	rf := ref(s, "acme/app:v1")
	idx, byPlatform, err := s.PushRandomIndex(rf, "linux/amd64", "linux/arm64/v8", "linux/arm/v7")
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t)
	for _, tc := range []struct{ ask, want string }{
		{"linux/amd64", "linux/amd64"},
		{"linux/arm64/v8", "linux/arm64/v8"},
		{"linux/arm64", "linux/arm64/v8"}, // arm64 implies v8
		{"LINUX/ARM/v7", "linux/arm/v7"},
	} {
		res, err := c.Resolve(context.Background(), rf, tc.ask)
		if err != nil {
			t.Fatalf("%s: %v", tc.ask, err)
		}
		if res.Digest != idx || res.PlatformDigest != byPlatform[tc.want] {
			t.Errorf("%s: got digest %s platform digest %s, want %s and %s", tc.ask, res.Digest, res.PlatformDigest, idx, byPlatform[tc.want])
		}
		if len(res.Platforms) != 3 {
			t.Errorf("%s: platforms %v, want 3", tc.ask, res.Platforms)
		}
		for _, p := range res.Platforms {
			if byPlatform[p.String()] != p.Digest {
				t.Errorf("platform %s: digest %s, want %s", p, p.Digest, byPlatform[p.String()])
			}
		}
		if !strings.Contains(res.MediaType, "index") {
			t.Errorf("media type %q, want an index", res.MediaType)
		}
	}
	// one GET per distinct platform asked for, never a HEAD: the index must be read anyway
	wantCount(t, "manifest GETs", s.ManifestRequests("GET"), 4)
	wantCount(t, "manifest HEADs", s.ManifestRequests("HEAD"), 0)
}

func TestResolveIndexWithoutThePlatformListsWhatIsThere(t *testing.T) {
	s := registrytest.New(t)
	rf := ref(s, "acme/app:v1")
	if _, _, err := s.PushRandomIndex(rf, "linux/amd64", "linux/arm64/v8"); err != nil {
		t.Fatal(err)
	}
	_, err := newClient(t).Resolve(context.Background(), rf, "linux/s390x")
	wantKind(t, err, registry.ErrPlatformNotFound)
	for _, p := range []string{"linux/s390x", "linux/amd64", "linux/arm64/v8", rf} {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not mention %s", err, p)
		}
	}
	wantCount(t, "manifest requests", s.ManifestRequests(""), 1)
}

func TestResolveSingleImageChecksItsConfig(t *testing.T) {
	s := registrytest.New(t)
	rf := ref(s, "acme/app:v1")
	img, err := registrytest.RandomImage("linux/arm64/v8")
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.Push(rf, img)
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t)
	res, err := c.Resolve(context.Background(), rf, "linux/arm64")
	if err != nil {
		t.Fatal(err)
	}
	if res.Digest != d || res.PlatformDigest != d || res.Platforms != nil {
		t.Errorf("got %+v, want digest and platform digest %s", res, d)
	}
	wantCount(t, "manifest GETs", s.ManifestRequests("GET"), 1)
	wantCount(t, "config blob GETs", s.Count("GET", "/blobs/"), 1)

	_, err = c.Resolve(context.Background(), rf, "linux/amd64")
	wantKind(t, err, registry.ErrPlatformNotFound)
	if !strings.Contains(err.Error(), "linux/arm64/v8") || !strings.Contains(err.Error(), "linux/amd64") {
		t.Errorf("error %q should say what the image is and what was asked", err)
	}
}

func TestResolveDigestReferenceWithPlatformReadsItsIndex(t *testing.T) {
	s := registrytest.New(t)
	idx, byPlatform, err := s.PushRandomIndex(ref(s, "acme/app:v1"))
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t)
	res, err := c.Resolve(context.Background(), ref(s, "acme/app@"+idx), "linux/arm64")
	if err != nil {
		t.Fatal(err)
	}
	if res.Digest != idx || res.PlatformDigest != byPlatform["linux/arm64"] {
		t.Errorf("got %+v, want %s / %s", res, idx, byPlatform["linux/arm64"])
	}
	wantCount(t, "manifest requests", s.ManifestRequests(""), 1)
}

// Without a platform, an index resolved by HEAD is just its digest.
func TestResolveIndexWithoutPlatformIsOneHead(t *testing.T) {
	s := registrytest.New(t)
	rf := ref(s, "acme/app:v1")
	idx, _, err := s.PushRandomIndex(rf)
	if err != nil {
		t.Fatal(err)
	}
	res, err := newClient(t).Resolve(context.Background(), rf, "")
	if err != nil {
		t.Fatal(err)
	}
	if res.Digest != idx || res.PlatformDigest != "" || !strings.Contains(res.MediaType, "index") {
		t.Errorf("got %+v", res)
	}
	wantCount(t, "manifest HEADs", s.ManifestRequests("HEAD"), 1)
	wantCount(t, "manifest GETs", s.ManifestRequests("GET"), 0)
}

func TestInvalidInputMakesNoRequest(t *testing.T) {
	s := registrytest.New(t)
	c := newClient(t)
	_, err := c.Resolve(context.Background(), s.Host+"/Acme/App:v1", "")
	wantKind(t, err, registry.ErrInvalidReference)
	_, err = c.Resolve(context.Background(), ref(s, "acme/app:v1"), "linux")
	wantKind(t, err, registry.ErrInvalidPlatform)
	_, err = c.ListTags(context.Background(), s.Host+"/Acme")
	wantKind(t, err, registry.ErrInvalidReference)
	wantCount(t, "requests", len(s.Requests()), 0)
}
