package registry_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registry"
)

func TestErrorKindsNest(t *testing.T) {
	for _, kind := range []error{registry.ErrTagNotFound, registry.ErrRepositoryNotFound} {
		err := error(&registry.Error{Kind: kind, Registry: "r", Reference: "r/a:1"})
		if !errors.Is(err, registry.ErrNotFound) || !errors.Is(err, kind) {
			t.Errorf("%v: want both itself and ErrNotFound", kind)
		}
	}
	err := error(&registry.Error{Kind: registry.ErrTagNotFound})
	if errors.Is(err, registry.ErrRepositoryNotFound) || errors.Is(err, registry.ErrDenied) {
		t.Error("a missing tag matches other kinds")
	}
}

func TestResolveErrorReadsLikeASentence(t *testing.T) {
	s := newDeniedServer(t)
	_, err := newClient(t).Resolve(t.Context(), s.Host+"/acme/app:v1", "linux/amd64")
	want := "registry " + s.Host + " denied access to " + s.Host + "/acme/app:v1 (HTTP 403 DENIED: "
	if !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got  %q\nwant %q…", err, want)
	}
}

// A provider that does not single out an unsafe realm still reports the
// registry's answer as invalid.
func TestUnsafeRealmIsAlsoBadResponse(t *testing.T) {
	err := error(&registry.Error{Kind: registry.ErrUnsafeRealm})
	if !errors.Is(err, registry.ErrBadResponse) || !errors.Is(err, registry.ErrUnsafeRealm) {
		t.Error("ErrUnsafeRealm should match itself and ErrBadResponse")
	}
	if errors.Is(&registry.Error{Kind: registry.ErrBadResponse}, registry.ErrUnsafeRealm) {
		t.Error("any bad response matches ErrUnsafeRealm")
	}
}

func TestTLSFailureIsAlsoUnavailable(t *testing.T) {
	err := error(&registry.Error{Kind: registry.ErrTLS})
	if !errors.Is(err, registry.ErrUnavailable) || !errors.Is(err, registry.ErrTLS) {
		t.Error("ErrTLS should match itself and ErrUnavailable")
	}
}

// Each kind has its own sentence; a sub-kind (ErrTLS, ErrTagNotFound) must
// not read as the broader kind it also matches.
func TestErrorSentenceNamesTheKind(t *testing.T) {
	const reg, ref = "r.io", "r.io/acme/app:v1"
	for kind, want := range map[error]string{
		registry.ErrTagNotFound:        "registry r.io has no manifest for r.io/acme/app:v1",
		registry.ErrRepositoryNotFound: "registry r.io has no repository r.io/acme/app:v1",
		registry.ErrNotFound:           "registry r.io: not found: r.io/acme/app:v1",
		registry.ErrUnauthorized:       "registry r.io rejected the credentials for r.io/acme/app:v1",
		registry.ErrDenied:             "registry r.io denied access to r.io/acme/app:v1",
		registry.ErrRateLimited:        "registry r.io is rate-limiting requests for r.io/acme/app:v1",
		registry.ErrUnavailable:        "registry r.io is unavailable for r.io/acme/app:v1",
		registry.ErrTLS:                "TLS verification of registry r.io failed for r.io/acme/app:v1",
		registry.ErrTimeout:            "request to registry r.io for r.io/acme/app:v1 timed out",
		registry.ErrCanceled:           "request to registry r.io for r.io/acme/app:v1 was canceled",
		registry.ErrBadResponse:        "registry r.io sent an invalid response for r.io/acme/app:v1",
		registry.ErrUnsafeRealm:        "registry r.io named a token server the provider will not contact, for r.io/acme/app:v1",
		registry.ErrInvalidReference:   `invalid reference "r.io/acme/app:v1"`,
		registry.ErrTooManyTags:        "registry r.io: too many tags: r.io/acme/app:v1",
	} {
		if got := (&registry.Error{Kind: kind, Registry: reg, Reference: ref}).Error(); got != want {
			t.Errorf("%v:\n got %q\nwant %q", kind, got, want)
		}
	}
}
