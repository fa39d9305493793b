package registry

import (
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/tagpolicy"
)

// Platform is one image of a multi-platform index, or the platform asked for.
type Platform struct {
	OS           string
	Architecture string
	Variant      string
	Digest       string // the platform's manifest digest; empty in a request
}

// String renders "os/arch" or "os/arch/variant".
func (p Platform) String() string {
	s := p.OS + "/" + p.Architecture
	if p.Variant != "" {
		s += "/" + p.Variant
	}
	return s
}

// ParsePlatform parses "os/arch" or "os/arch/variant" (e.g. "linux/amd64",
// "linux/arm64/v8") with the one platform grammar, tagpolicy.ParsePlatform,
// which the provider's validators use too, after folding case and spaces
// (a caller of the client may write "LINUX/ARM/v7"). It makes no request.
func ParsePlatform(s string) (Platform, error) {
	p, err := tagpolicy.ParsePlatform(strings.ToLower(strings.TrimSpace(s)))
	if err != nil {
		return Platform{}, &Error{Kind: ErrInvalidPlatform, Reference: s, detail: "invalid platform " + err.Error()}
	}
	return Platform{OS: p.OS, Architecture: p.Architecture, Variant: p.Variant}, nil
}

// variant fills in the variant an architecture implies when none is given,
// as containerd does: arm64 is v8, arm is v7.
func variant(arch, v string) string {
	if v != "" {
		return v
	}
	switch arch {
	case "arm64":
		return "v8"
	case "arm":
		return "v7"
	}
	return ""
}

func (p Platform) sameOSArch(o Platform) bool {
	return p.OS == o.OS && p.Architecture == o.Architecture
}

func (p Platform) matches(o Platform) bool {
	return p.sameOSArch(o) && variant(p.Architecture, p.Variant) == variant(o.Architecture, o.Variant)
}

// accepts reports whether an image for o satisfies a request for p: an exact
// match, or any variant of p's os/arch when p names no variant.
func (p Platform) accepts(o Platform) bool {
	return p.matches(o) || (p.Variant == "" && p.sameOSArch(o))
}

// choose finds want among an index's platforms: an exact match (variants
// normalised) first; without a variant asked for, any variant of that os/arch.
func choose(want Platform, have []Platform) (Platform, bool) {
	for _, p := range have {
		if want.matches(p) {
			return p, true
		}
	}
	if want.Variant == "" {
		for _, p := range have {
			if want.sameOSArch(p) {
				return p, true
			}
		}
	}
	return Platform{}, false
}

// indexPlatforms lists an index's images, leaving out attestation manifests
// (platform unknown/unknown) and entries without a platform.
func indexPlatforms(idx *v1.IndexManifest) []Platform {
	out := make([]Platform, 0, len(idx.Manifests))
	for _, m := range idx.Manifests {
		if m.Platform == nil || m.Platform.OS == "unknown" || m.Platform.OS == "" {
			continue
		}
		out = append(out, Platform{
			OS:           platformField(m.Platform.OS),
			Architecture: platformField(m.Platform.Architecture),
			Variant:      platformField(m.Platform.Variant),
			Digest:       m.Digest.String(),
		})
	}
	return out
}

func platformList(ps []Platform) string {
	if len(ps) == 0 {
		return "none"
	}
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.String()
	}
	return strings.Join(names, ", ")
}

// platformField is a registry-supplied os, architecture or variant, lower
// case and stripped of control characters: it goes into state.
func platformField(s string) string {
	return strings.ToLower(cleanText(s, maxFieldText))
}
