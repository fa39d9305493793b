package registry_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/authn"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registry"
	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registrytest"
)

// loopbackOnly is a transport that dials 127.0.0.1 and ::1 only, recording
// any other address asked for: a test proves the client refused a target by
// the record, and can never reach outside loopback even if it did not.
type loopbackOnly struct {
	*http.Transport
	mu      sync.Mutex
	foreign []string
}

func newLoopbackOnly(t testing.TB) *loopbackOnly {
	l := &loopbackOnly{}
	d := &net.Dialer{Timeout: 10 * time.Second}
	l.Transport = &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, _, _ := net.SplitHostPort(addr)
		if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
			l.mu.Lock()
			l.foreign = append(l.foreign, addr)
			l.mu.Unlock()
			return nil, fmt.Errorf("test transport: %s is not loopback", addr)
		}
		return d.DialContext(ctx, network, addr)
	}}
	t.Cleanup(l.CloseIdleConnections)
	return l
}

func (l *loopbackOnly) dialledElsewhere() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.foreign...)
}

// A 307 on a manifest or a tag list once was followed to any HTTPS address
// (169.254.169.254:443 and 10.x were dialled) and to any loopback port over
// plain HTTP, importing another origin's tags. Pings, manifests and tag
// lists now stay on the registry's origin, and no refused target is dialled.
func TestCrossOriginRedirectsAreRefused(t *testing.T) {
	other := registrytest.New(t)
	push(t, other, ref(other, "acme/app:v1"))
	for _, tc := range []struct {
		name, path, location string
		list                 bool
	}{
		{"manifest to another loopback port", "/manifests/", other.URL + "/v2/acme/app/manifests/v1", false},
		{"manifest to the metadata address", "/manifests/", "https://169.254.169.254/latest/meta-data/", false},
		{"manifest to a private address", "/manifests/", "https://10.1.2.3/v2/acme/app/manifests/v1", false},
		{"manifest to a public host", "/manifests/", "https://registry.example.com/v2/acme/app/manifests/v1", false},
		{"tag list to another loopback port", "/tags/list", other.URL + "/v2/acme/app/tags/list", true},
		{"tag list with a 308", "/tags/list", "https://10.0.0.1/v2/acme/app/tags/list", true},
		{"ping", "/v2/", "https://169.254.169.254/", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := registrytest.New(t)
			push(t, s, ref(s, "acme/app:v1"))
			status := http.StatusTemporaryRedirect
			if strings.Contains(tc.name, "308") {
				status = http.StatusPermanentRedirect
			}
			if tc.path == "/v2/" {
				s.Redirect("/v2/", status, tc.location, 0)
			} else {
				s.Redirect(tc.path, status, tc.location, 0)
			}
			other.ResetLog()
			lo := newLoopbackOnly(t)
			c := newClient(t, registry.WithTransport(lo))
			var err error
			if tc.list {
				_, err = c.ListTags(context.Background(), ref(s, "acme/app"))
			} else {
				_, err = c.Resolve(context.Background(), ref(s, "acme/app:v1"), "")
			}
			if !errors.Is(err, registry.ErrUnsafeRedirect) {
				t.Fatalf("got %v, want ErrUnsafeRedirect", err)
			}
			if !errors.Is(err, registry.ErrBadResponse) {
				t.Errorf("ErrUnsafeRedirect does not match ErrBadResponse: %v", err)
			}
			if got := lo.dialledElsewhere(); len(got) > 0 {
				t.Errorf("dialled %v", got)
			}
			if n := len(other.Requests()); n > 0 {
				t.Errorf("the other origin got %d requests", n)
			}
		})
	}
}

