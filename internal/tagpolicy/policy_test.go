package tagpolicy

import (
	"reflect"
	"strings"
	"testing"
)

func TestRegistryPatternMatch(t *testing.T) {
	tests := []struct {
		pattern, ref string
		want         bool
	}{
		{"registry.acme.internal:5000", "registry.acme.internal:5000/acme/platform/golang:v1", true},
		{"registry.acme.internal:5000", "registry.acme.internal:5001/acme/platform/golang:v1", false},
		{"registry.acme.internal:5000", "registry.acme.internal/acme/platform/golang:v1", false},
		{"registry.acme.internal", "registry.acme.internal/acme/app:v1", true},
		{"registry.acme.internal", "registry.acme.internal:5000/acme/app:v1", false},
		{"Registry.ACME.internal", "registry.acme.internal/acme/app:v1", true},
		{"registry.acme.internal", "REGISTRY.acme.internal/acme/app:v1", true},
		{"*.acme.internal", "registry.acme.internal:5000/acme/app:v1", true},
		{"*.acme.internal", "mirror.eu.acme.internal/acme/app:v1", true},
		{"*.acme.internal", "acme.internal/acme/app:v1", false},
		{"*.acme.internal", "evilacme.internal/acme/app:v1", false},
		{"docker.io", "ubuntu", true},
		{"index.docker.io", "ubuntu:20.04", true},
		{"docker.io", "docker.io/bitnami/redis", true},
		{"*.docker.io", "ubuntu", true},
		{"ghcr.io", "ubuntu", false},
		{"localhost:5000", "localhost:5000/app", true},
		{"localhost", "localhost/app", true},
		{"[::1]:5000", "[::1]:5000/app", true},
	}
	for _, tt := range tests {
		p, err := ParseRegistryPattern(tt.pattern)
		if err != nil {
			t.Fatalf("ParseRegistryPattern(%q): %v", tt.pattern, err)
		}
		ref, err := ParseReference(tt.ref)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Match(ref); got != tt.want {
			t.Errorf("%q.Match(%q) = %v, want %v", tt.pattern, tt.ref, got, tt.want)
		}
	}
}

func TestRegistryPatternErrors(t *testing.T) {
	tests := []struct{ pattern, reason string }{
		{"", "invalid host name"},
		{"*", `"*" may only start`},
		{"*.", "is not a host name"},
		{"*.acme.internal:5000", "takes none"},
		{"reg*.acme.internal", `"*" may only start`},
		{"registry.acme.internal/acme", "without a repository path"},
		{"registry.acme.internal:port", "invalid port"},
		{"https://ghcr.io", "without a repository path"},
		{"bad_host", "invalid host name"},
	}
	for _, tt := range tests {
		err := ValidateRegistryPattern(tt.pattern)
		if err == nil || !strings.Contains(err.Error(), tt.reason) || !strings.Contains(err.Error(), `"*.suffix"`) {
			t.Errorf("ValidateRegistryPattern(%q) = %v, want %q", tt.pattern, err, tt.reason)
		}
	}
}

