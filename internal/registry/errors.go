package registry

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Sentinel kinds. Every error the Client returns is an *Error whose Kind is
// one of these, so errors.Is(err, ErrDenied) and the like work.
//
// ErrTagNotFound and ErrRepositoryNotFound also match ErrNotFound. ErrTLS (a
// certificate that does not verify, or a registry answering plain HTTP on an
// HTTPS port) also matches ErrUnavailable, so a caller that does not single
// it out still reports an unreachable registry. ErrCanceled means the
// caller's context was canceled (errors.Is(err, context.Canceled) holds too);
// ErrTimeout covers the per-request timeout, a 408, and the caller's deadline.
// ErrUnsafeRealm (a registry's Bearer challenge naming a token server the
// client refuses to contact: a metadata, link-local or private address, or
// plain HTTP for an HTTPS registry) also matches ErrBadResponse, and so does
// ErrUnsafeRedirect (a redirect the client will not follow: to another
// origin for a manifest or tag list, to such an address, from HTTPS to HTTP,
// with credentials in the body, or one too many).
var (
	ErrNotFound                 = errors.New("not found")
	ErrTagNotFound        error = &subKind{"tag not found", ErrNotFound}
	ErrRepositoryNotFound error = &subKind{"repository not found", ErrNotFound}
	ErrUnauthorized             = errors.New("unauthorized")
	ErrDenied                   = errors.New("denied")
	ErrRateLimited              = errors.New("rate limited")
	ErrUnavailable              = errors.New("unavailable")
	ErrTimeout                  = errors.New("timeout")
	ErrCanceled                 = errors.New("canceled")
	ErrTLS                error = &subKind{"TLS verification failed", ErrUnavailable}
	ErrBadResponse              = errors.New("bad response")
	ErrUnsafeRealm        error = &subKind{"unsafe token realm", ErrBadResponse}
	ErrUnsafeRedirect     error = &subKind{"unsafe redirect", ErrBadResponse}
	ErrPlatformNotFound         = errors.New("platform not found")
	ErrTooManyTags              = errors.New("too many tags")
	ErrInvalidReference         = errors.New("invalid reference")
	ErrInvalidPlatform          = errors.New("invalid platform")
)

// subKind is a kind that also matches a broader kind: a missing tag is also
// "not found".
type subKind struct {
	msg    string
	parent error
}

func (k *subKind) Error() string { return k.msg }
func (k *subKind) Unwrap() error { return k.parent }

// Error is what every Client method returns on failure.
type Error struct {
	Kind       error         // one of the Err… sentinels
	Registry   string        // "127.0.0.1:5000", "index.docker.io"
	Reference  string        // the reference or repository, normalised
	Status     int           // HTTP status, 0 when there was no response
	Code       string        // the registry's error code ("DENIED"), if any
	RetryAfter time.Duration // how long the registry asked us to wait, if it did
	Err        error         // the cause, with credentials scrubbed from its text

	// detail replaces the generic sentence for the kind (platform lists,
	// tag caps, anonymous versus rejected credentials).
	detail string
}

// Unwrap exposes both the kind and the cause to errors.Is / errors.As.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

// Error names the registry, the reference and the cause, e.g.
// "registry 127.0.0.1:5000 denied access to 127.0.0.1:5000/acme/app:v1 (HTTP 403 DENIED: access denied)".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.sentence())
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, "; it asked to retry after %s", e.RetryAfter.Round(time.Second))
	}
	if e.Err != nil {
		fmt.Fprintf(&b, " (%s)", e.Err)
	}
	// The registry's own words are in there (codes, messages, names): no
	// control character of theirs reaches a terminal, whatever the path.
	return cleanText(b.String(), maxErrorText)
}

// maxErrorText bounds a whole error message: a sentence of ours and a few
// of the registry's messages, each already cut to maxRegistryText.
const maxErrorText = 2048

func (e *Error) sentence() string {
	if e.detail != "" {
		return e.detail
	}
	reg, ref := e.Registry, e.Reference
	// Sub-kinds come before the kinds they also match: ErrTLS is checked
	// before ErrUnavailable, ErrUnsafeRealm before ErrBadResponse, and
	// ErrNotFound itself has no case of its own.
	switch k := e.Kind; {
	case errors.Is(k, ErrTagNotFound):
		return fmt.Sprintf("registry %s has no manifest for %s", reg, ref)
	case errors.Is(k, ErrRepositoryNotFound):
		return fmt.Sprintf("registry %s has no repository %s", reg, ref)
	case errors.Is(k, ErrUnauthorized):
		return fmt.Sprintf("registry %s rejected the credentials for %s", reg, ref)
	case errors.Is(k, ErrDenied):
		return fmt.Sprintf("registry %s denied access to %s", reg, ref)
	case errors.Is(k, ErrRateLimited):
		return fmt.Sprintf("registry %s is rate-limiting requests for %s", reg, ref)
	case errors.Is(k, ErrTLS):
		return fmt.Sprintf("TLS verification of registry %s failed for %s", reg, ref)
	case errors.Is(k, ErrUnavailable):
		return fmt.Sprintf("registry %s is unavailable for %s", reg, ref)
	case errors.Is(k, ErrTimeout):
		return fmt.Sprintf("request to registry %s for %s timed out", reg, ref)
	case errors.Is(k, ErrCanceled):
		return fmt.Sprintf("request to registry %s for %s was canceled", reg, ref)
	case errors.Is(k, ErrUnsafeRedirect):
		return fmt.Sprintf("registry %s redirected a request for %s where the provider will not follow", reg, ref)
	case errors.Is(k, ErrUnsafeRealm):
		return fmt.Sprintf("registry %s named a token server the provider will not contact, for %s", reg, ref)
	case errors.Is(k, ErrBadResponse):
		return fmt.Sprintf("registry %s sent an invalid response for %s", reg, ref)
	case errors.Is(k, ErrInvalidReference):
		return fmt.Sprintf("invalid reference %q", ref)
	default:
		return fmt.Sprintf("registry %s: %s: %s", reg, k, ref)
	}
}

// statusError is the cause of an HTTP failure, without the request URL.
type statusError struct {
	method string
	status int
	codes  []diagnostic
	body   string
}

type diagnostic struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e *statusError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "HTTP %d", e.status)
	switch {
	case len(e.codes) > 0:
		for i, d := range e.codes {
			if i > 0 {
				b.WriteString(";")
			}
			if i == 3 {
				fmt.Fprintf(&b, " and %d more", len(e.codes)-i)
				break
			}
			fmt.Fprintf(&b, " %s", cleanText(d.Code, maxFieldText))
			if d.Message != "" {
				fmt.Fprintf(&b, ": %s", cleanText(d.Message, maxRegistryText))
			}
		}
	case e.body != "":
		fmt.Fprintf(&b, " %s: %s", http.StatusText(e.status), cleanText(e.body, maxRegistryText))
	default:
		fmt.Fprintf(&b, " %s", http.StatusText(e.status))
		if e.method == http.MethodHead {
			b.WriteString(" on HEAD, no detail")
		}
	}
	return b.String()
}

func (e *statusError) hasCode(code string) bool {
	for _, d := range e.codes {
		if strings.EqualFold(d.Code, code) {
			return true
		}
	}
	return false
}

func (e *statusError) firstCode() string {
	if len(e.codes) == 0 {
		return ""
	}
	return cleanText(e.codes[0].Code, maxFieldText)
}

// scrubbedError carries a cause whose text went through the client's redactor;
// Unwrap keeps errors.Is(err, context.Canceled) and friends working.
type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }
