package registrytest

import (
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/types"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/tagpolicy"
)

// defaultIndexPlatforms are used by PushRandomIndex when none are given.
var defaultIndexPlatforms = []string{"linux/amd64", "linux/arm64"}

// reference parses "acme/app:v1", "acme/app@sha256:…" or the same prefixed
// with this server's Host.
func (s *Server) reference(ref string) (name.Reference, error) {
	r, err := name.ParseReference(s.Host + "/" + strings.TrimPrefix(ref, s.Host+"/"))
	if err != nil {
		return nil, fmt.Errorf("registrytest: reference %q: %w", ref, err)
	}
	return r, nil
}

func (s *Server) remoteOptions() []remote.Option {
	return []remote.Option{remote.WithTransport(direct{s.inner})}
}

// Push stores img under ref and returns its manifest digest.
func (s *Server) Push(ref string, img v1.Image) (string, error) {
	r, err := s.reference(ref)
	if err != nil {
		return "", err
	}
	if err := remote.Write(r, img, s.remoteOptions()...); err != nil {
		return "", fmt.Errorf("registrytest: push %s: %w", ref, err)
	}
	d, err := img.Digest()
	if err != nil {
		return "", fmt.Errorf("registrytest: push %s: %w", ref, err)
	}
	return d.String(), nil
}

// PushRandom pushes RandomImage("linux/amd64") to ref.
func (s *Server) PushRandom(ref string) (string, error) {
	img, err := RandomImage("linux/amd64")
	if err != nil {
		return "", err
	}
	return s.Push(ref, img)
}

// PushIndex pushes an OCI image index holding each image under its platform
// ("linux/arm64/v8"), with the descriptors' platform fields set, and returns
// the index digest.
func (s *Server) PushIndex(ref string, images map[string]v1.Image) (string, error) {
	r, err := s.reference(ref)
	if err != nil {
		return "", err
	}
	if len(images) == 0 {
		return "", fmt.Errorf("registrytest: push index %s: no images", ref)
	}
	platforms := make([]string, 0, len(images))
	for p := range images {
		platforms = append(platforms, p)
	}
	sort.Strings(platforms)
	adds := make([]mutate.IndexAddendum, 0, len(images))
	for _, p := range platforms {
		plat, err := parsePlatform(p)
		if err != nil {
			return "", err
		}
		adds = append(adds, mutate.IndexAddendum{Add: images[p], Descriptor: v1.Descriptor{Platform: plat}})
	}
	idx := mutate.AppendManifests(mutate.IndexMediaType(empty.Index, types.OCIImageIndex), adds...)
	if err := remote.WriteIndex(r, idx, s.remoteOptions()...); err != nil {
		return "", fmt.Errorf("registrytest: push index %s: %w", ref, err)
	}
	d, err := idx.Digest()
	if err != nil {
		return "", fmt.Errorf("registrytest: push index %s: %w", ref, err)
	}
	return d.String(), nil
}

// PushRandomIndex pushes an index of fresh RandomImages, one per platform
// (linux/amd64 and linux/arm64 when none are given), and returns the index
// digest and each platform's image digest keyed by the platform as given.
func (s *Server) PushRandomIndex(ref string, platforms ...string) (string, map[string]string, error) {
	if len(platforms) == 0 {
		platforms = defaultIndexPlatforms
	}
	images := make(map[string]v1.Image, len(platforms))
	digests := make(map[string]string, len(platforms))
	for _, p := range platforms {
		img, err := RandomImage(p)
		if err != nil {
			return "", nil, err
		}
		d, err := img.Digest()
		if err != nil {
			return "", nil, fmt.Errorf("registrytest: random image: %w", err)
		}
		images[p], digests[p] = img, d.String()
	}
	idx, err := s.PushIndex(ref, images)
	if err != nil {
		return "", nil, err
	}
	return idx, digests, nil
}

// Tag points dstTag, in src's repository, at the manifest src resolves to.
func (s *Server) Tag(src, dstTag string) error {
	r, err := s.reference(src)
	if err != nil {
		return err
	}
	dst, err := name.NewTag(r.Context().Name()+":"+dstTag, name.StrictValidation)
	if err != nil {
		return fmt.Errorf("registrytest: tag %q: %w", dstTag, err)
	}
	repo := r.Context().RepositoryStr()
	got, err := s.call(http.MethodGet, manifestPath(repo, r.Identifier()), "", nil)
	if err != nil {
		return err
	}
	if err := expect(got, http.StatusOK, "tag: get", src); err != nil {
		return err
	}
	put, err := s.call(http.MethodPut, manifestPath(repo, dst.TagStr()), got.Header().Get("Content-Type"), got.Body.Bytes())
	if err != nil {
		return err
	}
	return expect(put, http.StatusCreated, "tag: put", dst.String())
}

// Delete removes a tag (or a digest), which then answers 404 MANIFEST_UNKNOWN.
func (s *Server) Delete(ref string) error {
	r, err := s.reference(ref)
	if err != nil {
		return err
	}
	rec, err := s.call(http.MethodDelete, manifestPath(r.Context().RepositoryStr(), r.Identifier()), "", nil)
	if err != nil {
		return err
	}
	return expect(rec, http.StatusAccepted, "delete", ref)
}

// Digest returns the manifest digest ref resolves to now.
func (s *Server) Digest(ref string) (string, error) {
	r, err := s.reference(ref)
	if err != nil {
		return "", err
	}
	rec, err := s.call(http.MethodHead, manifestPath(r.Context().RepositoryStr(), r.Identifier()), "", nil)
	if err != nil {
		return "", err
	}
	if err := expect(rec, http.StatusOK, "digest", ref); err != nil {
		return "", err
	}
	return rec.Header().Get("Docker-Content-Digest"), nil
}

// PushTags points every tag in repo at one small image. It writes the
// manifest straight into the store, skipping HTTP, so 10,000 tags take a
// fraction of a second (BenchmarkPushTags10k measures it).
func (s *Server) PushTags(repo string, tags []string) error {
	r, err := name.NewRepository(s.Host+"/"+strings.TrimPrefix(repo, s.Host+"/"), name.StrictValidation)
	if err != nil {
		return fmt.Errorf("registrytest: repository %q: %w", repo, err)
	}
	for _, t := range tags {
		if !tagpolicy.ValidTag(t) {
			return fmt.Errorf("registrytest: tag %q is not a valid tag", t)
		}
	}
	if len(tags) == 0 {
		return nil
	}
	img, err := RandomImage("linux/amd64")
	if err != nil {
		return err
	}
	if _, err := s.Push(r.Name()+":"+tags[0], img); err != nil {
		return err
	}
	raw, err := img.RawManifest()
	if err != nil {
		return fmt.Errorf("registrytest: manifest: %w", err)
	}
	mt, err := img.MediaType()
	if err != nil {
		return fmt.Errorf("registrytest: manifest: %w", err)
	}
	for _, t := range tags[1:] {
		rec, err := s.call(http.MethodPut, manifestPath(r.RepositoryStr(), t), string(mt), raw)
		if err != nil {
			return err
		}
		if err := expect(rec, http.StatusCreated, "push tag", r.Name()+":"+t); err != nil {
			return err
		}
	}
	return nil
}