func TestPolicyCheck(t *testing.T) {
	acme := Policy{AllowedRegistries: []string{"registry.acme.internal:5000"}}
	prod := Policy{AllowedClasses: []Class{ClassMajor, ClassMinor, ClassPatch, ClassDigest}}
	enforced := Policy{EnforceScheme: true}
	all := Policy{AllowedRegistries: []string{"registry.acme.internal:5000", "*.acme.cloud"}, AllowedClasses: []Class{ClassDigest}, EnforceScheme: true}
	tests := []struct {
		name   string
		policy Policy
		ref    string
		want   []Violation
	}{
		{"zero policy allows all", Policy{}, "ubuntu:latest", nil},
		{"allowed registry", acme, "registry.acme.internal:5000/acme/platform/golang:v1", nil},
		{"docker hub", acme, "ubuntu", []Violation{{RuleAllowedRegistries,
			`registry "index.docker.io" (Docker Hub: "ubuntu" means index.docker.io/library/ubuntu) is not in allowed_registries ["registry.acme.internal:5000"]; push the image to an allowed registry and reference it there, or add the registry to allowed_registries`}}},
		{"other registry", acme, "ghcr.io/coder/coder:v2", []Violation{{RuleAllowedRegistries,
			`registry "ghcr.io" is not in allowed_registries ["registry.acme.internal:5000"]; push the image to an allowed registry and reference it there, or add the registry to allowed_registries`}}},
		{"rolling forbidden", prod, "registry.acme.internal:5000/acme/platform/golang:latest", []Violation{{RuleAllowedClasses,
			`tag "latest" of registry.acme.internal:5000/acme/platform/golang is of class "rolling", which is not in allowed_classes ["major", "minor", "patch", "digest"]; reference a major version tag such as ":v1", or add "rolling" to allowed_classes`}}},
		{"other forbidden", prod, "ghcr.io/acme/app:main", []Violation{{RuleAllowedClasses,
			`tag "main" of ghcr.io/acme/app is of class "other", which is not in allowed_classes ["major", "minor", "patch", "digest"]; reference a major version tag such as ":v1", or add "other" to allowed_classes`}}},
		{"version allowed", prod, "ubuntu:20.04", nil},
		{"scheme followed", enforced, "registry.acme.internal:5000/platform/golang:v1", nil},
		{"scheme broken", enforced, "registry.acme.internal:5000/platform/golang:latest", []Violation{{RuleNamingScheme,
			`registry.acme.internal:5000/platform/golang:latest does not follow naming_scheme "{registry}/{company?}/{department}/{software}:{majorversion}": tag "latest" is not a major version tag (such as "v1") as {majorversion} requires; rename the image to follow the scheme, or set enforce_naming_scheme = false`}}},
		{"scheme not enforced", Policy{}, "registry.acme.internal:5000/golang:latest", nil},
		{"every violation", all, "ubuntu:latest", []Violation{
			{RuleAllowedRegistries, `registry "index.docker.io" (Docker Hub: "ubuntu" means index.docker.io/library/ubuntu) is not in allowed_registries ["registry.acme.internal:5000", "*.acme.cloud"]; push the image to an allowed registry and reference it there, or add the registry to allowed_registries`},
			{RuleAllowedClasses, `tag "latest" of index.docker.io/library/ubuntu is of class "rolling", which is not in allowed_classes ["digest"]; pin a digest ("@sha256:…"), or add "rolling" to allowed_classes`},
			{RuleNamingScheme, `index.docker.io/library/ubuntu:latest does not follow naming_scheme "{registry}/{company?}/{department}/{software}:{majorversion}": tag "latest" is not a major version tag (such as "v1") as {majorversion} requires; rename the image to follow the scheme, or set enforce_naming_scheme = false`},
		}},
		{"wildcard and digest", all, "eu.acme.cloud/acme/platform/golang:v1@" + sha, nil},
		{"digest forbidden", Policy{AllowedClasses: []Class{ClassMajor}}, "ghcr.io/acme/app@" + sha, []Violation{{RuleAllowedClasses,
			`digest "` + sha + `" of ghcr.io/acme/app is of class "digest", which is not in allowed_classes ["major"]; reference a major version tag such as ":v1", or add "digest" to allowed_classes`}}},
		{"custom rolling set", Policy{AllowedClasses: []Class{ClassOther}, Classifier: NewClassifier([]string{"stable"})}, "ghcr.io/acme/app:latest", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ref, err := ParseReference(tt.ref)
			if err != nil {
				t.Fatal(err)
			}
			if got := tt.policy.Check(ref); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Check(%q) =\n%q\nwant\n%q", tt.ref, got, tt.want)
			}
		})
	}
}

func TestPolicyCheckRegistry(t *testing.T) {
	p := Policy{AllowedRegistries: []string{"*.acme.internal"}, AllowedClasses: []Class{ClassDigest}, EnforceScheme: true}
	for ref, want := range map[string]int{"registry.acme.internal/team/app": 0, "ghcr.io/team/app": 1} {
		r, err := ParseReference(ref)
		if err != nil {
			t.Fatal(err)
		}
		got := p.CheckRegistry(r)
		if len(got) != want || want == 1 && got[0].Rule != RuleAllowedRegistries {
			t.Errorf("CheckRegistry(%q) = %v, want %d allowed_registries violation(s)", ref, got, want)
		}
	}
}
