package registry

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/singleflight"
)

// flight memoises successful results by key and makes concurrent callers of
// one key share one call. Errors are not memoised: the next caller tries
// again.
type flight[T any] struct {
	group singleflight.Group
	mu    sync.RWMutex
	done  map[string]T

	// waiters counts callers blocked on a flight, leaders included: a test
	// hook, so that a test knows a follower has joined a flight instead of
	// sleeping and hoping it has.
	waiters atomic.Int32
}

func (f *flight[T]) cached(key string) (T, bool) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	v, ok := f.done[key]
	return v, ok
}

// abandoned marks a failure caused by the leading caller's context ending;
// a follower whose own context is alive runs the call again rather than
// inherit someone else's cancellation.
type abandoned struct{ err error }

func (a *abandoned) Error() string { return a.err.Error() }

// do returns the memoised value for key or runs fn once for all concurrent
// callers. A caller whose context ends stops waiting at once; onCtx turns its
// context's error into the error it returns.
func (f *flight[T]) do(ctx context.Context, key string, fn func(context.Context) (T, error), onCtx func(error) error) (T, error) {
	var zero T
	for {
		if v, ok := f.cached(key); ok {
			return v, nil
		}
		ch := f.group.DoChan(key, func() (any, error) {
			if v, ok := f.cached(key); ok {
				return v, nil // finished between our look and the flight
			}
			v, err := fn(ctx)
			if err != nil {
				if ctx.Err() != nil {
					return nil, &abandoned{err}
				}
				return nil, err
			}
			f.mu.Lock()
			if f.done == nil {
				f.done = map[string]T{}
			}
			f.done[key] = v
			f.mu.Unlock()
			return v, nil
		})
		r, ok := f.wait(ctx, ch)
		if !ok {
			return zero, onCtx(ctx.Err())
		}
		var ab *abandoned
		if errors.As(r.Err, &ab) {
			if ctx.Err() != nil {
				return zero, ab.err
			}
			continue // the leader gave up; we have not
		}
		if r.Err != nil {
			return zero, r.Err
		}
		// Val is always a T, from fn or the memo; the comma-ok form also
		// turns a nil interface T (stored as a nil any) back into one.
		v, _ := r.Val.(T)
		return v, nil
	}
}

// wait blocks until the flight answers (true) or ctx ends (false), counted in
// waiters meanwhile.
func (f *flight[T]) wait(ctx context.Context, ch <-chan singleflight.Result) (singleflight.Result, bool) {
	f.waiters.Add(1)
	defer f.waiters.Add(-1)
	select {
	case <-ctx.Done():
		return singleflight.Result{}, false
	case r := <-ch:
		return r, true
	}
}
