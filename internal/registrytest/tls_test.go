package registrytest

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

func TestTLS(t *testing.T) {
	t.Parallel()
	s := New(t, WithTLS(), WithBearerAuth("alice", "s3cret"))
	if !strings.HasPrefix(s.URL, "https://127.0.0.1:") {
		t.Fatalf("URL %s, want https://127.0.0.1:PORT", s.URL)
	}
	want := mustPush(t, s, "acme/app:v1")

	wantStatus(t, do(t, s, http.MethodGet, "/v2/", nil), http.StatusUnauthorized)

	resp, err := http.Get(s.URL + "/v2/")
	if err == nil {
		_ = resp.Body.Close()
		t.Fatal("a default client trusted the self-signed certificate")
	}
	if !strings.Contains(err.Error(), "certificate") {
		t.Errorf("default client error %v, want a certificate error", err)
	}

	// The PEM alone is enough to trust the server, by IP or as localhost.
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(s.CACertPEM()) {
		t.Fatal("CACertPEM is not a PEM certificate")
	}
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	defer c.CloseIdleConnections()
	for _, host := range []string{s.Host, strings.Replace(s.Host, "127.0.0.1", "localhost", 1)} {
		resp, err := c.Get("https://" + host + "/v2/")
		if err != nil {
			t.Fatalf("%s: %v", host, err)
		}
		_ = resp.Body.Close()
	}

	// go-containerregistry over TLS, including the https token realm.
	desc, err := remote.Head(mustRef(t, s, "acme/app:v1"),
		remote.WithTransport(s.Client().Transport),
		remote.WithAuth(&authn.Basic{Username: "alice", Password: "s3cret"}))
	if err != nil {
		t.Fatal(err)
	}
	if desc.Digest.String() != want || s.TokenRequests() != 1 {
		t.Errorf("digest %s (want %s), %d token requests (want 1)", desc.Digest, want, s.TokenRequests())
	}
}

func TestPlainHTTPHasNoCertificate(t *testing.T) {
	t.Parallel()
	s := New(t)
	if !strings.HasPrefix(s.URL, "http://127.0.0.1:") || s.CACertPEM() != nil {
		t.Errorf("URL %s, CACertPEM %d bytes; want plain http and no certificate", s.URL, len(s.CACertPEM()))
	}
	if s.Host != strings.TrimPrefix(s.URL, "http://") {
		t.Errorf("Host %s does not match URL %s", s.Host, s.URL)
	}
}
