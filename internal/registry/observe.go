package registry

import (
	"context"
	"fmt"

	"github.com/google/go-containerregistry/pkg/name"
)

// Observe is Resolve for a reference seen before, where last is what the previous lookup found.
// With a platform, Resolve must read the index (a GET, which Docker Hub counts as a pull); Observe
// first asks with a HEAD whether the tag still points to the index last read, and when it does,
// the platform's manifest in that index is still last.PlatformDigest, so no GET is sent. Only an
// index that moved is read again. Without a platform, or without a last platform digest, it is
// Resolve.
func (c *Client) Observe(ctx context.Context, ref, platform string, last Resolution) (Resolution, error) {
	if platform == "" || last.Digest == "" || last.PlatformDigest == "" {
		return c.Resolve(ctx, ref, platform)
	}
	head, err := c.Resolve(ctx, ref, "")
	if err != nil {
		return Resolution{}, err
	}
	if head.Digest != last.Digest {
		return c.Resolve(ctx, ref, platform)
	}
	head.PlatformDigest = last.PlatformDigest
	return head, nil
}

// Verify asks the registry whether it holds the manifest a digest reference names, with one HEAD
// by digest (Resolve answers a digest reference without asking). A registry that does not hold it
// answers with a not-found error.
func (c *Client) Verify(ctx context.Context, ref string) (Resolution, error) {
	r, err := c.parseReference(ref)
	if err != nil {
		return Resolution{}, err
	}
	d, ok := r.(name.Digest)
	if !ok {
		return Resolution{}, &Error{Kind: ErrInvalidReference, Reference: ref,
			detail: fmt.Sprintf("%s names no digest to verify", ref)}
	}
	s, err := c.repoSession(ctx, d.Context(), d.Name())
	if err != nil {
		return Resolution{}, err
	}
	h, err := c.headManifest(ctx, s, d)
	if err != nil {
		return Resolution{}, err
	}
	if !h.fallback && h.digest != d.DigestStr() {
		return Resolution{}, badResponse(s.target(d.Name()), "asked for %s, the registry answered %s", d.DigestStr(), h.digest)
	}
	if h.fallback {
		m, err := c.getManifest(ctx, s, d) // checks the body against the digest
		if err != nil {
			return Resolution{}, err
		}
		h.mediaType = string(m.mediaType)
	}
	return Resolution{Reference: d.Name(), Digest: d.DigestStr(), MediaType: h.mediaType}, nil
}
