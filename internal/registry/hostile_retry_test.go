package registry_test

import (
	"context"
	"testing"
	"time"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registry"
	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registrytest"
)

// A persistent 503 with many retries once spent 85 s on one request (12.8
// min at 10). The retries stop when the next would start past the budget.
func TestPersistentFailureStopsAtTheRetryBudget(t *testing.T) {
	s := registrytest.New(t)
	rf := ref(s, "acme/app:v1")
	push(t, s, rf)
	s.Unavailable("/manifests/", "", 0)
	clk := newFakeClock()
	c := newClient(t, registry.WithClock(clk), registry.WithMaxRetries(10),
		registry.WithBackoff(time.Second), registry.WithRetryBudget(20*time.Second))
	_, err := c.Resolve(context.Background(), rf, "")
	wantKind(t, err, registry.ErrUnavailable)
	if sum := total(clk.recorded()); sum > 20*time.Second {
		t.Errorf("waited %s in all, past the 20s budget", sum)
	}
	if n := s.ManifestRequests(""); n >= 11 {
		t.Errorf("%d attempts, want the budget to stop them before max_retries", n)
	}
}

// The default budget holds with the provider's largest max_retries.
func TestDefaultRetryBudgetBoundsTenRetries(t *testing.T) {
	s := registrytest.New(t)
	rf := ref(s, "acme/app:v1")
	push(t, s, rf)
	s.Unavailable("/manifests/", "", 0)
	clk := newFakeClock()
	c := newClient(t, registry.WithClock(clk), registry.WithMaxRetries(10), registry.WithBackoff(registry.DefaultBackoff))
	_, err := c.Resolve(context.Background(), rf, "")
	wantKind(t, err, registry.ErrUnavailable)
	if sum := total(clk.recorded()); sum > registry.DefaultRetryBudget {
		t.Errorf("waited %s in all, past the default budget %s", sum, registry.DefaultRetryBudget)
	}
}

// Retry-After: 0 once fired 11 requests in 2 ms. Attempts are spaced by at
// least the backoff.
func TestRetryAfterZeroStillSpacesAttempts(t *testing.T) {
	s := registrytest.New(t)
	rf := ref(s, "acme/app:v1")
	push(t, s, rf)
	s.RateLimit("/manifests/", "0", 0)
	clk := newFakeClock()
	c := newClient(t, registry.WithClock(clk), registry.WithMaxRetries(3), registry.WithBackoff(200*time.Millisecond))
	_, err := c.Resolve(context.Background(), rf, "")
	wantKind(t, err, registry.ErrRateLimited)
	waits := clk.recorded()
	if len(waits) != 3 {
		t.Fatalf("waits %v, want 3", waits)
	}
	for i, w := range waits {
		if w < 200*time.Millisecond {
			t.Errorf("wait %d: %s, want at least the 200ms backoff", i, w)
		}
	}
}

// A Retry-After too large to parse as a number once counted as absent, and
// the request was retried. It fails at once with the rate-limit message.
func TestAbsurdRetryAfterFailsAtOnce(t *testing.T) {
	s := registrytest.New(t)
	rf := ref(s, "acme/app:v1")
	push(t, s, rf)
	s.RateLimit("/manifests/", "99999999999999999999999", 0)
	clk := newFakeClock()
	_, err := newClient(t, registry.WithClock(clk)).Resolve(context.Background(), rf, "")
	e := wantError(t, err, registry.ErrRateLimited)
	if e.RetryAfter < time.Hour {
		t.Errorf("RetryAfter %s, want the absurd wait reported", e.RetryAfter)
	}
	if w := clk.recorded(); len(w) != 0 {
		t.Errorf("waited %v, want no retry", w)
	}
	wantCount(t, "manifest requests", s.ManifestRequests(""), 1)
}
