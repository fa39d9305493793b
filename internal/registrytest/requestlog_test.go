package registrytest

import (
	"net/http"
	"testing"

	"github.com/google/go-containerregistry/pkg/v1/remote"
)

func TestRequestLogRecordsFrontDoorOnly(t *testing.T) {
	t.Parallel()
	s := New(t)
	want := mustPush(t, s, "acme/app:v1")
	if n := len(s.Requests()); n != 0 {
		t.Fatalf("seeding content logged %d requests, want 0: %v", n, s.Requests())
	}

	desc, err := remote.Head(mustRef(t, s, "acme/app:v1"))
	if err != nil {
		t.Fatal(err)
	}
	if desc.Digest.String() != want {
		t.Fatalf("HEAD digest %s, want %s", desc.Digest, want)
	}
	if got := s.ManifestRequests(http.MethodHead); got != 1 {
		t.Errorf("ManifestRequests(HEAD) = %d, want 1", got)
	}
	if got := s.ManifestRequests(http.MethodGet); got != 0 {
		t.Errorf("ManifestRequests(GET) = %d, want 0", got)
	}
	if got := s.Count(http.MethodGet, "/v2/"); got != 1 {
		t.Errorf("Count(GET, /v2/) = %d, want 1 (the ping)", got)
	}
	if got := s.Count("", ""); got != 2 {
		t.Errorf("Count(any, any) = %d, want 2: %v", got, s.Requests())
	}

	do(t, s, http.MethodGet, "/v2/acme/app/tags/list?n=5", nil)
	last := s.Requests()[len(s.Requests())-1]
	want2 := Request{Method: http.MethodGet, Path: "/v2/acme/app/tags/list", Query: "n=5", Status: http.StatusOK, Done: true}
	if last != want2 {
		t.Errorf("last request %+v, want %+v", last, want2)
	}

	s.ResetLog()
	if n := len(s.Requests()); n != 0 {
		t.Fatalf("after ResetLog %d requests remain", n)
	}
	if _, err := remote.Head(mustRef(t, s, "acme/app:missing")); err == nil {
		t.Fatal("HEAD of a missing tag succeeded")
	}
	if got := s.Requests(); len(got) != 2 || got[1].Status != http.StatusNotFound {
		t.Errorf("after ResetLog: %+v, want ping then a 404 HEAD", got)
	}
}

func TestRequestLogIsRaceFree(t *testing.T) {
	t.Parallel()
	s := New(t)
	mustPush(t, s, "acme/app:v1")
	ref := mustRef(t, s, "acme/app:v1")
	ctx := t.Context()
	done := make(chan error, 8)
	for range 8 {
		go func() {
			_, err := remote.Head(ref, remote.WithContext(ctx))
			done <- err
		}()
	}
	for range 8 {
		_ = s.Requests()
		_ = s.Count("", "")
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
	if got := s.ManifestRequests(http.MethodHead); got != 8 {
		t.Errorf("ManifestRequests(HEAD) = %d, want 8", got)
	}
}
