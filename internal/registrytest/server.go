package registrytest

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/go-containerregistry/pkg/registry"
)

// Server is a running registry on 127.0.0.1. It is safe for concurrent use.
type Server struct {
	// URL is the base URL, http://127.0.0.1:PORT or https://127.0.0.1:PORT.
	URL string
	// Host is 127.0.0.1:PORT, as written in image references.
	Host string

	opts   options
	inner  http.Handler // go-containerregistry's in-memory registry
	http   *http.Server
	served chan struct{} // closed when Serve returns
	client *http.Client
	caPEM  []byte
	conns  atomic.Int64 // TCP connections accepted

	hostileBytes atomic.Int64 // body bytes written by hostile faults

	// closing is closed by Close to release hung and sleeping handlers.
	closing   chan struct{}
	closeOnce sync.Once

	mu     sync.Mutex
	closed bool           // guarded by mu; no handler starts once set
	active sync.WaitGroup // handlers in flight, added to under mu
	log    []*Request
	faults faults
	tokens map[string]grant

	refreshTokens      map[string]bool // WithRefreshTokens: issued, not yet used
	initialRefreshUsed bool
	issued             []string // tokens and refresh tokens handed out
}

// Start listens on 127.0.0.1 on a free port and serves until Close.
func Start(opts ...Option) (*Server, error) {
	s := &Server{
		opts:    makeOptions(opts),
		inner:   registry.New(registry.Logger(log.New(io.Discard, "", 0))),
		served:  make(chan struct{}),
		closing: make(chan struct{}),
		tokens:  map[string]grant{},

		refreshTokens: map[string]bool{},
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("registrytest: listen: %w", err)
	}
	s.http = &http.Server{
		Handler:           http.HandlerFunc(s.handle),
		ConnState:         s.trackConn,
		ReadHeaderTimeout: 30 * time.Second,
		// TLS handshake failures from deliberately untrusting clients are
		// expected in tests; keep them off stderr.
		ErrorLog: log.New(io.Discard, "", 0),
	}
	scheme := "http"
	var roots *x509.CertPool
	if s.opts.tls {
		cert, caPEM, pool, err := selfSignedCert()
		if err != nil {
			_ = ln.Close()
			return nil, err
		}
		s.caPEM, roots, scheme = caPEM, pool, "https"
		s.http.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
	s.Host = ln.Addr().String()
	s.URL = scheme + "://" + s.Host
	s.client = newClient(roots)
	go s.serve(ln)
	return s, nil
}

func (s *Server) serve(ln net.Listener) {
	defer close(s.served)
	var err error
	if s.opts.tls {
		err = s.http.ServeTLS(ln, "", "")
	} else {
		err = s.http.Serve(ln)
	}
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Printf("registrytest: serve: %v", err)
	}
}

func newClient(roots *x509.CertPool) *http.Client {
	t := &http.Transport{}
	if d, ok := http.DefaultTransport.(*http.Transport); ok {
		t = d.Clone() // keep the default timeouts and pool sizes
	}
	if roots != nil {
		t.TLSClientConfig = &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}
	}
	return &http.Client{Transport: t}
}

// Client returns an HTTP client that trusts the server's certificate (in TLS
// mode) and has its own connection pool, closed by Close.
func (s *Server) Client() *http.Client { return s.client }

// CACertPEM returns the PEM-encoded self-signed certificate in TLS mode, nil
// otherwise.
func (s *Server) CACertPEM() []byte {
	if s.caPEM == nil {
		return nil
	}
	return append([]byte(nil), s.caPEM...)
}

// Close stops the server. Hung and delayed requests are released first, so
// Close returns promptly and no handler outlives it. Close is idempotent.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		s.mu.Unlock()
		// Drop connections before releasing hung handlers, so a released
		// handler has no client left to send an empty 200 to.
		_ = s.http.Close()
		close(s.closing)
		<-s.served
		s.active.Wait()
		if t, ok := s.client.Transport.(*http.Transport); ok {
			t.CloseIdleConnections()
		}
	})
}

// enter registers a handler in flight; false once Close has begun.
func (s *Server) enter() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.active.Add(1)
	return true
}

// handle logs the request, applies latency, then routes it: the token
// endpoint, or the registry behind auth and faults.
func (s *Server) handle(w http.ResponseWriter, r *http.Request) {
	if !s.enter() {
		writeError(w, r, http.StatusServiceUnavailable, "UNAVAILABLE", "registrytest: server closed")
		return
	}
	defer s.active.Done()

	entry := s.record(r)
	sw := &statusWriter{ResponseWriter: w}
	var delay time.Duration
	defer func() { s.finish(entry, sw.status, delay) }()

	if !s.sleep(r.Context(), s.opts.latency) {
		return
	}
	delay = s.opts.latency
	switch {
	case r.URL.Path == tokenPath:
		if s.injectFault(sw, r) {
			return
		}
		s.serveToken(sw, r)
	case isRegistryPath(r.URL.Path):
		// Real registries send this on every answer, challenges included.
		sw.Header().Set("Docker-Distribution-API-Version", "registry/2.0")
		if !s.authorize(sw, r) || s.injectFault(sw, r) {
			return
		}
		s.serveRegistry(s.manifestHeaderFaults(sw, r), r)
	default:
		writeError(sw, r, http.StatusNotFound, "NOT_FOUND", "registrytest serves /v2/ and "+tokenPath+" only")
	}
}

func (s *Server) serveRegistry(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet && isTagList(r.URL.Path) {
		s.serveTags(w, r)
		return
	}
	s.inner.ServeHTTP(w, r)
}

// sleep waits d, returning false if the client gave up or the server is
// closing first, in which case the request goes unanswered.
func (s *Server) sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
	case <-s.closing:
	}
	return false
}

// block waits until the client gives up or the server closes.
func (s *Server) block(ctx context.Context) {
	select {
	case <-ctx.Done():
	case <-s.closing:
	}
}
