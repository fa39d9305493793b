package tagpolicy

import (
	"fmt"
	"strings"
)

// Platform is one platform of a multi-platform image: os/architecture[/variant], as in
// "linux/amd64" or "linux/arm64/v8".
type Platform struct {
	OS, Architecture, Variant string
}

// String is the platform as written: "linux/amd64", "linux/arm64/v8".
func (p Platform) String() string {
	s := p.OS + "/" + p.Architecture
	if p.Variant != "" {
		s += "/" + p.Variant
	}
	return s
}

// platformForm is what a platform must look like, for the errors that name what was wrong.
const platformForm = `a platform is os/architecture[/variant] in lowercase letters, digits and "_", e.g. "linux/amd64" or "linux/arm64/v8"`

// ParsePlatform reads os/architecture[/variant]. It is the one home of the platform grammar: the
// provider's validators, the import ID, the registry client and the test registry all parse with it,
// so a platform that passes validate is exactly one the client can ask for.
func ParsePlatform(s string) (Platform, error) {
	parts := strings.Split(s, "/")
	if len(parts) < 2 || len(parts) > 3 {
		return Platform{}, fmt.Errorf("%q has %d part(s); %s", s, len(parts), platformForm)
	}
	for _, part := range parts {
		if !validPlatformPart(part) {
			if part == "" {
				return Platform{}, fmt.Errorf("%q has an empty part; %s", s, platformForm)
			}
			return Platform{}, fmt.Errorf("%q: part %q is not allowed; %s", s, part, platformForm)
		}
	}
	p := Platform{OS: parts[0], Architecture: parts[1]}
	if len(parts) == 3 {
		p.Variant = parts[2]
	}
	return p, nil
}

// CheckPlatform is ParsePlatform for a validator: nil when s is a platform.
func CheckPlatform(s string) error {
	_, err := ParsePlatform(s)
	return err
}

func validPlatformPart(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 'a' || c > 'z') && !isDigit(c) && c != '_' {
			return false
		}
	}
	return true
}
