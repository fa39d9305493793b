package registrytest

import (
	"net/http"
	"testing"
	"time"
)

// The log records the latency each request was held for, so these tests read
// what the server did instead of timing the client.

func TestLatencyDelaysRegistryAndTokenRequests(t *testing.T) {
	t.Parallel()
	const d = 100 * time.Millisecond
	s := New(t, WithLatency(d), WithBearerAuth("", ""))
	const scope = "service=registrytest&scope=repository:acme/app:pull"
	do(t, s, http.MethodGet, "/v2/", nil)
	do(t, s, http.MethodGet, "/token?"+scope, nil)
	wantLogged(t, s,
		Request{Method: http.MethodGet, Path: "/v2/", Status: http.StatusUnauthorized, Delay: d, Done: true},
		Request{Method: http.MethodGet, Path: tokenPath, Query: scope, Status: http.StatusOK, Delay: d, Done: true},
	)
	if got := s.TokenRequests(); got != 1 {
		t.Errorf("TokenRequests() = %d, want 1", got)
	}
}

func TestNoLatencyByDefault(t *testing.T) {
	t.Parallel()
	s := New(t)
	do(t, s, http.MethodGet, "/v2/", nil)
	wantLogged(t, s, Request{Method: http.MethodGet, Path: "/v2/", Status: http.StatusOK, Delay: 0, Done: true})
}

// Latency applies to every request through the front door, and every such
// request is logged, so an empty log proves the helpers met no latency.
func TestContentHelpersSkipLatency(t *testing.T) {
	t.Parallel()
	const d = 100 * time.Millisecond
	s := New(t, WithLatency(d))
	want := mustPush(t, s, "acme/app:v1")
	if err := s.Tag("acme/app:v1", "stable"); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Digest("acme/app:stable"); err != nil || got != want {
		t.Fatalf("Digest(acme/app:stable) = %q, %v; want %s", got, err, want)
	}
	if err := s.PushTags("acme/app", []string{"v2", "v3"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete("acme/app:v2"); err != nil {
		t.Fatal(err)
	}
	wantLogged(t, s)

	// The latency is on: the front door applies it.
	do(t, s, http.MethodGet, "/v2/", nil)
	wantLogged(t, s, Request{Method: http.MethodGet, Path: "/v2/", Status: http.StatusOK, Delay: d, Done: true})
}
