package registry

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// Resolution is what a reference points to now.
type Resolution struct {
	// Reference is the reference as resolved, normalised by pkg/name
	// ("index.docker.io/library/ubuntu:latest"; a "repo:tag@digest" reference
	// becomes "repo@digest").
	Reference string
	// Digest is what the reference points to: an index or a manifest.
	Digest string
	// MediaType is the Content-Type of that manifest or index; empty for a
	// digest reference resolved without a request.
	MediaType string
	// PlatformDigest is, when a platform was asked for, that platform's image
	// manifest: an entry of the index, or Digest itself when the reference is
	// a single-platform image of that platform. Without a platform it is
	// always empty, even for a single-platform image: a HEAD cannot tell.
	PlatformDigest string
	// Platforms lists the images of an index, when an index was read (with a
	// platform, or when HEAD fell back to GET). Attestation manifests
	// (unknown/unknown) are left out.
	Platforms []Platform
}

func (r Resolution) clone() Resolution {
	r.Platforms = slices.Clone(r.Platforms)
	return r
}

// Resolve finds the digest ref points to now, and with platform
// ("linux/amd64", "linux/arm64/v8") that platform's manifest digest.
//
// A tag costs one HEAD (a GET only when the HEAD lacks
// Docker-Content-Digest or is refused, or to read the index for a
// platform); a digest reference without a platform costs nothing. Results
// are memoised for the life of the Client, and concurrent callers of the
// same reference and platform share one lookup.
func (c *Client) Resolve(ctx context.Context, ref, platform string) (Resolution, error) {
	r, err := c.parseReference(ref)
	if err != nil {
		return Resolution{}, err
	}
	var want *Platform
	if platform != "" {
		p, err := ParsePlatform(platform)
		if err != nil {
			return Resolution{}, err
		}
		want = &p
	}
	if d, ok := r.(name.Digest); ok && want == nil {
		return Resolution{Reference: d.Name(), Digest: d.DigestStr()}, nil
	}
	key := r.Name() + " " + platform
	if want != nil {
		key = r.Name() + " " + want.String()
	}
	t := target{registry: r.Context().RegistryStr(), reference: r.Name()}
	res, err := c.resolutions.do(ctx, key, func(ctx context.Context) (Resolution, error) {
		return c.resolve(ctx, r, want)
	}, func(err error) error { return c.fromContext(err, t) })
	if err != nil {
		return Resolution{}, err
	}
	return res.clone(), nil
}

func (c *Client) resolve(ctx context.Context, ref name.Reference, want *Platform) (Resolution, error) {
	s, err := c.repoSession(ctx, ref.Context(), ref.Name())
	if err != nil {
		return Resolution{}, err
	}
	res := Resolution{Reference: ref.Name()}
	if want == nil {
		h, err := c.headManifest(ctx, s, ref)
		if err != nil {
			return Resolution{}, err
		}
		if !h.fallback {
			res.Digest, res.MediaType = h.digest, cleanText(h.mediaType, maxFieldText)
			return res, nil
		}
	}
	m, err := c.getManifest(ctx, s, ref)
	if err != nil {
		return Resolution{}, err
	}
	res.Digest, res.MediaType = m.digest, cleanText(string(m.mediaType), maxFieldText)
	t := s.target(ref.Name())
	switch {
	case m.mediaType.IsIndex():
		idx, err := v1.ParseIndexManifest(bytes.NewReader(m.body))
		if err != nil {
			return Resolution{}, badResponse(t, "index does not parse: %v", err)
		}
		res.Platforms = indexPlatforms(idx)
		if want == nil {
			return res, nil
		}
		d, err := c.platformImage(ctx, s, ref, idx, *want, 0)
		if err != nil {
			return Resolution{}, err
		}
		res.PlatformDigest = d
		return res, nil
	case want == nil:
		return res, nil
	case m.mediaType.IsImage():
		p, err := c.configPlatform(ctx, s, ref, m)
		if err != nil {
			return Resolution{}, err
		}
		if !want.accepts(p) {
			return Resolution{}, &Error{Kind: ErrPlatformNotFound, Registry: t.registry, Reference: t.reference,
				detail: fmt.Sprintf("%s is a single-platform image for %s, not %s", t.reference, p, want)}
		}
		res.PlatformDigest = m.digest
		return res, nil
	default:
		return Resolution{}, badResponse(t, "media type %q is neither an image nor an index, so it has no platform", m.mediaType)
	}
}

// maxIndexDepth bounds how many indexes deep platformImage follows an
// entry that is itself an index.
const maxIndexDepth = 4

// platformImage finds want's image manifest in idx. An entry for want that
// is itself an index (as some build tools nest them) is read, by digest and
// verified, and searched in turn, maxIndexDepth levels at most: the answer
// is always an image manifest, never an index.
func (c *Client) platformImage(ctx context.Context, s *repoSession, ref name.Reference, idx *v1.IndexManifest, want Platform, depth int) (string, error) {
	t := s.target(ref.Name())
	platforms := indexPlatforms(idx)
	p, ok := choose(want, platforms)
	if !ok {
		return "", &Error{Kind: ErrPlatformNotFound, Registry: t.registry, Reference: t.reference,
			detail: fmt.Sprintf("%s has no image for platform %s; the index holds: %s", t.reference, want, platformList(platforms))}
	}
	var mt types.MediaType
	for _, d := range idx.Manifests {
		if d.Digest.String() == p.Digest {
			mt = d.MediaType
			break
		}
	}
	switch {
	case mt.IsImage() || mt == "":
		return p.Digest, nil
	case !mt.IsIndex():
		return "", badResponse(t, "the index entry for %s has media type %q, neither an image nor an index", want, cleanText(string(mt), maxFieldText))
	case depth+1 >= maxIndexDepth:
		return "", badResponse(t, "indexes nest more than %d deep for platform %s", maxIndexDepth, want)
	}
	inner, err := c.getManifest(ctx, s, ref.Context().Digest(p.Digest))
	if err != nil {
		return "", err
	}
	if !inner.mediaType.IsIndex() {
		return "", badResponse(t, "the index entry for %s is labelled an index but is %q", want, cleanText(string(inner.mediaType), maxFieldText))
	}
	sub, err := v1.ParseIndexManifest(bytes.NewReader(inner.body))
	if err != nil {
		return "", badResponse(t, "nested index does not parse: %v", err)
	}
	return c.platformImage(ctx, s, ref, sub, want, depth+1)
}
