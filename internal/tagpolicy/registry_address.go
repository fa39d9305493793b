package tagpolicy

import (
	"fmt"
	"strings"
)

// NormalizeRegistryAddress turns a registry address as people and Docker config files write it
// ("docker.io", "Index.Docker.IO", "https://index.docker.io/v1/", "registry-1.docker.io",
// "registry.example.com:5000") into the one host[:port] spelling references use, so that two
// spellings of one registry are one key everywhere: provider validation (two registry_auth blocks
// for one registry), the client's credentials and the keychain. A scheme and a path are dropped,
// as Docker does for its auths keys; Docker Hub's three host names all become index.docker.io.
func NormalizeRegistryAddress(address string) (string, error) {
	a := strings.TrimSpace(address)
	if i := strings.Index(a, "://"); i >= 0 {
		switch strings.ToLower(a[:i]) {
		case "http", "https":
			a = a[i+3:]
		default:
			return "", fmt.Errorf("registry address %q: scheme %q is neither https nor http", address, a[:i])
		}
	}
	if i := strings.IndexByte(a, '/'); i >= 0 {
		a = a[:i]
	}
	if strings.EqualFold(a, "registry-1.docker.io") {
		a = dockerHub // Docker Hub's API host, named in some config files
	}
	reg, _, _, reason := splitRegistry(a)
	if reason != "" {
		return "", fmt.Errorf("registry address %q %s", address, reason)
	}
	return reg, nil
}
