package registrytest

import (
	"net/http"
	"testing"
)

// Connections counts what the server accepted, not requests: a kept-alive
// client reuses one connection, a client without keep-alive opens one per
// request.
func TestConnectionsCountsAcceptedConnections(t *testing.T) {
	t.Parallel()
	s := New(t)
	wantConns := func(want int) {
		t.Helper()
		if got := s.Connections(); got != want {
			t.Fatalf("connections: got %d, want %d", got, want)
		}
	}
	wantConns(0)
	for range 3 {
		wantStatus(t, do(t, s, http.MethodGet, "/v2/", nil), http.StatusOK)
	}
	wantConns(1)

	oneShot := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	t.Cleanup(oneShot.CloseIdleConnections)
	for range 2 {
		resp, err := oneShot.Get(s.URL + "/v2/")
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
	}
	wantConns(3)
}
