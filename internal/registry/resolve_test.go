package registry_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registry"
	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registrytest"
)

// Many goroutines asking for few references cost one HEAD per unique
// reference, one token per repository and one ping per registry, and never
// a manifest GET: on Docker Hub a GET counts as a pull.
func TestResolveConcurrentCostsOneRequestPerUniqueReference(t *testing.T) {
	s := registrytest.New(t, registrytest.WithBearerAuth("ci", "s3cret-pass"))
	const repos, tagsPerRepo, callers = 5, 8, 1000
	var refs []string
	want := map[string]string{}
	for r := range repos {
		for i := range tagsPerRepo {
			rf := ref(s, fmt.Sprintf("acme/app%d:v%d", r, i))
			refs = append(refs, rf)
			want[rf] = push(t, s, rf)
		}
	}
	c := newClient(t, registry.WithCredentials(s.Host, "ci", "s3cret-pass"))

	var wg sync.WaitGroup
	errs := make(chan error, callers)
	for i := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rf := refs[i%len(refs)]
			res, err := c.Resolve(context.Background(), rf, "")
			if err != nil {
				errs <- err
				return
			}
			if res.Digest != want[rf] {
				errs <- fmt.Errorf("%s: got %s, want %s", rf, res.Digest, want[rf])
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	wantCount(t, "manifest HEADs", s.ManifestRequests("HEAD"), len(refs))
	wantCount(t, "manifest GETs", s.ManifestRequests("GET"), 0)
	wantCount(t, "token requests", s.TokenRequests(), repos)
	wantCount(t, "pings", pings(s), 1)
	if t.Failed() {
		t.Log(dump(s))
	}
}

func TestResolveMemoisesAcrossCalls(t *testing.T) {
	s := registrytest.New(t)
	rf := ref(s, "acme/app:v1")
	d := push(t, s, rf)
	c := newClient(t)
	for range 3 {
		res, err := c.Resolve(context.Background(), rf, "")
		if err != nil {
			t.Fatal(err)
		}
		if res.Digest != d || res.Reference != rf || res.PlatformDigest != "" {
			t.Fatalf("got %+v, want digest %s", res, d)
		}
	}
	wantCount(t, "manifest requests", s.ManifestRequests(""), 1)
}

// A digest reference names its answer: no request at all.
func TestResolveDigestReferenceMakesNoRequest(t *testing.T) {
	s := registrytest.New(t)
	d := push(t, s, ref(s, "acme/app:v1"))
	c := newClient(t)
	for _, rf := range []string{ref(s, "acme/app@"+d), ref(s, "acme/app:v1@"+d)} {
		res, err := c.Resolve(context.Background(), rf, "")
		if err != nil {
			t.Fatal(err)
		}
		if res.Digest != d || res.Reference != ref(s, "acme/app@"+d) {
			t.Errorf("%s: got %+v", rf, res)
		}
	}
	wantCount(t, "requests", len(s.Requests()), 0)
}

func TestResolveNormalisesReference(t *testing.T) {
	s := registrytest.New(t)
	d := push(t, s, ref(s, "acme/app:latest"))
	c := newClient(t)
	res, err := c.Resolve(context.Background(), ref(s, "acme/app"), "")
	if err != nil {
		t.Fatal(err)
	}
	if res.Reference != ref(s, "acme/app:latest") || res.Digest != d {
		t.Errorf("got %+v", res)
	}
}
