package registry

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// retryTransport retries what a registry or the network may answer
// differently a moment later, with exponential backoff and jitter, honouring
// Retry-After up to a cap. It sits below authentication, so a retried request
// carries the same credentials and never falls back to anonymous.
type retryTransport struct {
	inner      http.RoundTripper
	maxRetries int
	backoff    time.Duration
	capAfter   time.Duration
	budget     time.Duration // the most one request may spend past its first attempt
	clock      clock
	log        Logger
	scrub      func(string) string
}

var retryableStatus = map[int]bool{
	http.StatusRequestTimeout:      true,
	http.StatusTooManyRequests:     true,
	http.StatusInternalServerError: true,
	http.StatusBadGateway:          true,
	http.StatusServiceUnavailable:  true,
	http.StatusGatewayTimeout:      true,
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	first := t.clock.Now()
	for attempt := 0; ; attempt++ {
		r, err := rewind(req, attempt)
		if err != nil {
			return nil, err
		}
		start := time.Now()
		resp, err := t.inner.RoundTrip(r)
		t.logAttempt(ctx, req, attempt, resp, err, time.Since(start))

		if !t.retryable(resp, err) || attempt >= t.maxRetries || ctx.Err() != nil {
			return resp, err
		}
		wait := t.delay(attempt)
		if resp != nil {
			if after, ok := retryAfter(resp.Header, t.clock.Now()); ok {
				if after > t.capAfter {
					// Waiting that long is not ours to decide: report it.
					return resp, nil
				}
				wait = after
			}
		}
		// Attempts are spaced by at least the backoff (up to a second),
		// whatever Retry-After said ("0" once fired 11 requests in 2 ms), and
		// all of them start within the budget: a request that would wait
		// past it is answered with what the registry last said.
		wait = max(wait, min(t.backoff, time.Second))
		if t.clock.Now().Add(wait).Sub(first) > t.budget {
			return resp, err
		}
		if resp != nil {
			drain(resp)
		}
		if t.log != nil {
			t.log(ctx, "registry request will be retried", map[string]any{
				"method": req.Method, "url": safeURL(req.URL), "attempt": attempt + 1, "retry_in": wait.String(),
			})
		}
		if err := t.clock.Sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

func (t *retryTransport) retryable(resp *http.Response, err error) bool {
	if err != nil {
		return isTransient(err)
	}
	return retryableStatus[resp.StatusCode]
}

// delay is base·2^attempt plus up to 50% jitter, so that many clients
// throttled together do not come back together.
func (t *retryTransport) delay(attempt int) time.Duration {
	d := t.backoff << min(attempt, 16)
	if d <= 0 {
		return 0
	}
	return d + rand.N(d/2+1)
}

func (t *retryTransport) logAttempt(ctx context.Context, req *http.Request, attempt int, resp *http.Response, err error, took time.Duration) {
	if t.log == nil {
		return
	}
	fields := map[string]any{
		"method":      req.Method,
		"url":         safeURL(req.URL),
		"attempt":     attempt + 1,
		"duration_ms": took.Milliseconds(),
	}
	if resp != nil {
		fields["status"] = resp.StatusCode
	}
	if err != nil {
		fields["error"] = cleanText(t.scrub(err.Error()), maxRegistryText) // transport errors carry no headers; scrub anyway
	}
	t.log(ctx, "registry request", fields)
}

// isTransient: connection resets and a server closing the connection early.
// A refused connection is not retried: it is far more often a wrong address
// than a restart. Nor is our own per-request timeout: a registry that did
// not answer within request_timeout is unlikely to answer the next attempt,
// and retrying would stretch one hang to (1+max_retries)×request_timeout,
// where the user asked for request_timeout.
func isTransient(err error) bool {
	return errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, io.EOF)
}

// retryAfter parses Retry-After as seconds or an HTTP date.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	const longest = 365 * 24 * time.Hour // a year stands for any absurd wait
	if strings.TrimLeft(v, "0123456789") == "" {
		secs, err := strconv.ParseInt(v, 10, 64)
		if err != nil || secs > int64(longest/time.Second) {
			return longest, true // too large to parse is too long to wait, not absent
		}
		return time.Duration(secs) * time.Second, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}

// rewind gives each attempt a fresh copy of the request body, if any.
func rewind(req *http.Request, attempt int) (*http.Request, error) {
	if attempt == 0 || req.Body == nil || req.Body == http.NoBody {
		return req, nil
	}
	if req.GetBody == nil {
		return nil, errors.New("cannot retry a request whose body cannot be replayed")
	}
	body, err := req.GetBody()
	if err != nil {
		return nil, err
	}
	r := req.Clone(req.Context())
	r.Body = body
	return r, nil
}

func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
}
