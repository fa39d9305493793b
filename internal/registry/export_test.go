package registry

// Test hooks, compiled into the package's tests only.

// Clock is the retries' view of time (see clock).
type Clock = clock

// RealClock is the clock a Client uses outside tests.
var RealClock Clock = realClock{}

// WithClock makes the retries read the time from c and spend their waits in
// c.Sleep, so that a test can record the waits instead of sleeping them.
func WithClock(c Clock) Option {
	return func(o *options) { o.clock = c }
}

// ResolveWaiters is how many Resolve callers are blocked on a lookup in
// flight, leaders included.
func ResolveWaiters(c *Client) int { return int(c.resolutions.waiters.Load()) }
