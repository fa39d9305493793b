package tagpolicy

import (
	"errors"
	"strings"
	"testing"
)

const (
	sha  = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	sha2 = "sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"
)

func TestParseReference(t *testing.T) {
	tests := []struct {
		in                              string
		registry, host, port, repo, tag string
		digest                          string
		str                             string
	}{
		{"ubuntu", "index.docker.io", "index.docker.io", "", "library/ubuntu", "latest", "", "index.docker.io/library/ubuntu:latest"},
		{"ubuntu:20.04", "index.docker.io", "index.docker.io", "", "library/ubuntu", "20.04", "", "index.docker.io/library/ubuntu:20.04"},
		{"ubuntu:jammy", "index.docker.io", "index.docker.io", "", "library/ubuntu", "jammy", "", "index.docker.io/library/ubuntu:jammy"},
		{"docker.io/ubuntu", "index.docker.io", "index.docker.io", "", "library/ubuntu", "latest", "", "index.docker.io/library/ubuntu:latest"},
		{"docker.io/library/debian:bookworm-slim", "index.docker.io", "index.docker.io", "", "library/debian", "bookworm-slim", "", "index.docker.io/library/debian:bookworm-slim"},
		{"index.docker.io/library/golang:1.22-alpine3.19", "index.docker.io", "index.docker.io", "", "library/golang", "1.22-alpine3.19", "", "index.docker.io/library/golang:1.22-alpine3.19"},
		{"bitnami/redis:7.2", "index.docker.io", "index.docker.io", "", "bitnami/redis", "7.2", "", "index.docker.io/bitnami/redis:7.2"},
		{"node:20-bookworm-slim", "index.docker.io", "index.docker.io", "", "library/node", "20-bookworm-slim", "", "index.docker.io/library/node:20-bookworm-slim"},
		{"python:3.12.1-slim", "index.docker.io", "index.docker.io", "", "library/python", "3.12.1-slim", "", "index.docker.io/library/python:3.12.1-slim"},
		{"registry.acme.internal:5000/acme/platform/golang:v1", "registry.acme.internal:5000", "registry.acme.internal", "5000", "acme/platform/golang", "v1", "", "registry.acme.internal:5000/acme/platform/golang:v1"},
		{"Registry.ACME.internal:5000/platform/golang:v1.3", "registry.acme.internal:5000", "registry.acme.internal", "5000", "platform/golang", "v1.3", "", "registry.acme.internal:5000/platform/golang:v1.3"},
		{"localhost:5000/app:v1.3.1", "localhost:5000", "localhost", "5000", "app", "v1.3.1", "", "localhost:5000/app:v1.3.1"},
		{"localhost/app", "localhost", "localhost", "", "app", "latest", "", "localhost/app:latest"},
		{"localhost:5000", "index.docker.io", "index.docker.io", "", "library/localhost", "5000", "", "index.docker.io/library/localhost:5000"},
		{"127.0.0.1:5000/team/app:sha-1a2b3c4", "127.0.0.1:5000", "127.0.0.1", "5000", "team/app", "sha-1a2b3c4", "", "127.0.0.1:5000/team/app:sha-1a2b3c4"},
		{"[::1]:5000/app:main", "[::1]:5000", "[::1]", "5000", "app", "main", "", "[::1]:5000/app:main"},
		{"ghcr.io/coder/coder:2024.05.01", "ghcr.io", "ghcr.io", "", "coder/coder", "2024.05.01", "", "ghcr.io/coder/coder:2024.05.01"},
		{"ubuntu@" + sha, "index.docker.io", "index.docker.io", "", "library/ubuntu", "", sha, "index.docker.io/library/ubuntu@" + sha},
		{"ubuntu:20.04@" + sha, "index.docker.io", "index.docker.io", "", "library/ubuntu", "20.04", sha, "index.docker.io/library/ubuntu:20.04@" + sha},
		{"localhost:5000/app:v1@" + sha, "localhost:5000", "localhost", "5000", "app", "v1", sha, "localhost:5000/app:v1@" + sha},
		{"a.b/c__d/e-f/g_h/i.j/k--l:Tag_1.x", "a.b", "a.b", "", "c__d/e-f/g_h/i.j/k--l", "Tag_1.x", "", "a.b/c__d/e-f/g_h/i.j/k--l:Tag_1.x"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseReference(tt.in)
			if err != nil {
				t.Fatalf("ParseReference(%q) error: %v", tt.in, err)
			}
			if got.Registry != tt.registry || got.Host != tt.host || got.Port != tt.port ||
				got.Repository != tt.repo || got.Tag != tt.tag || got.Digest != tt.digest {
				t.Errorf("ParseReference(%q) = %+v", tt.in, got)
			}
			if got.String() != tt.str {
				t.Errorf("String() = %q, want %q", got.String(), tt.str)
			}
			if strings.Join(got.Path, "/") != got.Repository {
				t.Errorf("Path %q does not spell Repository %q", got.Path, got.Repository)
			}
			if got.Name() != tt.registry+"/"+tt.repo {
				t.Errorf("Name() = %q", got.Name())
			}
		})
	}
}

