package registrytest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/v1/remote"
)

const manifestV1 = "/v2/acme/app/manifests/v1"

func TestRateLimit(t *testing.T) {
	t.Parallel()
	s := New(t)
	mustPush(t, s, "acme/app:v1")

	s.RateLimit("/manifests/", "2", 1)
	got := do(t, s, http.MethodGet, manifestV1, nil)
	wantStatus(t, got, http.StatusTooManyRequests)
	if ra := got.Header.Get("Retry-After"); ra != "2" {
		t.Errorf("Retry-After %q, want \"2\"", ra)
	}
	if !strings.Contains(got.body, `"code":"TOOMANYREQUESTS"`) {
		t.Errorf("body %s, want a TOOMANYREQUESTS error", got.body)
	}
	wantStatus(t, do(t, s, http.MethodGet, "/v2/", nil), http.StatusOK) // path does not match
	wantStatus(t, do(t, s, http.MethodGet, manifestV1, nil), http.StatusOK)

	s.RateLimit("", "", 0) // every /v2/ request, until cleared
	for range 3 {
		r := do(t, s, http.MethodHead, manifestV1, nil)
		wantStatus(t, r, http.StatusTooManyRequests)
		if _, ok := r.Header["Retry-After"]; ok {
			t.Error("Retry-After sent though none was given")
		}
	}
	wantStatus(t, do(t, s, http.MethodGet, "/v2/", nil), http.StatusTooManyRequests)
	s.ClearFaults()
	wantStatus(t, do(t, s, http.MethodHead, manifestV1, nil), http.StatusOK)
}

func TestServiceUnavailableThenSuccess(t *testing.T) {
	t.Parallel()
	s := New(t)
	want := mustPush(t, s, "acme/app:v1")

	s.FailStatus(http.MethodHead, "/manifests/", http.StatusServiceUnavailable, 1)
	wantStatus(t, do(t, s, http.MethodHead, manifestV1, nil), http.StatusServiceUnavailable)
	wantStatus(t, do(t, s, http.MethodHead, manifestV1, nil), http.StatusOK)

	// go-containerregistry retries 503, so one fault costs one extra request.
	s.ResetLog()
	s.FailStatus(http.MethodHead, "/manifests/", http.StatusServiceUnavailable, 1)
	quick := remote.WithRetryBackoff(remote.Backoff{Duration: 10 * time.Millisecond, Factor: 1, Steps: 3})
	desc, err := remote.Head(mustRef(t, s, "acme/app:v1"), quick)
	if err != nil {
		t.Fatal(err)
	}
	if desc.Digest.String() != want {
		t.Errorf("digest %s, want %s", desc.Digest, want)
	}
	if got := s.ManifestRequests(http.MethodHead); got != 2 {
		t.Errorf("ManifestRequests(HEAD) = %d, want 2 (503, then success)", got)
	}

	s.Unavailable("/manifests/", "1", 1)
	r := do(t, s, http.MethodGet, manifestV1, nil)
	wantStatus(t, r, http.StatusServiceUnavailable)
	if r.Header.Get("Retry-After") != "1" || !strings.Contains(r.body, "UNAVAILABLE") {
		t.Errorf("Unavailable: Retry-After %q body %s", r.Header.Get("Retry-After"), r.body)
	}
}

func TestFailStatusBodies(t *testing.T) {
	t.Parallel()
	s := New(t)
	mustPush(t, s, "acme/app:v1")
	cases := []struct {
		status int
		code   string
	}{
		{http.StatusUnauthorized, "UNAUTHORIZED"},
		{http.StatusForbidden, "DENIED"},
		{http.StatusNotFound, "MANIFEST_UNKNOWN"},
		{http.StatusInternalServerError, "UNKNOWN"},
		{http.StatusBadGateway, "UNKNOWN"},
	}
	for _, c := range cases {
		s.FailStatus(http.MethodGet, "/manifests/", c.status, 1)
		// The method filter leaves HEAD alone.
		wantStatus(t, do(t, s, http.MethodHead, manifestV1, nil), http.StatusOK)
		r := do(t, s, http.MethodGet, manifestV1, nil)
		wantStatus(t, r, c.status)
		if !strings.Contains(r.body, `"code":"`+c.code+`"`) {
			t.Errorf("%d: body %s, want code %s", c.status, r.body, c.code)
		}
	}
	wantStatus(t, do(t, s, http.MethodGet, manifestV1, nil), http.StatusOK)
}

