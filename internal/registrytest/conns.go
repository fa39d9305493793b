package registrytest

import (
	"net"
	"net/http"
)

// trackConn counts connections as the server accepts them, so that a test
// can see whether a client reuses its connections or opens one per request:
// what a registry that limits connections per client would see.
func (s *Server) trackConn(_ net.Conn, state http.ConnState) {
	if state == http.StateNew {
		s.conns.Add(1)
	}
}

// Connections returns how many TCP connections the server has accepted since
// Start, including those a client opened only to fail its TLS handshake.
func (s *Server) Connections() int {
	return int(s.conns.Load())
}
