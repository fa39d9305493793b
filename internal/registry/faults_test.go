package registry_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registry"
	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registrytest"
)

func TestResolveMissingTagCostsOneManifestRequest(t *testing.T) {
	s := registrytest.New(t)
	push(t, s, ref(s, "acme/app:v1"))
	c := newClient(t)
	_, err := c.Resolve(context.Background(), ref(s, "acme/app:v9"), "")
	e := wantError(t, err, registry.ErrTagNotFound)
	wantKind(t, err, registry.ErrNotFound)
	if errors.Is(err, registry.ErrRepositoryNotFound) {
		t.Errorf("a missing tag is not a missing repository: %v", err)
	}
	wantCount(t, "manifest requests", s.ManifestRequests(""), 1)
	wantCount(t, "status", e.Status, http.StatusNotFound)
	for _, part := range []string{s.Host, ref(s, "acme/app:v9"), "HTTP 404"} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("error %q does not mention %q", err, part)
		}
	}
}

func TestMissingRepository(t *testing.T) {
	s := registrytest.New(t)
	push(t, s, ref(s, "acme/app:v1"))
	c := newClient(t)

	_, err := c.ListTags(context.Background(), ref(s, "acme/nope"))
	e := wantError(t, err, registry.ErrRepositoryNotFound)
	wantKind(t, err, registry.ErrNotFound)
	if e.Code != "NAME_UNKNOWN" {
		t.Errorf("code: got %q, want NAME_UNKNOWN", e.Code)
	}

	// A GET (here: to read a platform) has a body that tells a missing
	// repository from a missing tag.
	_, err = c.Resolve(context.Background(), ref(s, "acme/nope:v1"), "linux/amd64")
	wantKind(t, err, registry.ErrRepositoryNotFound)
}

// Each HTTP failure maps to its kind after a bounded number of attempts:
// 1 + max_retries for what is worth retrying, 1 for the rest.
func TestResolveFaults(t *testing.T) {
	for _, tc := range []struct {
		name     string
		fault    func(s *registrytest.Server)
		kind     error
		requests int // manifest requests
	}{
		{"401", func(s *registrytest.Server) { s.FailStatus("", "/manifests/", 401, 0) }, registry.ErrUnauthorized, 1},
		{"403", func(s *registrytest.Server) { s.FailStatus("", "/manifests/", 403, 0) }, registry.ErrDenied, 1},
		{"429 persistent", func(s *registrytest.Server) { s.RateLimit("/manifests/", "", 0) }, registry.ErrRateLimited, 3},
		{"503 persistent", func(s *registrytest.Server) { s.Unavailable("/manifests/", "", 0) }, registry.ErrUnavailable, 3},
		{"500 persistent", func(s *registrytest.Server) { s.FailStatus("", "/manifests/", 500, 0) }, registry.ErrUnavailable, 3},
		{"502 persistent", func(s *registrytest.Server) { s.FailStatus("", "/manifests/", 502, 0) }, registry.ErrUnavailable, 3},
		{"400", func(s *registrytest.Server) { s.FailStatus("", "/manifests/", 400, 0) }, registry.ErrBadResponse, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := registrytest.New(t)
			rf := ref(s, "acme/app:v1")
			push(t, s, rf)
			tc.fault(s)
			c := newClient(t, registry.WithMaxRetries(2))
			_, err := c.Resolve(context.Background(), rf, "")
			e := wantError(t, err, tc.kind)
			wantCount(t, "manifest requests", s.ManifestRequests(""), tc.requests)
			if e.Registry != s.Host || e.Reference != rf {
				t.Errorf("error names %q / %q, want %q / %q", e.Registry, e.Reference, s.Host, rf)
			}
			if !strings.Contains(err.Error(), s.Host) || !strings.Contains(err.Error(), rf) {
				t.Errorf("error %q does not name the registry and reference", err)
			}

			// Errors are not memoised: once the registry recovers, so do we.
			s.ClearFaults()
			if _, err := c.Resolve(context.Background(), rf, ""); err != nil {
				t.Errorf("after recovery: %v", err)
			}
		})
	}
}