func TestFaultsActAfterAuth(t *testing.T) {
	t.Parallel()
	s := New(t, WithBearerAuth("", ""))
	mustPush(t, s, "acme/app:v1")
	s.FailStatus("", "/token", http.StatusInternalServerError, 1)
	wantStatus(t, do(t, s, http.MethodGet, "/token?service=registrytest", nil), http.StatusInternalServerError)

	s.FailStatus(http.MethodHead, "/manifests/", http.StatusServiceUnavailable, 1)
	// The challenge does not use the fault up…
	wantStatus(t, do(t, s, http.MethodHead, manifestV1, nil), http.StatusUnauthorized)
	// …so the authorised request meets it.
	token := fetchToken(t, s, "service=registrytest&scope=repository:acme/app:pull", nil)
	wantStatus(t, do(t, s, http.MethodHead, manifestV1, bearerHeader(token)), http.StatusServiceUnavailable)
	wantStatus(t, do(t, s, http.MethodHead, manifestV1, bearerHeader(token)), http.StatusOK)

	// An injected 401 carries the auth mode's challenge, as a real one would.
	s.FailStatus(http.MethodHead, "/manifests/", http.StatusUnauthorized, 1)
	r := do(t, s, http.MethodHead, manifestV1, bearerHeader(token))
	wantStatus(t, r, http.StatusUnauthorized)
	if c := r.Header.Get("WWW-Authenticate"); !strings.HasPrefix(c, "Bearer realm=") {
		t.Errorf("injected 401 challenge %q, want Bearer", c)
	}
}

func TestManifestHeadersByDefault(t *testing.T) {
	t.Parallel()
	s := New(t)
	want := mustPush(t, s, "acme/app:v1")
	for _, method := range []string{http.MethodHead, http.MethodGet} {
		r := do(t, s, method, manifestV1, nil)
		wantStatus(t, r, http.StatusOK)
		if d := r.Header.Get("Docker-Content-Digest"); d != want {
			t.Errorf("%s Docker-Content-Digest %q, want %q", method, d, want)
		}
		if ct := r.Header.Get("Content-Type"); ct != "application/vnd.oci.image.manifest.v1+json" {
			t.Errorf("%s Content-Type %q, want the OCI manifest type", method, ct)
		}
	}
}

func TestHeadWithoutDigest(t *testing.T) {
	t.Parallel()
	s := New(t)
	want := mustPush(t, s, "acme/app:v1")
	s.HeadWithoutDigest(true)

	head := do(t, s, http.MethodHead, manifestV1, nil)
	wantStatus(t, head, http.StatusOK)
	if _, ok := head.Header["Docker-Content-Digest"]; ok {
		t.Errorf("HEAD still carries Docker-Content-Digest %q", head.Header.Get("Docker-Content-Digest"))
	}
	if head.Header.Get("Content-Type") == "" {
		t.Error("HEAD lost Content-Type too")
	}
	if d := do(t, s, http.MethodGet, manifestV1, nil).Header.Get("Docker-Content-Digest"); d != want {
		t.Errorf("GET Docker-Content-Digest %q, want %q (GET unaffected)", d, want)
	}
	s.HeadWithoutDigest(false)
	if d := do(t, s, http.MethodHead, manifestV1, nil).Header.Get("Docker-Content-Digest"); d != want {
		t.Errorf("after turning off, HEAD digest %q, want %q", d, want)
	}
}

func TestHeadNotAllowed(t *testing.T) {
	t.Parallel()
	s := New(t)
	mustPush(t, s, "acme/app:v1")
	s.HeadNotAllowed(true)
	wantStatus(t, do(t, s, http.MethodHead, manifestV1, nil), http.StatusMethodNotAllowed)
	wantStatus(t, do(t, s, http.MethodGet, manifestV1, nil), http.StatusOK)
	wantStatus(t, do(t, s, http.MethodHead, "/v2/", nil), http.StatusOK)

	// go-containerregistry's remote.Head has no GET fallback, so it fails.
	_, err := remote.Head(mustRef(t, s, "acme/app:v1"))
	wantHTTPStatus(t, err, http.StatusMethodNotAllowed)

	s.HeadNotAllowed(false)
	wantStatus(t, do(t, s, http.MethodHead, manifestV1, nil), http.StatusOK)
}

