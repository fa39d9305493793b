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

// waitFor polls cond until it holds or a generous deadline passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatalf("timed out waiting for %s", what)
		case <-time.After(5 * time.Millisecond):
		}
	}
}