func TestParseReferenceErrors(t *testing.T) {
	tests := []struct {
		in     string
		reason string // a substring of the reason
	}{
		{"", "empty"},
		{"ubuntu 20.04", "whitespace"},
		{" ubuntu", "whitespace"},
		{"https://ghcr.io/coder/coder:v1", "URL scheme"},
		{"a@" + sha + "@" + sha, `more than one "@"`},
		{"Acme/App", `repository "Acme/App" must be lowercase, e.g. "acme/app"`},
		{"ghcr.io/Coder/coder:v1", "must be lowercase"},
		{"ubuntu::20.04", `contains ":"`},
		{"ubuntu:", "empty"},
		{"ubuntu:-1", `tag "-1" is invalid`},
		{"ubuntu:.x", "invalid"},
		{"ubuntu:" + strings.Repeat("a", 129), "longer than 128"},
		{"ubuntu@sha256:abc", `digest "sha256:abc" is invalid`},
		{"ubuntu@md5:0123456789abcdef0123456789abcdef", "no known algorithm"},
		{"ubuntu@" + strings.ToUpper(sha), "no known algorithm"},
		{"ubuntu@sha256:" + strings.Repeat("A", 64), "invalid"},
		{"ubuntu@", "empty"},
		{"a//b", "empty path segment"},
		{"ghcr.io/", "empty"},
		{"ghcr.io//app", "empty path segment"},
		{"-app", "invalid path segment"},
		{"app-", "invalid path segment"},
		{"a..b", "invalid path segment"},
		{"a___b", "invalid path segment"},
		{"a._b", "invalid path segment"},
		{strings.Repeat("a", 256), "longer than 255"},
		{"registry.acme.internal:50a0/app", "invalid port"},
		{"registry.acme.internal:70000/app", "invalid port"},
		{"registry.acme.internal:/app", "invalid port"},
		{"-bad.host/app", "invalid host name"},
		{"bad_host.io/app", "invalid host name"},
		{"[::1/app", "unclosed"},
		{"[1.2.3.4]:5000/app", "IPv6"},
		{"a:b/c", "invalid port"},
		// a bare digest is no image; by Docker's rules it would be the tag of Docker Hub's library/sha256
		{sha, `is a digest, not an image; write the repository it belongs to, "repository@` + sha + `"`},
		{"sha512:" + strings.Repeat("ab", 64), "is a digest, not an image"},
		// the name (registry, "/" and repository as written) is at most 255 characters, the tag 128
		{"registry.acme.internal:5000/" + strings.Repeat("a", 228), "name (registry, \"/\" and repository) is longer than 255 characters (256)"},
		{"ubuntu:" + strings.Repeat("a", 200), "longer than 128 characters (200)"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParseReference(tt.in)
			var re *ReferenceError
			if !errors.As(err, &re) {
				t.Fatalf("ParseReference(%q) error = %v, want *ReferenceError", tt.in, err)
			}
			if !strings.Contains(re.Reason, tt.reason) {
				t.Errorf("ParseReference(%q) = reason %q; want a reason containing %q", tt.in, re.Reason, tt.reason)
			}
			if !strings.Contains(err.Error(), tt.in) {
				t.Errorf("Error() %q does not quote the input", err.Error())
			}
		})
	}
}

func TestPinnedRef(t *testing.T) {
	tests := []struct{ in, digest, want string }{
		{"registry.acme.internal:5000/acme/platform/golang:v1", sha, "registry.acme.internal:5000/acme/platform/golang:v1@" + sha},
		{"ubuntu", sha, "index.docker.io/library/ubuntu:latest@" + sha},
		{"ubuntu:20.04@" + sha, sha2, "index.docker.io/library/ubuntu:20.04@" + sha2},
		{"ubuntu@" + sha, "", "index.docker.io/library/ubuntu@" + sha},
		{"ubuntu:20.04", "", "index.docker.io/library/ubuntu:20.04"},
	}
	for _, tt := range tests {
		ref, err := ParseReference(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := ref.PinnedRef(tt.digest); got != tt.want {
			t.Errorf("%q.PinnedRef(%q) = %q, want %q", tt.in, tt.digest, got, tt.want)
		}
	}
}

// TestNameLengthBoundary: 255 characters of registry and repository parse, 256 do not.
func TestNameLengthBoundary(t *testing.T) {
	reg := "registry.acme.internal:5000/"
	if _, err := ParseReference(reg + strings.Repeat("a", 255-len(reg)) + ":v1"); err != nil {
		t.Errorf("a 255-character name is rejected: %v", err)
	}
	if _, err := ParseReference(reg + strings.Repeat("a", 256-len(reg)) + ":v1"); err == nil {
		t.Error("a 256-character name is accepted")
	}
}

func TestValidTag(t *testing.T) {
	for tag, want := range map[string]bool{
		"v1": true, "1.2.3-alpine": true, "_x": true, "Latest": true, strings.Repeat("a", 128): true,
		"": false, ".x": false, "-x": false, "a b": false, "x\x1b": false, "a:b": false, strings.Repeat("a", 129): false,
	} {
		if got := ValidTag(tag); got != want {
			t.Errorf("ValidTag(%q) = %v, want %v", tag, got, want)
		}
	}
}
