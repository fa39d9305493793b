package registry_test

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registry"
	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registrytest"
)

// trap is a TCP listener that counts the connections it accepts and answers
// none: put where a refused realm points, it counts "nothing was sent"
// rather than assuming it.
type trap struct {
	addr string
	n    atomic.Int32
}

func newTrap(t *testing.T, addr string) *trap {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("trap: %v", err)
	}
	tr := &trap{addr: ln.Addr().String()}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			tr.n.Add(1)
			_ = conn.Close()
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		<-done
	})
	return tr
}

// A realm on 127.0.0.2 is a private address other than the registry's own
// (127.0.0.1): Linux routes all of 127.0.0.0/8 to the loopback interface, so
// the trap there is as real a victim as a service on the private network.
func TestBearerRealmOnAnotherLoopbackAddressIsRefused(t *testing.T) {
	tr := newTrap(t, "127.0.0.2:0")
	realm := "http://" + tr.addr + "/token"
	s := registrytest.New(t, registrytest.WithBearerAuth("ci", "pw-123456"), registrytest.WithBearerRealm(realm))
	rf := ref(s, "acme/app:v1")
	push(t, s, rf)
	c := newClient(t, registry.WithCredentials(s.Host, "ci", "pw-123456"))

	for range 2 { // refused each time, and never memoised as a success
		_, err := c.Resolve(context.Background(), rf, "")
		wantKind(t, err, registry.ErrUnsafeRealm)
		wantKind(t, err, registry.ErrBadResponse)
		for _, part := range []string{s.Host, rf, realm, "loopback address other than the registry's own"} {
			if !strings.Contains(err.Error(), part) {
				t.Errorf("error %q does not mention %q", err, part)
			}
		}
	}
	wantCount(t, "connections to the realm", int(tr.n.Load()), 0)
	wantCount(t, "token requests", s.TokenRequests(), 0)
	wantCount(t, "registry requests (one ping)", len(s.Requests()), 1)
}

// dialLog is a base transport that records every address the client dials
// and connects only to allow, so that a test sees where the client tried to
// go while nothing leaves loopback, whatever the code under test does.
type dialLog struct {
	mu    sync.Mutex
	addrs []string
}

func newDialLog(allow string, tlsConfig *tls.Config) (*dialLog, *http.Transport) {
	d := &dialLog{}
	return d, &http.Transport{
		TLSClientConfig: tlsConfig,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			d.mu.Lock()
			d.addrs = append(d.addrs, addr)
			d.mu.Unlock()
			if addr != allow {
				return nil, errors.New("dialLog: refusing to dial " + addr)
			}
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		},
	}
}

func (d *dialLog) others(allow string) []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []string
	for _, a := range d.addrs {
		if a != allow {
			out = append(out, a)
		}
	}
	return out
}