func TestResolveRetriesTransientFailures(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault func(s *registrytest.Server)
	}{
		{"503 then success", func(s *registrytest.Server) { s.FailStatus("HEAD", "/manifests/", 503, 1) }},
		{"429 with Retry-After then success", func(s *registrytest.Server) { s.RateLimit("/manifests/", "1", 1) }},
		{"500 then success", func(s *registrytest.Server) { s.FailStatus("HEAD", "/manifests/", 500, 1) }},
		{"503 on the token then success", func(s *registrytest.Server) { s.Unavailable("/token", "", 1) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := registrytest.New(t, registrytest.WithBearerAuth("", ""))
			resolvesDespite(t, s, tc.fault)
			if n := s.ManifestRequests("HEAD"); n < 1 || n > 2 {
				t.Errorf("manifest HEADs: got %d, want 1 or 2 (one retry at most)\n%s", n, dump(s))
			}
			wantCount(t, "manifest GETs", s.ManifestRequests("GET"), 0)
		})
	}
}

// A Retry-After longer than the cap is the registry's answer, not a wait:
// fail at once, saying when to come back.
func TestResolveRetryAfterAboveCapFailsAtOnce(t *testing.T) {
	s := registrytest.New(t)
	rf := ref(s, "acme/app:v1")
	push(t, s, rf)
	s.RateLimit("/manifests/", "120", 0)
	c := newClient(t, registry.WithRetryAfterCap(time.Second))
	_, err := c.Resolve(context.Background(), rf, "")
	e := wantError(t, err, registry.ErrRateLimited)
	wantCount(t, "manifest requests", s.ManifestRequests(""), 1)
	if e.RetryAfter != 2*time.Minute || !strings.Contains(err.Error(), "retry after 2m0s") {
		t.Errorf("RetryAfter %s, error %q: want 2m0s in both", e.RetryAfter, err)
	}
}

func TestResolveFallsBackToGet(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault func(s *registrytest.Server)
	}{
		{"HEAD without digest", func(s *registrytest.Server) { s.HeadWithoutDigest(true) }},
		{"HEAD not allowed", func(s *registrytest.Server) { s.HeadNotAllowed(true) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := registrytest.New(t)
			resolvesDespite(t, s, tc.fault)
			wantCount(t, "manifest HEADs", s.ManifestRequests("HEAD"), 1)
			wantCount(t, "manifest GETs", s.ManifestRequests("GET"), 1)
		})
	}
}

func TestResolveWrongDigestHeaderOnGetIsBadResponse(t *testing.T) {
	s := registrytest.New(t)
	rf := ref(s, "acme/app:v1")
	push(t, s, rf)
	s.HeadWithoutDigest(true)
	s.WrongDigestHeader(true)
	c := newClient(t)
	_, err := c.Resolve(context.Background(), rf, "")
	wantKind(t, err, registry.ErrBadResponse)
	wantCount(t, "manifest GETs", s.ManifestRequests("GET"), 1)

	_, err = c.Resolve(context.Background(), rf, "linux/amd64")
	wantKind(t, err, registry.ErrBadResponse)
}

// A registry that does not answer fails the lookup with ErrTimeout after one
// request_timeout: the timed-out request is not retried, whatever
// max_retries says, so the hang costs one timeout, not four. Counted in
// requests, not measured.
func TestHangingRegistryEndsAfterOneTimeout(t *testing.T) {
	for _, tc := range []struct {
		name, hang string
		count      func(s *registrytest.Server) int
	}{
		{"ping", "", pings},
		{"manifest", "/manifests/", func(s *registrytest.Server) int { return s.ManifestRequests("") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := registrytest.New(t)
			rf := ref(s, "acme/app:v1")
			push(t, s, rf)
			// The hang never answers, so any timeout ends it; a whole second
			// leaves a healthy ping room on a loaded machine.
			c := newClient(t, registry.WithTimeout(time.Second), registry.WithMaxRetries(3))
			if tc.hang != "" {
				if _, err := c.ListTags(context.Background(), ref(s, "acme/app")); err != nil {
					t.Fatal(err) // the ping is done: what hangs next is the manifest
				}
			}
			s.Hang(tc.hang, true)
			_, err := c.Resolve(context.Background(), rf, "")
			wantKind(t, err, registry.ErrTimeout)
			if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
				t.Errorf("a per-request timeout is not the caller's context ending: %v", err)
			}
			wantCount(t, "hung requests", tc.count(s), 1)
		})
	}
}

