package registry_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-containerregistry/pkg/authn"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registry"
	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registrytest"
)

func TestTLSNeedsTheCA(t *testing.T) {
	s := registrytest.New(t, registrytest.WithTLS())
	rf := ref(s, "acme/app:v1")
	d := push(t, s, rf)

	_, err := newClient(t).Resolve(context.Background(), rf, "")
	wantKind(t, err, registry.ErrTLS)

	res, err := newClient(t, registry.WithCACertificates(s.CACertPEM())).Resolve(context.Background(), rf, "")
	if err != nil {
		t.Fatal(err)
	}
	if res.Digest != d {
		t.Errorf("digest: got %s, want %s", res.Digest, d)
	}
}

// A registry listed insecure is reached over HTTPS without verification, as
// Docker does; listing one registry relaxes nothing for the others.
func TestInsecureRegistrySkipsVerification(t *testing.T) {
	s := registrytest.New(t, registrytest.WithTLS())
	other := registrytest.New(t, registrytest.WithTLS())
	d := push(t, s, ref(s, "acme/app:v1"))
	push(t, other, ref(other, "acme/app:v1"))

	c := newClient(t, registry.WithInsecureRegistries(s.Host))
	res, err := c.Resolve(context.Background(), ref(s, "acme/app:v1"), "")
	if err != nil {
		t.Fatal(err)
	}
	if res.Digest != d {
		t.Errorf("digest: got %s, want %s", res.Digest, d)
	}
	_, err = c.Resolve(context.Background(), ref(other, "acme/app:v1"), "")
	wantKind(t, err, registry.ErrTLS)
}

func TestCACertificatesWithoutACertificateFailsNew(t *testing.T) {
	if _, err := registry.New(registry.WithCACertificates([]byte("not a certificate"))); err == nil {
		t.Fatal("New accepted a PEM without a certificate")
	}
}

// writeDockerConfig writes a config.json with auths for host and points
// DOCKER_CONFIG (and HOME, so ~/.docker cannot interfere) at it.
func writeDockerConfig(t *testing.T, host, user, pass string) string {
	t.Helper()
	dir := t.TempDir()
	path, err := registrytest.WriteDockerConfig(dir, host, user, pass)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", t.TempDir())
	t.Setenv("DOCKER_CONFIG", dir)
	return path
}

func TestDefaultKeychainReadsDockerConfig(t *testing.T) {
	s := registrytest.New(t, registrytest.WithBasicAuth("ci", "from-docker-config"))
	rf := ref(s, "acme/app:v1")
	d := push(t, s, rf)
	writeDockerConfig(t, s.Host, "ci", "from-docker-config")

	res, err := newClient(t, registry.WithKeychain(authn.DefaultKeychain)).Resolve(context.Background(), rf, "")
	if err != nil {
		t.Fatal(err)
	}
	if res.Digest != d {
		t.Errorf("digest: got %s, want %s", res.Digest, d)
	}

	// Explicit credentials win over the keychain, even when they are wrong.
	c := newClient(t, registry.WithKeychain(authn.DefaultKeychain), registry.WithCredentials(s.Host, "ci", "explicit-wrong"))
	_, err = c.Resolve(context.Background(), rf, "")
	wantKind(t, err, registry.ErrUnauthorized)
	if strings.Contains(err.Error(), "explicit-wrong") || strings.Contains(err.Error(), "from-docker-config") {
		t.Errorf("a password leaked: %q", err)
	}
}

