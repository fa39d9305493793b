package registry

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// newBaseTransport is the one connection pool of a Client: verified TLS with
// the system roots plus any extra CA, kept-alive connections, proxies from the
// environment.
func newBaseTransport(caPEM [][]byte, verify bool) (*http.Transport, error) {
	var tlsConfig *tls.Config
	if len(caPEM) > 0 {
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		for _, pem := range caPEM {
			if !pool.AppendCertsFromPEM(pem) {
				return nil, errors.New("ca_certificates: the PEM holds no certificate")
			}
		}
		tlsConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	if !verify {
		// only ever used for hosts listed in insecure_registries
		tlsConfig = &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS12} //nolint:gosec
	}
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		TLSClientConfig:       tlsConfig,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   2 * maxInFlightPerHost, // see maxInFlightPerHost
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}, nil
}

// schemePolicy enforces the transport security of each host, whatever asked
// for the request (a ping, a token realm, a redirect):
//   - plain HTTP only to hosts listed insecure and to loopback:
//     go-containerregistry's ping also falls back to HTTP for private
//     (RFC 1918) addresses, which would be a silent downgrade;
//   - HTTPS to hosts listed insecure without certificate verification, as
//     Docker does for its insecure-registries; verified TLS everywhere else.
type schemePolicy struct {
	verified   http.RoundTripper
	unverified http.RoundTripper // nil with WithTransport: the caller's transport decides
	insecure   func(host string) bool
	allowed    func(host string) bool
}

// errPlainHTTP is returned for a refused plain-HTTP request.
type errPlainHTTP struct{ host string }

func (e *errPlainHTTP) Error() string {
	return fmt.Sprintf("plain HTTP to %s refused: the registry is not listed in insecure_registries", e.host)
}

func (p *schemePolicy) RoundTrip(req *http.Request) (*http.Response, error) {
	switch {
	case req.URL.Scheme == "http" && !p.allowed(req.URL.Host):
		closeBody(req)
		return nil, &errPlainHTTP{host: req.URL.Host}
	case req.URL.Scheme == "https" && p.unverified != nil && p.insecure(req.URL.Host):
		return p.unverified.RoundTrip(req)
	}
	return p.verified.RoundTrip(req)
}

// attemptTimeout reports a round trip that got no (complete) answer within
// the per-request timeout.
type attemptTimeout struct{ after time.Duration }

func (e *attemptTimeout) Error() string { return fmt.Sprintf("no response within %s", e.after) }
func (e *attemptTimeout) Timeout() bool { return true }

// timeoutTransport bounds one round trip, body included: the deadline is
// released when the caller closes the body.
type timeoutTransport struct {
	inner   http.RoundTripper
	timeout time.Duration
}

func (t *timeoutTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithTimeoutCause(req.Context(), t.timeout, &attemptTimeout{t.timeout})
	resp, err := t.inner.RoundTrip(req.WithContext(ctx))
	if err != nil {
		cause := context.Cause(ctx)
		cancel()
		var at *attemptTimeout
		if errors.As(cause, &at) && req.Context().Err() == nil {
			return nil, at
		}
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel, ctx: ctx}
	return resp, nil
}

// cancelOnClose releases a round trip's deadline with its body, and turns a
// body read cut short by that deadline into an attemptTimeout.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
	ctx    context.Context
}

func (c *cancelOnClose) Read(p []byte) (int, error) {
	n, err := c.ReadCloser.Read(p)
	if err != nil && err != io.EOF {
		var at *attemptTimeout
		if errors.As(context.Cause(c.ctx), &at) {
			return n, at
		}
	}
	return n, err
}

func (c *cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}

// userAgentTransport sets the User-Agent on a copy of the request.
type userAgentTransport struct {
	inner http.RoundTripper
	ua    string
}

func (t *userAgentTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.Header.Set("User-Agent", t.ua)
	return t.inner.RoundTrip(r)
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		_ = req.Body.Close()
	}
}

// isLoopback reports hosts that go-containerregistry (and Docker) reach over
// plain HTTP without being told: localhost, 127.0.0.0/8, ::1.
func isLoopback(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
