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

func TestTLSFailureIsAlsoUnavailable(t *testing.T) {
	err := error(&registry.Error{Kind: registry.ErrTLS})
	if !errors.Is(err, registry.ErrUnavailable) || !errors.Is(err, registry.ErrTLS) {
		t.Error("ErrTLS should match itself and ErrUnavailable")
	}
}
