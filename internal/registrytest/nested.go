package registrytest

import (
	"bytes"
	"fmt"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// PushNestedIndex pushes an index whose entry for platform is itself an
// index (depth levels of them, at least 1) holding a RandomImage for that
// platform, as some build tools produce. It returns the outer index digest
// and the image's manifest digest.
func (s *Server) PushNestedIndex(ref, platform string, depth int) (outer, image string, err error) {
	r, err := s.reference(ref)
	if err != nil {
		return "", "", err
	}
	plat, err := parsePlatform(platform)
	if err != nil {
		return "", "", err
	}
	img, err := RandomImage(platform)
	if err != nil {
		return "", "", err
	}
	d, err := img.Digest()
	if err != nil {
		return "", "", fmt.Errorf("registrytest: nested index: %w", err)
	}
	var add mutate.Appendable = img
	for range max(depth, 1) + 1 {
		add = mutate.AppendManifests(mutate.IndexMediaType(empty.Index, types.OCIImageIndex),
			mutate.IndexAddendum{Add: add, Descriptor: v1.Descriptor{Platform: plat}})
	}
	idx, _ := add.(v1.ImageIndex)
	if err := remote.WriteIndex(r, idx, s.remoteOptions()...); err != nil {
		return "", "", fmt.Errorf("registrytest: push nested index %s: %w", ref, err)
	}
	od, err := idx.Digest()
	if err != nil {
		return "", "", fmt.Errorf("registrytest: nested index: %w", err)
	}
	return od.String(), d.String(), nil
}

// PushRawManifest stores body under ref as a manifest of mediaType, exactly
// as given (signed schema 1, malformed or mislabelled manifests), and returns
// the digest the server names in Docker-Content-Digest: the body's sha256.
func (s *Server) PushRawManifest(ref string, mediaType types.MediaType, body []byte) (string, error) {
	r, err := s.reference(ref)
	if err != nil {
		return "", err
	}
	m := rawManifest{body: body, mediaType: mediaType}
	if err := remote.Put(r, m, s.remoteOptions()...); err != nil {
		return "", fmt.Errorf("registrytest: push raw manifest %s: %w", ref, err)
	}
	h, _, err := v1.SHA256(bytes.NewReader(body))
	if err != nil {
		return "", fmt.Errorf("registrytest: push raw manifest %s: %w", ref, err)
	}
	return h.String(), nil
}

type rawManifest struct {
	body      []byte
	mediaType types.MediaType
}

func (m rawManifest) RawManifest() ([]byte, error)        { return m.body, nil }
func (m rawManifest) MediaType() (types.MediaType, error) { return m.mediaType, nil }
