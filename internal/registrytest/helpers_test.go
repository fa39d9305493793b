package registrytest

import (
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
)

// response is an HTTP answer with its body already read.
type response struct {
	*http.Response
	body string
}

// do sends a raw request to s and reads the whole answer.
func do(t *testing.T, s *Server, method, path string, header http.Header) response {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer func() { _ = resp.Body.Close() }()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading body: %v", method, path, err)
	}
	return response{resp, string(b)}
}

// mustRef parses "acme/app:v1" relative to s.
func mustRef(t *testing.T, s *Server, ref string) name.Reference {
	t.Helper()
	r, err := name.ParseReference(s.Host + "/" + ref)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func mustPush(t *testing.T, s *Server, ref string) string {
	t.Helper()
	d, err := s.PushRandom(ref)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func wantStatus(t *testing.T, got response, want int) {
	t.Helper()
	if got.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d; body %s", got.Request.Method, got.Request.URL.Path, got.StatusCode, want, got.body)
	}
}

// watchdog bounds how long a test waits for something that should happen at
// once, so that a regression fails with a message instead of hanging until go
// test's own timeout. It is a guard, never the assertion: no test here checks
// how long anything took.
const watchdog = time.Minute

// waitFor polls cond until it holds, failing only if the watchdog fires.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), watchdog)
	defer cancel()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatalf("still waiting for %s after %v", what, watchdog)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// await receives from ch, failing only if the watchdog fires first.
func await[T any](t *testing.T, what string, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(watchdog):
		t.Fatalf("still waiting for %s after %v", what, watchdog)
	}
	var zero T
	return zero
}

// wantLogged fails unless the log holds exactly want, in order.
func wantLogged(t *testing.T, s *Server, want ...Request) {
	t.Helper()
	got := s.Requests()
	if len(got) != len(want) {
		t.Fatalf("logged %d requests, want %d:\n got %+v\nwant %+v", len(got), len(want), got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("request %d logged as %+v, want %+v", i, got[i], want[i])
		}
	}
}
