package registry

import (
	"context"
	"time"
)

// clock is how retries see time: what "now" is when a Retry-After names a
// date, and how a wait between attempts is spent. Production uses the real
// clock; tests substitute one that records each wait instead of sleeping,
// so that they check how long the client would wait without waiting, and
// without measuring it.
type clock interface {
	Now() time.Time
	// Sleep waits d, or until ctx ends, in which case it returns ctx.Err()
	// at once: an interrupted plan must not sit out a backoff.
	Sleep(ctx context.Context, d time.Duration) error
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