// Every unsafe realm is refused before anything is dialled: metadata,
// link-local, unspecified and multicast addresses always; private, loopback
// and shared addresses unless they are the registry's own; numeric hosts in
// forms the resolver might read as one of those; schemes other than https
// (and http for a plain-HTTP registry).
func TestUnsafeBearerRealmsAreRefusedBeforeAnyDial(t *testing.T) {
	for _, tc := range []struct {
		realm, why string
		tls        bool // the registry speaks HTTPS
	}{
		{"http://169.254.169.254/latest/meta-data/iam/security-credentials/", "cloud metadata address", false},
		{"http://[fd00:ec2::254]/latest/meta-data/", "cloud metadata address", false},
		{"https://[::ffff:169.254.169.254]/token", "cloud metadata address", false},
		{"https://169.254.169.254./token", "cloud metadata address", false},
		{"http://169.254.10.20/token", "link-local address", false},
		{"http://[fe80::1%25eth0]:8080/token", "link-local address", false},
		{"https://0.0.0.0:5000/token", "unspecified address", false},
		{"https://239.1.2.3/token", "multicast address", false},
		{"https://[ff0e::1]/token", "multicast address", false},
		{"https://10.1.2.3/token", "private address other than the registry's own", false},
		{"https://172.16.0.1/token", "private address other than the registry's own", false},
		{"https://192.168.1.1/token", "private address other than the registry's own", false},
		{"https://[fc00::1]/token", "private address other than the registry's own", false},
		{"https://100.100.100.200/token", "shared (carrier-grade NAT) address", false},
		{"https://[::1]:5000/token", "loopback address other than the registry's own", false},
		{"https://localhost/token", "loopback interface", false},
		{"https://2852039166/token", "non-canonical form", false},
		{"https://0xa9fea9fe/token", "non-canonical form", false},
		{"https://169.254.43518/token", "non-canonical form", false},
		{"ftp://auth.example.test/token", `scheme "ftp"`, false},
		{"file:///etc/passwd", `scheme "file"`, false},
		{"http://auth.example.test/token", "plain HTTP for a registry reached over HTTPS", true},
	} {
		t.Run(tc.realm, func(t *testing.T) {
			opts := []registrytest.Option{registrytest.WithBearerAuth("ci", "pw-123456"), registrytest.WithBearerRealm(tc.realm)}
			if tc.tls {
				opts = append(opts, registrytest.WithTLS())
			}
			s := registrytest.New(t, opts...)
			rf := ref(s, "acme/app:v1")
			push(t, s, rf)
			var tlsConfig *tls.Config
			if base, ok := s.Client().Transport.(*http.Transport); ok && base.TLSClientConfig != nil {
				tlsConfig = base.TLSClientConfig.Clone()
			}
			dials, rt := newDialLog(s.Host, tlsConfig)
			t.Cleanup(rt.CloseIdleConnections)
			c := newClient(t, registry.WithTransport(rt), registry.WithCredentials(s.Host, "ci", "pw-123456"))

			_, err := c.Resolve(context.Background(), rf, "")
			if others := dials.others(s.Host); len(others) > 0 {
				t.Errorf("dialled %v; want the registry only", others)
			}
			wantCount(t, "token requests", s.TokenRequests(), 0)
			wantKind(t, err, registry.ErrUnsafeRealm)
			if !strings.Contains(err.Error(), tc.why) {
				t.Errorf("error %q does not say %q", err, tc.why)
			}
			if strings.Contains(err.Error(), "pw-123456") {
				t.Errorf("the password leaked: %q", err)
			}
		})
	}
}

// The safe realms stay reachable: the registry's own (registrytest's
// default), and a DNS name on another host, as Docker Hub's auth.docker.io.
// Names are not resolved to judge them: here no resolver could.
func TestBearerRealmOnOwnHostOrAnotherNameIsAllowed(t *testing.T) {
	t.Run("own host", func(t *testing.T) {
		s := registrytest.New(t, registrytest.WithBearerAuth("ci", "pw-123456"))
		rf := ref(s, "acme/app:v1")
		d := push(t, s, rf)
		res, err := newClient(t, registry.WithCredentials(s.Host, "ci", "pw-123456")).Resolve(context.Background(), rf, "")
		if err != nil || res.Digest != d {
			t.Fatalf("got %+v, %v; want digest %s", res, err, d)
		}
		wantCount(t, "token requests", s.TokenRequests(), 1)
	})
	t.Run("another name", func(t *testing.T) {
		// Both names reach the test registry, over plain HTTP as they are
		// listed insecure; the token server is the realm's host.
		s := registrytest.New(t, registrytest.WithBearerAuth("ci", "pw-123456"),
			registrytest.WithBearerRealm("http://auth.example.test/token"))
		d := push(t, s, ref(s, "acme/app:v1"))
		rf := "registry.example.test/acme/app:v1"
		c := newClient(t, registry.WithTransport(redirectDialer(s.Host)),
			registry.WithInsecureRegistries("registry.example.test", "auth.example.test"),
			registry.WithCredentials("registry.example.test", "ci", "pw-123456"))
		res, err := c.Resolve(context.Background(), rf, "")
		if err != nil || res.Digest != d {
			t.Fatalf("got %+v, %v; want digest %s", res, err, d)
		}
		wantCount(t, "token requests", s.TokenRequests(), 1)
	})
}
