package registrytest

import (
	"net/http"
	"strings"
)

// Request is one logged request, registry or token. Status is 0 while the
// request is in flight, and stays 0 if it was never answered (hung, or the
// client gave up during latency).
type Request struct {
	Method string
	Path   string
	Query  string
	Status int
}

func (s *Server) record(r *http.Request) *Request {
	e := &Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = append(s.log, e)
	return e
}

func (s *Server) finish(e *Request, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e.Status = status
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