func TestConfigFileForOneRegistry(t *testing.T) {
	s := registrytest.New(t, registrytest.WithBearerAuth("ci", "in-a-file"))
	rf := ref(s, "acme/app:v1")
	d := push(t, s, rf)
	path := writeDockerConfig(t, s.Host, "ci", "in-a-file")
	t.Setenv("DOCKER_CONFIG", t.TempDir()) // the keychain finds nothing

	res, err := newClient(t, registry.WithConfigFile(s.Host, path)).Resolve(context.Background(), rf, "")
	if err != nil {
		t.Fatal(err)
	}
	if res.Digest != d {
		t.Errorf("digest: got %s, want %s", res.Digest, d)
	}

	if _, err := registry.New(registry.WithConfigFile("other.example:5000", path)); err == nil {
		t.Error("New accepted a config file without credentials for the registry")
	}
	if _, err := registry.New(registry.WithConfigFile(s.Host, filepath.Join(t.TempDir(), "missing.json"))); err == nil {
		t.Error("New accepted a missing config file")
	}
}

// redirectDialer sends every connection to addr, whatever host was asked:
// it lets a test use a registry name that is neither loopback nor resolvable.
func redirectDialer(addr string) http.RoundTripper {
	return &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		},
	}
}

// Only registries listed insecure are reached over plain HTTP; every other
// registry, private addresses included, must speak TLS.
func TestPlainHTTPOnlyForInsecureRegistries(t *testing.T) {
	s := registrytest.New(t)
	d := push(t, s, ref(s, "acme/app:v1"))
	for _, host := range []string{"registry.acme.internal:5000", "10.1.2.3:5000"} {
		t.Run(host, func(t *testing.T) {
			rf := host + "/acme/app:v1"
			_, err := newClient(t, registry.WithTransport(redirectDialer(s.Host))).Resolve(context.Background(), rf, "")
			wantKind(t, err, registry.ErrTLS)

			c := newClient(t, registry.WithTransport(redirectDialer(s.Host)), registry.WithInsecureRegistries(host))
			res, err := c.Resolve(context.Background(), rf, "")
			if err != nil {
				t.Fatal(err)
			}
			if res.Digest != d || res.Reference != rf {
				t.Errorf("got %+v, want %s", res, d)
			}
		})
	}
}

// headerRecorder remembers every request header it forwards.
type headerRecorder struct {
	inner http.RoundTripper
	mu    sync.Mutex
	seen  []http.Header
}

func (h *headerRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	h.mu.Lock()
	h.seen = append(h.seen, r.Header.Clone())
	h.mu.Unlock()
	return h.inner.RoundTrip(r)
}

func TestUserAgentAndLogsWithoutCredentials(t *testing.T) {
	const pass = "never-log-me-42"
	s := registrytest.New(t, registrytest.WithBearerAuth("ci", pass))
	rf := ref(s, "acme/app:v1")
	push(t, s, rf)
	s.FailStatus("HEAD", "/manifests/", 503, 1)

	rec := &headerRecorder{inner: http.DefaultTransport.(*http.Transport).Clone()}
	var mu sync.Mutex
	var lines []string
	logger := func(_ context.Context, msg string, fields map[string]any) {
		mu.Lock()
		defer mu.Unlock()
		lines = append(lines, fmt.Sprint(msg, fields))
	}
	c := newClient(t, registry.WithTransport(rec), registry.WithUserAgent("terraform-provider-tagpolicy/1.2.3"),
		registry.WithCredentials(s.Host, "ci", pass), registry.WithLogger(logger))
	if _, err := c.Resolve(context.Background(), rf, ""); err != nil {
		t.Fatal(err)
	}
	for _, h := range rec.seen {
		if ua := h.Get("User-Agent"); ua != "terraform-provider-tagpolicy/1.2.3" {
			t.Errorf("User-Agent %q", ua)
		}
	}
	if len(lines) < 5 { // ping, token, 503, retry notice, HEAD
		t.Errorf("want a log line per attempt and retry, got %d:\n%s", len(lines), strings.Join(lines, "\n"))
	}
	basic := base64.StdEncoding.EncodeToString([]byte("ci:" + pass))
	for _, l := range lines {
		if strings.Contains(l, pass) || strings.Contains(l, basic) || strings.Contains(strings.ToLower(l), "authorization") || strings.Contains(l, "Bearer") {
			t.Errorf("log line carries a credential: %s", l)
		}
	}
}
