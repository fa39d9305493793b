package registrytest

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
)

// direct is an http.RoundTripper that serves requests from the backing
// registry in-process, so seeding content bypasses the log, auth, faults and
// latency of the front door.
type direct struct{ h http.Handler }

func (d direct) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		defer func() { _ = req.Body.Close() }()
	}
	r := req.Clone(req.Context())
	if r.Body == nil {
		r.Body = http.NoBody
	}
	r.RequestURI = r.URL.RequestURI()
	rec := httptest.NewRecorder()
	d.h.ServeHTTP(rec, r)
	resp := rec.Result()
	resp.Request = req
	return resp, nil
}

// call makes one request of the backing registry.
func (s *Server) call(method, path, contentType string, body []byte) (*httptest.ResponseRecorder, error) {
	req, err := http.NewRequest(method, "http://"+s.Host+path, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("registrytest: %s %s: %w", method, path, err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	s.inner.ServeHTTP(rec, req)
	return rec, nil
}

// expect turns an unexpected status into an error naming the operation.
func expect(rec *httptest.ResponseRecorder, want int, op, ref string) error {
	if rec.Code == want {
		return nil
	}
	return fmt.Errorf("registrytest: %s %s: %d %s", op, ref, rec.Code, strings.TrimSpace(rec.Body.String()))
}

func manifestPath(repo, tagOrDigest string) string {
	return "/v2/" + repo + "/manifests/" + tagOrDigest
}
