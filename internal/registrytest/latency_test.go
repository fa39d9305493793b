package registrytest

import (
	"net/http"
	"testing"
	"time"
)

func TestLatencyDelaysRegistryAndTokenRequests(t *testing.T) {
	t.Parallel()
	const d = 150 * time.Millisecond
	s := New(t, WithLatency(d), WithBearerAuth("", ""))
	for _, path := range []string{"/v2/", "/token?service=registrytest&scope=repository:acme/app:pull"} {
		start := time.Now()
		do(t, s, http.MethodGet, path, nil)
		if took := time.Since(start); took < d {
			t.Errorf("GET %s answered in %v, want at least %v", path, took, d)
		}
	}
	if got := s.TokenRequests(); got != 1 {
		t.Errorf("TokenRequests() = %d, want 1", got)
	}
}

func TestNoLatencyByDefault(t *testing.T) {
	t.Parallel()
	s := New(t)
	start := time.Now()
	do(t, s, http.MethodGet, "/v2/", nil)
	if took := time.Since(start); took > 500*time.Millisecond {
		t.Errorf("ping took %v without latency configured", took)
	}
}

func TestContentHelpersSkipLatency(t *testing.T) {
	t.Parallel()
	s := New(t, WithLatency(time.Second))
	start := time.Now()
	mustPush(t, s, "acme/app:v1")
	if took := time.Since(start); took > 500*time.Millisecond {
		t.Errorf("Push took %v; content helpers must bypass latency", took)
	}
}
