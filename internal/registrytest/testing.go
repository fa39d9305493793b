package registrytest

import "testing"

// New starts a Server for one test, failing the test if it cannot, and
// closes it when the test ends.
func New(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s, err := Start(opts...)
	if err != nil {
		t.Fatalf("registrytest: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}
