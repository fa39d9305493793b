package registry

import "testing"

// What checkRealm lets through, which the refusals tested end to end do not
// show: public hosts by name or address, and a private registry's own host.
func TestCheckRealmAllows(t *testing.T) {
	for _, tc := range []struct{ realm, registry, scheme string }{
		{"https://auth.docker.io/token", "index.docker.io", "https"},
		{"https://AUTH.docker.io./token", "index.docker.io", "https"},
		{"https://8.8.8.8/token", "registry.example", "https"},
		{"https://[2001:4860:4860::8888]/token", "registry.example", "https"},
		{"http://auth.example.test/token", "127.0.0.1:5000", "http"},
		{"https://10.0.0.5:5000/token", "10.0.0.5:5000", "https"},
		{"http://10.0.0.5:5000/token", "10.0.0.5:5000", "http"},
		{"http://localhost:5000/token", "localhost:5000", "http"},
		{"http://[::1]:5000/token", "[::1]:5000", "http"},
		{"", "registry.example", "https"}, // no realm: Exchange's to report
	} {
		if err := checkRealm(tc.realm, tc.registry, tc.scheme); err != nil {
			t.Errorf("realm %q for %s over %s: %v", tc.realm, tc.registry, tc.scheme, err)
		}
	}
}

// The registry's own host is its host and port: another port on a private
// address is another service, and metadata and link-local addresses are
// refused even as the registry's own.
func TestCheckRealmOwnHostIsHostAndPort(t *testing.T) {
	for _, tc := range []struct{ realm, registry string }{
		{"http://10.0.0.5:5001/token", "10.0.0.5:5000"},
		{"http://127.0.0.1/token", "127.0.0.1:5000"},
		{"http://169.254.169.254/token", "169.254.169.254"},
		{"http://[fe80::1]:5000/token", "[fe80::1]:5000"},
	} {
		if err := checkRealm(tc.realm, tc.registry, "http"); err == nil {
			t.Errorf("realm %q for %s: allowed", tc.realm, tc.registry)
		}
	}
}