func TestResolveCancelEndsAtOnce(t *testing.T) {
	s := registrytest.New(t)
	rf := ref(s, "acme/app:v1")
	push(t, s, rf)
	s.Hang("/manifests/", true)
	c := newClient(t, registry.WithTimeout(time.Hour))

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := c.Resolve(ctx, rf, "")
		done <- err
	}()
	waitFor(t, "the manifest request to hang", func() bool { return s.ManifestRequests("") > 0 })
	cancel()
	err := <-done
	wantKind(t, err, registry.ErrCanceled)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("want context.Canceled in %v", err)
	}
	wantCount(t, "manifest requests", s.ManifestRequests(""), 1)
}

// A follower must not inherit the leader's cancellation.
func TestResolveLeaderCancelDoesNotFailFollowers(t *testing.T) {
	s := registrytest.New(t)
	rf := ref(s, "acme/app:v1")
	d := push(t, s, rf)
	s.Hang("/manifests/", true)
	c := newClient(t, registry.WithTimeout(time.Hour))

	leaderCtx, cancel := context.WithCancel(context.Background())
	leader := make(chan error, 1)
	go func() {
		_, err := c.Resolve(leaderCtx, rf, "")
		leader <- err
	}()
	waitFor(t, "the manifest request to hang", func() bool { return s.ManifestRequests("") > 0 })
	follower := make(chan error, 1)
	go func() {
		res, err := c.Resolve(context.Background(), rf, "")
		if err == nil && res.Digest != d {
			err = errors.New("wrong digest " + res.Digest)
		}
		follower <- err
	}()
	// The follower has joined the leader's flight once both wait on it;
	// before that, a cancel would leave it nothing to inherit.
	waitFor(t, "the follower to join the flight", func() bool { return registry.ResolveWaiters(c) == 2 })
	s.Hang("/manifests/", false)
	cancel()
	wantKind(t, <-leader, registry.ErrCanceled)
	if err := <-follower; err != nil {
		t.Fatalf("follower: %v", err)
	}
}

func TestBadCredentials(t *testing.T) {
	for _, tc := range []struct {
		name string
		auth registrytest.Option
	}{
		{"basic", registrytest.WithBasicAuth("ci", "right-password")},
		{"bearer", registrytest.WithBearerAuth("ci", "right-password")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := registrytest.New(t, tc.auth)
			rf := ref(s, "acme/app:v1")
			push(t, s, rf)
			const wrong = "wrong-password-4711"
			c := newClient(t, registry.WithCredentials(s.Host, "ci", wrong))
			_, err := c.Resolve(context.Background(), rf, "")
			wantKind(t, err, registry.ErrUnauthorized)
			if strings.Contains(err.Error(), wrong) {
				t.Errorf("the password leaked into the error: %q", err)
			}
			if strings.Contains(err.Error(), "no credentials are configured") {
				t.Errorf("credentials were configured: %q", err)
			}
			// ping, then one rejected attempt (token or manifest); nothing anonymous after
			if n := len(s.Requests()); n > 2 {
				t.Errorf("requests: got %d, want at most 2 (ping + rejected attempt)\n%s", n, dump(s))
			}

			c = newClient(t, registry.WithCredentials(s.Host, "ci", "right-password"))
			if _, err := c.Resolve(context.Background(), rf, ""); err != nil {
				t.Errorf("right credentials: %v", err)
			}
		})
	}
}

func TestMissingCredentialsSaySo(t *testing.T) {
	s := registrytest.New(t, registrytest.WithBasicAuth("ci", "pw-123456"))
	rf := ref(s, "acme/app:v1")
	push(t, s, rf)
	_, err := newClient(t).Resolve(context.Background(), rf, "")
	wantKind(t, err, registry.ErrUnauthorized)
	if !strings.Contains(err.Error(), "requires authentication") {
		t.Errorf("want an anonymous client told that it needs credentials: %q", err)
	}
}

// resolvesDespite pushes acme/app:v1, turns fault on, and checks that a fresh client still
// resolves the tag to the pushed digest.
func resolvesDespite(t *testing.T, s *registrytest.Server, fault func(*registrytest.Server)) {
	t.Helper()
	rf := ref(s, "acme/app:v1")
	d := push(t, s, rf)
	fault(s)
	res, err := newClient(t).Resolve(context.Background(), rf, "")
	if err != nil {
		t.Fatal(err)
	}
	if res.Digest != d {
		t.Errorf("digest: got %s, want %s", res.Digest, d)
	}
}