func TestWrongDigestHeader(t *testing.T) {
	t.Parallel()
	s := New(t)
	want := mustPush(t, s, "acme/app:v1")
	s.WrongDigestHeader(true)

	get := do(t, s, http.MethodGet, manifestV1, nil)
	wantStatus(t, get, http.StatusOK)
	sum := sha256.Sum256([]byte(get.body))
	if body := "sha256:" + hex.EncodeToString(sum[:]); body != want {
		t.Fatalf("body digest %s, want %s (the body must be intact)", body, want)
	}
	if d := get.Header.Get("Docker-Content-Digest"); d == want || !strings.HasPrefix(d, "sha256:") {
		t.Errorf("GET Docker-Content-Digest %q, want a well-formed digest other than %s", d, want)
	}
	if d := do(t, s, http.MethodHead, manifestV1, nil).Header.Get("Docker-Content-Digest"); d == want || d == "" {
		t.Errorf("HEAD Docker-Content-Digest %q, want a wrong one", d)
	}
	// A client that trusts HEAD is misled, which is what the fault is for.
	desc, err := remote.Head(mustRef(t, s, "acme/app:v1"))
	if err != nil {
		t.Fatal(err)
	}
	if desc.Digest.String() == want {
		t.Errorf("remote.Head reported the true digest %s through a wrong header", want)
	}
}

func TestHangReleasedByClientTimeout(t *testing.T) {
	t.Parallel()
	s := New(t)
	mustPush(t, s, "acme/app:v1")
	s.Hang("/manifests/", true)

	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	_, err := remote.Head(mustRef(t, s, "acme/app:v1"), remote.WithContext(ctx))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v, want the client's deadline", err)
	}
	if got := s.ManifestRequests(http.MethodHead); got != 1 {
		t.Errorf("ManifestRequests(HEAD) = %d, want 1", got)
	}
	// The server is still open, so only the client giving up can have ended
	// the handler; a hang that ignored it would never be Done.
	waitFor(t, "the hung request to be released unanswered", func() bool {
		r := s.Requests()
		return len(r) == 2 && r[1].Done
	})
	wantLogged(t, s,
		Request{Method: http.MethodGet, Path: "/v2/", Status: http.StatusOK, Done: true},
		Request{Method: http.MethodHead, Path: manifestV1, Status: 0, Done: true},
	)
	wantStatus(t, do(t, s, http.MethodGet, "/v2/", nil), http.StatusOK) // other paths unaffected

	s.Hang("/manifests/", false)
	wantStatus(t, do(t, s, http.MethodHead, manifestV1, nil), http.StatusOK)
}

// getAsync sends GET path from another goroutine and delivers its error.
func getAsync(s *Server, path string) <-chan error {
	errc := make(chan error, 1)
	go func() {
		resp, err := s.Client().Get(s.URL + path)
		if err == nil {
			_ = resp.Body.Close()
		}
		errc <- err
	}()
	return errc
}

// closeAsync runs Close from another goroutine and reports when it returns.
func closeAsync(s *Server) <-chan struct{} {
	closed := make(chan struct{})
	go func() { s.Close(); close(closed) }()
	return closed
}

func TestHangReleasedByClose(t *testing.T) {
	t.Parallel()
	s, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	s.Hang("", true)
	errc := getAsync(s, "/v2/")
	waitFor(t, "the request to arrive", func() bool { return s.Count("", "/v2/") == 1 })

	// Close waits for every handler, so returning at all means it released
	// the hung one; the watchdog only turns a regression into a failure
	// instead of a hang.
	await(t, "Close to return behind a hung request", closeAsync(s))
	if err := await(t, "the hung request to end", errc); err == nil {
		t.Error("the hung request got an answer; want the connection closed")
	}
	wantLogged(t, s, Request{Method: http.MethodGet, Path: "/v2/", Status: 0, Done: true})
	s.Close() // idempotent
}

func TestCloseReleasesRequestsInLatency(t *testing.T) {
	t.Parallel()
	s, err := Start(WithLatency(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	errc := getAsync(s, "/v2/")
	waitFor(t, "the request to arrive", func() bool { return s.Count("", "") == 1 })

	// As above: Close returning proves the request left its hour of latency;
	// the watchdog is only a guard against hanging.
	await(t, "Close to return behind a delayed request", closeAsync(s))
	if err := await(t, "the delayed request to end", errc); err == nil {
		t.Error("the delayed request got an answer after Close")
	}
	// Released before its latency ran out, and never answered.
	wantLogged(t, s, Request{Method: http.MethodGet, Path: "/v2/", Status: 0, Delay: 0, Done: true})
}