// A redirect within the registry's own origin is followed, as before.
func TestSameOriginRedirectIsFollowed(t *testing.T) {
	s := registrytest.New(t)
	push(t, s, ref(s, "acme/app:v1"))
	d2 := push(t, s, ref(s, "acme/app:v2"))
	s.Redirect("/manifests/v1", http.StatusTemporaryRedirect, "/v2/acme/app/manifests/v2", 0)
	res, err := newClient(t).Resolve(context.Background(), ref(s, "acme/app:v1"), "")
	if err != nil {
		t.Fatal(err)
	}
	if res.Digest != d2 {
		t.Errorf("got %s, want the redirect target's %s", res.Digest, d2)
	}
}

// Redirects chained past the hop limit are refused.
func TestRedirectLoopIsRefused(t *testing.T) {
	s := registrytest.New(t)
	push(t, s, ref(s, "acme/app:v1"))
	s.Redirect("/manifests/v1", http.StatusFound, "/v2/acme/app/manifests/v1", 0)
	_, err := newClient(t).Resolve(context.Background(), ref(s, "acme/app:v1"), "")
	wantKind(t, err, registry.ErrUnsafeRedirect)
	if n := s.ManifestRequests(""); n > 10 {
		t.Errorf("%d manifest requests, want the hop limit to stop the loop", n)
	}
}

// HTTPS to plain HTTP is a downgrade, even to the registry's own host.
func TestRedirectDowngradeIsRefused(t *testing.T) {
	s := registrytest.New(t, registrytest.WithTLS())
	push(t, s, ref(s, "acme/app:v1"))
	s.Redirect("/manifests/", http.StatusTemporaryRedirect, "http://"+s.Host+"/v2/acme/app/manifests/v1", 0)
	_, err := newClient(t, registry.WithCACertificates(s.CACertPEM())).Resolve(context.Background(), ref(s, "acme/app:v1"), "")
	e := wantError(t, err, registry.ErrUnsafeRedirect)
	if !strings.Contains(e.Error(), "downgrade") {
		t.Errorf("error %q does not say downgrade", e)
	}
}

// identityKeychain hands out an identity token (docker login's OAuth
// refresh token) for every registry.
type identityKeychain string

func (k identityKeychain) Resolve(authn.Resource) (authn.Authenticator, error) {
	return authn.FromConfig(authn.AuthConfig{IdentityToken: string(k)}), nil
}

// The OAuth POST carrying refresh_token was re-sent when the token endpoint
// answered 307 to another origin. A request with a body never leaves its
// origin.
func TestTokenPostIsNotRedirectedToAnotherOrigin(t *testing.T) {
	other := registrytest.New(t)
	const identity = "identity-token-secret"
	s := registrytest.New(t, registrytest.WithBearerAuth("", ""), registrytest.WithRefreshTokens(identity))
	push(t, s, ref(s, "acme/app:v1"))
	s.Redirect("/token", http.StatusTemporaryRedirect, other.URL+"/token", 0)
	lo := newLoopbackOnly(t)
	c := newClient(t, registry.WithKeychain(identityKeychain(identity)), registry.WithTransport(lo))
	_, err := c.Resolve(context.Background(), ref(s, "acme/app:v1"), "")
	e := wantError(t, err, registry.ErrUnsafeRedirect)
	if strings.Contains(e.Error(), identity) {
		t.Errorf("error carries the identity token: %q", e)
	}
	if n := len(other.Requests()); n > 0 {
		t.Errorf("the other origin got %d requests", n)
	}
}

// A token realm that redirects is held to the realm rules: it once reached
// what the realm check refuses by name.
func TestTokenRealmRedirectIsHeldToTheRealmRules(t *testing.T) {
	s := registrytest.New(t, registrytest.WithBearerAuth("", ""))
	push(t, s, ref(s, "acme/app:v1"))
	s.Redirect("/token", http.StatusFound, "https://169.254.169.254/token", 0)
	lo := newLoopbackOnly(t)
	_, err := newClient(t, registry.WithTransport(lo)).Resolve(context.Background(), ref(s, "acme/app:v1"), "")
	wantKind(t, err, registry.ErrUnsafeRedirect)
	if got := lo.dialledElsewhere(); len(got) > 0 {
		t.Errorf("dialled %v", got)
	}
}

