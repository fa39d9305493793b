package registrytest

import (
	"fmt"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/types"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/tagpolicy"
)

// RandomImage returns a small OCI image with one random layer, so every call
// has a new digest, whose config names the platform ("linux/amd64",
// "linux/arm64/v8"; "" means linux/amd64).
func RandomImage(platform string) (v1.Image, error) {
	p, err := parsePlatform(platform)
	if err != nil {
		return nil, err
	}
	layer, err := random.Layer(64, types.OCILayer)
	if err != nil {
		return nil, fmt.Errorf("registrytest: random layer: %w", err)
	}
	img := mutate.ConfigMediaType(mutate.MediaType(empty.Image, types.OCIManifestSchema1), types.OCIConfigJSON)
	img, err = mutate.Append(img, mutate.Addendum{Layer: layer})
	if err != nil {
		return nil, fmt.Errorf("registrytest: random image: %w", err)
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return nil, fmt.Errorf("registrytest: random image config: %w", err)
	}
	cf = cf.DeepCopy()
	cf.OS, cf.Architecture, cf.Variant, cf.OSVersion = p.OS, p.Architecture, p.Variant, p.OSVersion
	return mutate.ConfigFile(img, cf)
}

func parsePlatform(s string) (*v1.Platform, error) {
	if s == "" {
		s = "linux/amd64"
	}
	p, err := tagpolicy.ParsePlatform(s)
	if err != nil {
		return nil, fmt.Errorf("registrytest: %w", err)
	}
	return &v1.Platform{OS: p.OS, Architecture: p.Architecture, Variant: p.Variant}, nil
}
