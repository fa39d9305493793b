package tagpolicy

import (
	"fmt"
	"strings"
)

// RegistryPattern is one entry of allowed_registries, parsed.
//
// The forms are deliberately few and exact, so that an allow-list reads as what it allows:
//   - "host" matches that host with no port: "registry.acme.internal" does not allow
//     "registry.acme.internal:5000", which is often a different service (a mirror, a staging
//     registry) and should be listed on its own;
//   - "host:port" matches exactly that host and port;
//   - "*.suffix" matches any host ending in ".suffix", on any port, but not "suffix" itself.
//
// Hosts compare case-insensitively. Docker Hub may be written "docker.io" or "index.docker.io".
type RegistryPattern struct {
	text     string // as written
	host     string // lowercased; the suffix with its leading "." for a wildcard
	port     string
	wildcard bool
}

// ParseRegistryPattern parses an allowed_registries entry.
func ParseRegistryPattern(s string) (RegistryPattern, error) {
	fail := func(reason string) (RegistryPattern, error) {
		return RegistryPattern{}, fmt.Errorf("invalid registry pattern %q: %s; write \"host\", \"host:port\" or \"*.suffix\", e.g. \"registry.acme.internal:5000\" or \"*.acme.internal\"", s, reason)
	}
	if suffix, ok := strings.CutPrefix(s, "*."); ok {
		if strings.Contains(suffix, ":") {
			return fail(`a wildcard matches any port, so it takes none`)
		}
		if !validHostName(suffix) {
			return fail(`"` + suffix + `" is not a host name`)
		}
		return RegistryPattern{text: s, host: "." + strings.ToLower(suffix), wildcard: true}, nil
	}
	if strings.Contains(s, "*") {
		return fail(`"*" may only start the pattern, as "*."`)
	}
	if strings.Contains(s, "/") {
		return fail("it names a registry only, without a repository path")
	}
	_, host, port, reason := splitRegistry(s)
	if reason != "" {
		short, _, _ := strings.Cut(reason, ";") // our own advice follows instead
		return fail(short)
	}
	return RegistryPattern{text: s, host: host, port: port}, nil
}

// ValidateRegistryPattern reports whether s is a valid allowed_registries entry.
func ValidateRegistryPattern(s string) error {
	_, err := ParseRegistryPattern(s)
	return err
}

// Match reports whether the pattern allows the reference's registry.
func (p RegistryPattern) Match(ref Reference) bool {
	if p.wildcard {
		return strings.HasSuffix(ref.Host, p.host)
	}
	return ref.Host == p.host && ref.Port == p.port
}

// String returns the pattern as written.
func (p RegistryPattern) String() string { return p.text }