// A 401 after a redirect brings a realm: it is checked like any realm (the
// shared-address space here, which go-containerregistry's own guard lets
// through), and never contacted.
func TestChallengeAfterRedirectIsCheckedLikeAnyRealm(t *testing.T) {
	s := registrytest.New(t, registrytest.WithBearerAuth("", ""))
	push(t, s, ref(s, "acme/app:v1"))
	s.Redirect("/manifests/v1", http.StatusTemporaryRedirect, "/v2/acme/app/manifests/moved", 0)
	s.Challenge("/manifests/moved", "https://100.64.0.1/token", 0)
	lo := newLoopbackOnly(t)
	_, err := newClient(t, registry.WithTransport(lo)).Resolve(context.Background(), ref(s, "acme/app:v1"), "")
	wantKind(t, err, registry.ErrUnsafeRealm)
	if got := lo.dialledElsewhere(); len(got) > 0 {
		t.Errorf("dialled %v", got)
	}
}

// hostMap dials one named host at a loopback address and records the
// Authorization header each host was sent.
type hostMap struct {
	base  *http.Transport
	mu    sync.Mutex
	auths map[string][]string
}

func newHostMap(t testing.TB, name, addr string) *hostMap {
	m := &hostMap{auths: map[string][]string{}}
	d := &net.Dialer{Timeout: 10 * time.Second}
	m.base = &http.Transport{DialContext: func(ctx context.Context, network, a string) (net.Conn, error) {
		if h, _, _ := net.SplitHostPort(a); h == name {
			a = addr
		}
		return d.DialContext(ctx, network, a)
	}}
	t.Cleanup(m.base.CloseIdleConnections)
	return m
}

func (m *hostMap) RoundTrip(r *http.Request) (*http.Response, error) {
	m.mu.Lock()
	m.auths[r.URL.Hostname()] = append(m.auths[r.URL.Hostname()], r.Header.Get("Authorization"))
	m.mu.Unlock()
	return m.base.RoundTrip(r)
}

// A blob redirected to another (public) host, as registries send blobs to
// a CDN, is still fetched, without the registry's Authorization.
func TestBlobRedirectToAnotherHostDropsAuthorization(t *testing.T) {
	cdn := registrytest.New(t)
	s := registrytest.New(t, registrytest.WithBasicAuth("ci", "registry-password"))
	img, err := registrytest.RandomImage("linux/amd64")
	if err != nil {
		t.Fatal(err)
	}
	for _, srv := range []*registrytest.Server{s, cdn} {
		if _, err := srv.Push(ref(srv, "acme/app:v1"), img); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := img.ConfigName()
	if err != nil {
		t.Fatal(err)
	}
	s.Redirect("/blobs/", http.StatusTemporaryRedirect, "http://cdn.example.com/v2/acme/app/blobs/"+cfg.String(), 0)
	m := newHostMap(t, "cdn.example.com", cdn.Host)
	c := newClient(t, registry.WithTransport(m), registry.WithCredentials(s.Host, "ci", "registry-password"),
		registry.WithInsecureRegistries("cdn.example.com"))
	res, err := c.Resolve(context.Background(), ref(s, "acme/app:v1"), "linux/amd64")
	if err != nil {
		t.Fatal(err)
	}
	if d, _ := img.Digest(); res.PlatformDigest != d.String() {
		t.Errorf("platform digest %s, want %s", res.PlatformDigest, d)
	}
	if n := cdn.Count("GET", "/blobs/"); n != 1 {
		t.Fatalf("the CDN served %d blobs, want the redirect followed once", n)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, a := range m.auths["cdn.example.com"] {
		if a != "" {
			t.Errorf("the CDN was sent Authorization %q", a)
		}
	}
	if len(m.auths["127.0.0.1"]) == 0 || m.auths["127.0.0.1"][len(m.auths["127.0.0.1"])-1] == "" {
		t.Errorf("the registry itself was sent no Authorization: %q", m.auths["127.0.0.1"])
	}
}
