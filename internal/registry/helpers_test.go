package registry_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registry"
	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registrytest"
)

// newClient builds a client that never consults the developer's Docker
// config and backs off in a millisecond, closed with the test. Its
// per-request timeout is generous on purpose: under -race on a busy machine a
// healthy page of 1,000 tags has taken over 5 s, and a test must not fail
// because the machine is slow. Tests of the timeout set their own.
func newClient(t testing.TB, opts ...registry.Option) *registry.Client {
	t.Helper()
	base := []registry.Option{
		registry.WithKeychain(nil),
		registry.WithBackoff(time.Millisecond),
		registry.WithTimeout(time.Minute),
	}
	c, err := registry.New(append(base, opts...)...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(c.Close)
	return c
}

func push(t testing.TB, s *registrytest.Server, ref string) string {
	t.Helper()
	d, err := s.PushRandom(ref)
	if err != nil {
		t.Fatalf("PushRandom(%s): %v", ref, err)
	}
	return d
}

func ref(s *registrytest.Server, path string) string { return s.Host + "/" + path }

// wantKind fails unless err is an *registry.Error of kind.
func wantKind(t testing.TB, err, kind error) {
	t.Helper()
	_ = wantError(t, err, kind)
}

// wantError is wantKind handing back the *registry.Error for further checks.
func wantError(t testing.TB, err, kind error) *registry.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %v", kind)
	}
	if !errors.Is(err, kind) {
		t.Fatalf("got error %q, want kind %v", err, kind)
	}
	var e *registry.Error
	if !errors.As(err, &e) {
		t.Fatalf("got %T, want *registry.Error", err)
	}
	return e
}

func wantCount(t testing.TB, what string, got, want int) {
	t.Helper()
	if got != want {
		t.Errorf("%s: got %d, want %d", what, got, want)
	}
}

// pings counts GET /v2/ requests.
func pings(s *registrytest.Server) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Path == "/v2/" {
			n++
		}
	}
	return n
}

func dump(s *registrytest.Server) string {
	out := ""
	for _, r := range s.Requests() {
		out += fmt.Sprintf("  %s %s?%s -> %d\n", r.Method, r.Path, r.Query, r.Status)
	}
	return out
}

// newDeniedServer answers every manifest request 403 DENIED, with a body.
func newDeniedServer(t testing.TB) *registrytest.Server {
	s := registrytest.New(t)
	push(t, s, ref(s, "acme/app:v1"))
	s.FailStatus("", "/manifests/", 403, 0)
	return s
}

// waitFor polls cond until it holds, failing the test if it still does not
// after a minute: a watchdog against a hang, never a measurement.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("watchdog: still waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}
