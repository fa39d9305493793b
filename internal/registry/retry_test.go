package registry_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registry"
	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registrytest"
)

// fakeClock records the retries' waits instead of sleeping them, advancing
// its time by each: tests check how long the client would wait, exactly,
// without waiting or measuring.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	waits []time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waits = append(c.waits, d)
	c.now = c.now.Add(d)
	return nil
}

func (c *fakeClock) recorded() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.waits...)
}

func total(ds []time.Duration) time.Duration {
	var sum time.Duration
	for _, d := range ds {
		sum += d
	}
	return sum
}

// A 429 with Retry-After (in seconds or as an HTTP date) is retried after
// exactly the wait asked for, not the backoff, which here is an hour so
// that the two cannot be confused.
func TestRetryAfterIsWaitedExactly(t *testing.T) {
	epoch := newFakeClock().Now()
	for _, tc := range []struct {
		name, header string
		want         time.Duration
	}{
		{"seconds", "2", 2 * time.Second},
		{"HTTP date", epoch.Add(7 * time.Second).Format(http.TimeFormat), 7 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk := newFakeClock()
			s := registrytest.New(t)
			rf := ref(s, "acme/app:v1")
			d := push(t, s, rf)
			s.RateLimit("/manifests/", tc.header, 1)
			c := newClient(t, registry.WithClock(clk), registry.WithBackoff(time.Hour))
			res, err := c.Resolve(context.Background(), rf, "")
			if err != nil || res.Digest != d {
				t.Fatalf("got %+v, %v; want digest %s", res, err, d)
			}
			if w := clk.recorded(); len(w) != 1 || w[0] != tc.want {
				t.Errorf("waits %v, want [%s]", w, tc.want)
			}
			wantCount(t, "manifest requests", s.ManifestRequests(""), 2)
		})
	}
}

// A registry that keeps failing is given up on after max_retries, having
// waited no longer than WithMaxRetries documents: 1.5×backoff×(2^n−1) in all
// on backoff alone, n×retry_after_cap when it sends Retry-After.
func TestPersistentFailureWaitsWithinTheBound(t *testing.T) {
	const n, backoff, capAfter = 3, 100 * time.Millisecond, 10 * time.Second
	for _, tc := range []struct {
		name, retryAfter string
		bound            time.Duration
		each             func(i int) (lo, hi time.Duration)
	}{
		{"backoff", "", 3 * backoff * (1<<n - 1) / 2, func(i int) (time.Duration, time.Duration) {
			return backoff << i, backoff << i * 3 / 2 // doubling, with up to 50% jitter
		}},
		{"Retry-After", "10", n * capAfter, func(int) (time.Duration, time.Duration) {
			return capAfter, capAfter
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := registrytest.New(t)
			rf := ref(s, "acme/app:v1")
			push(t, s, rf)
			s.Unavailable("/manifests/", tc.retryAfter, 0)
			clk := newFakeClock()
			c := newClient(t, registry.WithClock(clk), registry.WithMaxRetries(n),
				registry.WithBackoff(backoff), registry.WithRetryAfterCap(capAfter))
			_, err := c.Resolve(context.Background(), rf, "")
			wantKind(t, err, registry.ErrUnavailable)
			wantCount(t, "manifest requests", s.ManifestRequests(""), 1+n)
			waits := clk.recorded()
			if len(waits) != n {
				t.Fatalf("waits %v, want %d", waits, n)
			}
			for i, w := range waits {
				if lo, hi := tc.each(i); w < lo || w > hi {
					t.Errorf("wait %d: %s, want within [%s, %s]", i, w, lo, hi)
				}
			}
			if sum := total(waits); sum > tc.bound {
				t.Errorf("waited %s in all, above the documented bound %s", sum, tc.bound)
			}
		})
	}
}

// signalClock is the real clock, telling the test when a wait starts and
// how it ended.
type signalClock struct {
	registry.Clock
	started chan time.Duration
	ended   chan error
}

func (c *signalClock) Sleep(ctx context.Context, d time.Duration) error {
	c.started <- d
	err := c.Clock.Sleep(ctx, d)
	c.ended <- err
	return err
}

// receive fails the test if nothing arrives within a minute: a watchdog
// against a hang, far beyond any healthy wait here, never a measurement.
func receive[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Minute):
		t.Fatalf("watchdog: still waiting for %s", what)
		panic("unreachable")
	}
}

// Ctrl-C (the context canceled) during a wait between attempts ends the
// lookup at once with ErrCanceled and ends the wait itself, an hour early:
// nothing sleeps on and no further request is made.
func TestCancelInterruptsTheWaitBetweenAttempts(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault func(s *registrytest.Server)
	}{
		{"Retry-After", func(s *registrytest.Server) { s.RateLimit("/manifests/", "3600", 0) }},
		{"backoff", func(s *registrytest.Server) { s.Unavailable("/manifests/", "", 0) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := registrytest.New(t)
			rf := ref(s, "acme/app:v1")
			push(t, s, rf)
			tc.fault(s)
			clk := &signalClock{Clock: registry.RealClock, started: make(chan time.Duration, 1), ended: make(chan error, 1)}
			c := newClient(t, registry.WithClock(clk), registry.WithBackoff(time.Hour),
				registry.WithRetryAfterCap(2*time.Hour), registry.WithRetryBudget(3*time.Hour))

			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() {
				_, err := c.Resolve(ctx, rf, "")
				done <- err
			}()
			if d := receive(t, clk.started, "the wait to start"); d < time.Hour {
				t.Fatalf("waiting %s, want an hour or more", d)
			}
			cancel()
			err := receive(t, done, "Resolve to return")
			wantKind(t, err, registry.ErrCanceled)
			if !errors.Is(err, context.Canceled) {
				t.Errorf("want context.Canceled in %v", err)
			}
			if err := receive(t, clk.ended, "the wait to end"); !errors.Is(err, context.Canceled) {
				t.Errorf("the wait ended with %v, want context.Canceled", err)
			}
			wantCount(t, "manifest requests", s.ManifestRequests(""), 1)
		})
	}
}
