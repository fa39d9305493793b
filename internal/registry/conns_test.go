package registry_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registry"
	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registrytest"
)

// A burst of lookups against one registry reuses a bounded pool of
// connections rather than opening one per request: registries (and the
// proxies in front of them) throttle or reset clients that open hundreds.
// 500 tags over 50 repositories, each answer held 5 ms so that the callers
// really overlap: 50 callers at once, as Terraform with -parallelism=50, and
// 200, well past the per-host cap, where without the cap the count would
// follow the callers.
func TestConcurrentResolvesUseBoundedConnections(t *testing.T) {
	for _, tc := range []struct {
		name    string
		tls     bool
		callers int
	}{
		{"HTTP/1.1 50 callers", false, 50},
		{"HTTP/1.1 200 callers", false, 200},
		{"HTTP/2 over TLS 50 callers", true, 50},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := []registrytest.Option{registrytest.WithBearerAuth("ci", "pw-123456"), registrytest.WithLatency(5 * time.Millisecond)}
			if tc.tls {
				opts = append(opts, registrytest.WithTLS())
			}
			s := registrytest.New(t, opts...)
			copts := []registry.Option{registry.WithCredentials(s.Host, "ci", "pw-123456")}
			if tc.tls {
				copts = append(copts, registry.WithCACertificates(s.CACertPEM()))
			}
			c := newClient(t, copts...)
			n := resolveBurst(t, s, c, tc.callers)
			// 50 and a small margin. Over HTTP/1.1 the client opens the cap
			// (32), one for the ping's attempt over the other scheme, and a
			// few dialled while a finished request's connection was on its
			// way back to the pool: seen 33 to 38. Over HTTP/2 one connection
			// carries everything.
			const limit = 50 + 2
			if n > limit {
				t.Errorf("%d connections, want at most %d", n, limit)
			}
		})
	}
}

// resolveBurst resolves 500 tags over 50 repositories of s with callers
// at once and returns how many connections s accepted meanwhile.
func resolveBurst(t *testing.T, s *registrytest.Server, c *registry.Client, callers int) int {
	t.Helper()
	const repos, perRepo = 50, 10
	work := make(chan string, repos*perRepo)
	want := map[string]string{}
	for r := range repos {
		repo := fmt.Sprintf("acme/app%02d", r)
		var tags []string
		for i := range perRepo {
			tags = append(tags, fmt.Sprintf("1.%d", i))
		}
		if err := s.PushTags(repo, tags); err != nil {
			t.Fatal(err)
		}
		d, err := s.Digest(ref(s, repo+":1.0"))
		if err != nil {
			t.Fatal(err)
		}
		for _, tag := range tags {
			rf := ref(s, repo+":"+tag)
			want[rf] = d
			work <- rf
		}
	}
	close(work)

	var wg sync.WaitGroup
	errs := make(chan error, len(want))
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for rf := range work {
				res, err := c.Resolve(context.Background(), rf, "")
				if err == nil && res.Digest != want[rf] {
					err = fmt.Errorf("%s: got %s, want %s", rf, res.Digest, want[rf])
				}
				if err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	wantCount(t, "manifest requests", s.ManifestRequests(""), len(want))
	n := s.Connections()
	t.Logf("%d connections for %d requests from %d callers", n, len(s.Requests()), callers)
	return n
}
