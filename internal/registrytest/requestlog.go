package registrytest

import (
	"net/http"
	"strings"
	"time"
)

// Request is one logged request, registry or token. Tests read what the
// server did from it rather than timing the client: how long it was held in
// latency, and whether and how it was answered.
type Request struct {
	Method string
	Path   string
	Query  string
	// Status is the status sent, 0 while the request is in flight and 0 for
	// good if it was never answered (hung, or cut short in latency).
	Status int
	// Delay is the latency (WithLatency) the request was held for before
	// being handled: the configured latency once it has run its full course,
	// 0 when none is configured or the client gave up or Close came first.
	Delay time.Duration
	// Done is set once the server has finished with the request. Done with
	// Status 0 means it was dropped unanswered, released from a hang or from
	// latency by the client giving up or by Close.
	Done bool
}

func (s *Server) record(r *http.Request) *Request {
	e := &Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = append(s.log, e)
	return e
}

func (s *Server) finish(e *Request, status int, delay time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e.Status, e.Delay, e.Done = status, delay, true
}

// Requests returns a copy of the log, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.log))
	for i, e := range s.log {
		out[i] = *e
	}
	return out
}

// Count returns how many logged requests have the method and a path
// containing pathContains; "" matches any method or any path.
func (s *Server) Count(method, pathContains string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, e := range s.log {
		if (method == "" || e.Method == method) && strings.Contains(e.Path, pathContains) {
			n++
		}
	}
	return n
}

// ManifestRequests counts manifest requests with the method ("" for any).
func (s *Server) ManifestRequests(method string) int {
	return s.Count(method, "/manifests/")
}

// TokenRequests counts requests to the token endpoint.
func (s *Server) TokenRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, e := range s.log {
		if e.Path == tokenPath {
			n++
		}
	}
	return n
}

// ResetLog empties the log, e.g. after seeding content through the front door.
func (s *Server) ResetLog() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = nil
}
