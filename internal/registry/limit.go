package registry

import (
	"io"
	"net/http"
	"sync"
)

// maxInFlightPerHost caps the requests a Client has in flight to one host.
// Hundreds of lookups go to one or two hosts; unbounded, a burst of them
// opens a connection each, and a registry (or the proxy in front of it)
// throttles or resets a client that does. The idle pool is twice the cap, so
// that every connection the cap lets us open is kept for the next request,
// and so is the odd one dialled while a finished request's connection was
// still on its way back to the pool: a burst costs about this many
// connections per host over HTTP/1.1 (33 to 39 for 500 lookups by 50 or 200
// callers), and one over HTTP/2.
const maxInFlightPerHost = 32

// hostLimit enforces maxInFlightPerHost. It does what http.Transport's
// MaxConnsPerHost would, without that knob's history of hangs with HTTP/2
// (golang/go#34941), and a caller waiting for a turn stops waiting when its
// context ends. A request holds its turn until its response body is read to
// the end or closed. It sits above the per-request timeout, so waiting for a
// turn does not eat into request_timeout.
type hostLimit struct {
	inner http.RoundTripper
	max   int
	mu    sync.Mutex
	turns map[string]chan struct{} // host:port → one token per request in flight
}

func (l *hostLimit) RoundTrip(req *http.Request) (*http.Response, error) {
	turns := l.turnsFor(req.URL.Host)
	select {
	case turns <- struct{}{}:
	case <-req.Context().Done():
		closeBody(req)
		return nil, req.Context().Err()
	}
	resp, err := l.inner.RoundTrip(req)
	if err != nil {
		<-turns
		return nil, err
	}
	resp.Body = &releaseOnDone{ReadCloser: resp.Body, release: func() { <-turns }}
	return resp, nil
}

func (l *hostLimit) turnsFor(host string) chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.turns == nil {
		l.turns = map[string]chan struct{}{}
	}
	t, ok := l.turns[host]
	if !ok {
		t = make(chan struct{}, l.max)
		l.turns[host] = t
	}
	return t
}

// releaseOnDone gives the turn back once, at the body's end or close,
// whichever comes first.
type releaseOnDone struct {
	io.ReadCloser
	once    sync.Once
	release func()
}

func (r *releaseOnDone) Read(p []byte) (int, error) {
	n, err := r.ReadCloser.Read(p)
	if err != nil {
		r.once.Do(r.release)
	}
	return n, err
}

func (r *releaseOnDone) Close() error {
	err := r.ReadCloser.Close()
	r.once.Do(r.release)
	return err
}
