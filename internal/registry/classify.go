package registry

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"

	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
)

// op says which kind of request failed, which decides what a bare 404 means.
type op int

const (
	opPing op = iota
	opToken
	opManifest
	opTags
	opBlob
)

// target is what a failure is reported against.
type target struct {
	registry  string
	reference string
	anonymous bool // no credentials were sent: a 401 means "log in", not "wrong password"
}

// fromResponse turns an unsuccessful response into an *Error, reading (a
// bounded amount of) its body for the registry's error codes.
func (c *Client) fromResponse(resp *http.Response, method string, t target, o op) *Error {
	body := readPrefix(resp.Body, maxErrorBytes)
	se := &statusError{method: method, status: resp.StatusCode}
	var parsed struct {
		Errors []diagnostic `json:"errors"`
	}
	if json.Unmarshal(body, &parsed) == nil && len(parsed.Errors) > 0 {
		se.codes = parsed.Errors
	} else if text := strings.TrimSpace(string(body)); text != "" && len(text) <= 512 && !strings.ContainsAny(text, "<{") {
		se.body = text // a short plain-text reason; never an HTML page
	}
	e := c.statusFailure(se, t, o)
	if after, ok := retryAfter(resp.Header, c.opts.clock.Now()); ok {
		e.RetryAfter = after
	}
	return e
}

func (c *Client) statusFailure(se *statusError, t target, o op) *Error {
	e := &Error{
		Kind:      kindOf(se, o),
		Registry:  t.registry,
		Reference: t.reference,
		Status:    se.status,
		Code:      se.firstCode(),
		Err:       &scrubbedError{msg: c.secrets.scrub(se.Error()), err: se},
	}
	if errors.Is(e.Kind, ErrUnauthorized) && t.anonymous {
		e.detail = "registry " + t.registry + " requires authentication for " + t.reference + " and no credentials are configured for it"
	}
	if errors.Is(e.Kind, ErrTagNotFound) && se.method == http.MethodHead && len(se.codes) == 0 {
		e.detail = "registry " + t.registry + " has no manifest for " + t.reference + " (the tag or the repository does not exist)"
	}
	return e
}

func kindOf(se *statusError, o op) error {
	switch s := se.status; {
	case s == http.StatusUnauthorized:
		return ErrUnauthorized
	case s == http.StatusForbidden:
		return ErrDenied
	case s == http.StatusNotFound:
		switch {
		case se.hasCode("NAME_UNKNOWN"):
			return ErrRepositoryNotFound
		case se.hasCode("MANIFEST_UNKNOWN"), o == opManifest:
			return ErrTagNotFound
		case o == opTags:
			return ErrRepositoryNotFound
		case o == opBlob:
			return ErrBadResponse // the manifest names a config the registry lacks
		default:
			return ErrNotFound
		}
	case s == http.StatusTooManyRequests || se.hasCode("TOOMANYREQUESTS"):
		return ErrRateLimited
	case s == http.StatusRequestTimeout:
		return ErrTimeout
	case s >= 500:
		return ErrUnavailable
	default:
		return ErrBadResponse
	}
}

// fromError turns a failed round trip (or a library error around one) into
// an *Error. ctx is the caller's: its end wins over whatever the network said.
func (c *Client) fromError(ctx context.Context, err error, t target, o op) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return c.fromContext(ctxErr, t)
	}
	var (
		rr *refusedRedirect
		ur *unsafeRealm
	)
	switch {
	case errors.As(err, &rr):
		return &Error{Kind: ErrUnsafeRedirect, Registry: t.registry, Reference: t.reference,
			Err: &scrubbedError{msg: c.secrets.scrub(rr.Error()), err: rr}}
	case errors.As(err, &ur):
		return &Error{Kind: ErrUnsafeRealm, Registry: t.registry, Reference: t.reference,
			Err: &scrubbedError{msg: c.secrets.scrub(ur.Error()), err: ur}}
	}
	var at *attemptTimeout
	if errors.As(err, &at) && tlsFailure(err) {
		// go-containerregistry pings a loopback registry over HTTPS and HTTP
		// at once; when the registry speaks HTTP but does not answer, the
		// instant HTTPS failure is noise and the silence is the news.
		err = at
	}
	var terr *transport.Error
	// A failed TLS handshake outranks the status of a plain-HTTP fallback:
	// go-containerregistry pings loopback registries both ways.
	if !tlsFailure(err) && errors.As(err, &terr) {
		// ping and token exchange: go-containerregistry read the body
		se := &statusError{status: terr.StatusCode}
		if terr.Request != nil {
			se.method = terr.Request.Method
		}
		for _, d := range terr.Errors {
			se.codes = append(se.codes, diagnostic{Code: string(d.Code), Message: d.Message})
		}
		return c.statusFailure(se, t, o)
	}
	if tlsFailure(err) {
		// Report the HTTPS attempt, not the plain-HTTP fallback's noise.
		var uerr *url.Error
		if errors.As(err, &uerr) && tlsFailure(uerr) {
			err = uerr
		}
	}
	e = &Error{
		Kind:      networkKind(err),
		Registry:  t.registry,
		Reference: t.reference,
		Err:       &scrubbedError{msg: c.secrets.scrub(causeText(err)), err: err},
	}
	if strings.Contains(err.Error(), "server gave HTTP response to HTTPS client") {
		e.detail = "registry " + t.registry + " answered plain HTTP over HTTPS for " + t.reference + "; list it in insecure_registries if that is intended"
	}
	return e
}

func (c *Client) fromContext(ctxErr error, t target) *Error {
	kind := ErrCanceled
	if errors.Is(ctxErr, context.DeadlineExceeded) {
		kind = ErrTimeout
	}
	return &Error{Kind: kind, Registry: t.registry, Reference: t.reference, Err: ctxErr}
}

func tlsFailure(err error) bool {
	var (
		unknownAuthority x509.UnknownAuthorityError
		hostname         x509.HostnameError
		invalid          x509.CertificateInvalidError
		verify           *tls.CertificateVerificationError
		recordHeader     tls.RecordHeaderError
	)
	return errors.As(err, &verify) || errors.As(err, &unknownAuthority) || errors.As(err, &hostname) ||
		errors.As(err, &invalid) || errors.As(err, &recordHeader) ||
		strings.Contains(err.Error(), "server gave HTTP response to HTTPS client")
}

func networkKind(err error) error {
	var (
		at     *attemptTimeout
		netErr net.Error
		dnsErr *net.DNSError
		opErr  *net.OpError
		plain  *errPlainHTTP
	)
	switch {
	case tlsFailure(err):
		return ErrTLS
	case errors.As(err, &at), errors.Is(err, context.DeadlineExceeded):
		return ErrTimeout
	case errors.As(err, &netErr) && netErr.Timeout():
		return ErrTimeout
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.As(err, &dnsErr), errors.As(err, &opErr):
		return ErrUnavailable
	case errors.As(err, &plain):
		return ErrTLS
	default:
		return ErrBadResponse
	}
}

// causeText is an error's text minus what would leak: a token server's
// response body.
func causeText(err error) string {
	msg := strings.Join(strings.Fields(err.Error()), " ")
	if i := strings.Index(msg, "no token in bearer response"); i >= 0 {
		return msg[:i] + "the token server's response held no token"
	}
	return msg
}
