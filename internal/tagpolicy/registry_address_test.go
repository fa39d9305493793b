package tagpolicy_test

import (
	"testing"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/tagpolicy"
)

func TestNormalizeRegistryAddress(t *testing.T) {
	for in, want := range map[string]string{
		"docker.io":                    "index.docker.io",
		"DOCKER.IO":                    "index.docker.io",
		"index.docker.io":              "index.docker.io",
		"Registry-1.Docker.IO":         "index.docker.io",
		"https://index.docker.io/v1/":  "index.docker.io",
		"http://Registry.Example:5000": "registry.example:5000",
		"127.0.0.1:5000":               "127.0.0.1:5000",
		"[::1]:5000":                   "[::1]:5000",
		" ghcr.io ":                    "ghcr.io",
	} {
		got, err := tagpolicy.NormalizeRegistryAddress(in)
		if err != nil || got != want {
			t.Errorf("NormalizeRegistryAddress(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "ftp://x.example", "bad host", "x.example:99999", "[::1"} {
		if got, err := tagpolicy.NormalizeRegistryAddress(bad); err == nil {
			t.Errorf("NormalizeRegistryAddress(%q) = %q, want an error", bad, got)
		}
	}
}
