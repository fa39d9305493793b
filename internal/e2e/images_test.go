package e2e

import (
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// randomImage returns a small image with a random layer for platform ("linux/amd64").
func randomImage(t *testing.T, platform string) v1.Image {
	t.Helper()
	img, err := random.Image(64, 1)
	if err != nil {
		t.Fatal(err)
	}
	p := parsePlatform(t, platform)
	cf, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	cf = cf.DeepCopy()
	cf.OS, cf.Architecture, cf.Variant = p.OS, p.Architecture, p.Variant
	img, err = mutate.ConfigFile(img, cf)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func parsePlatform(t *testing.T, s string) *v1.Platform {
	t.Helper()
	parts := strings.Split(s, "/")
	if len(parts) < 2 {
		t.Fatalf("platform %q: want os/arch[/variant]", s)
	}
	p := &v1.Platform{OS: parts[0], Architecture: parts[1]}
	if len(parts) > 2 {
		p.Variant = parts[2]
	}
	return p
}

// newIndex builds a manifest list holding one image per platform, in order.
func newIndex(t *testing.T, platforms []string, images []v1.Image) v1.ImageIndex {
	t.Helper()
	idx := mutate.IndexMediaType(empty.Index, types.DockerManifestList)
	for i, img := range images {
		idx = mutate.AppendManifests(idx, mutate.IndexAddendum{
			Add:        img,
			Descriptor: v1.Descriptor{Platform: parsePlatform(t, platforms[i])},
		})
	}
	return idx
}

// pushImage writes img to each ref (HOST/repo:tag) and returns its manifest digest.
func (r *registry) pushImage(t *testing.T, img v1.Image, refs ...string) string {
	t.Helper()
	for _, ref := range refs {
		if err := remote.Write(r.tag(t, ref), img, append(r.remote, remote.WithContext(ctx(t)))...); err != nil {
			t.Fatalf("push %s: %v", ref, err)
		}
	}
	d, err := img.Digest()
	if err != nil {
		t.Fatal(err)
	}
	return d.String()
}

// pushRandom pushes a new random linux/amd64 image to every ref and returns its digest: a new
// build, as a publisher's pipeline pushes it under all its tags at once.
func (r *registry) pushRandom(t *testing.T, refs ...string) string {
	t.Helper()
	return r.pushImage(t, randomImage(t, "linux/amd64"), refs...)
}

// pushIndex writes idx to each ref and returns the index digest.
func (r *registry) pushIndex(t *testing.T, idx v1.ImageIndex, refs ...string) string {
	t.Helper()
	for _, ref := range refs {
		if err := remote.WriteIndex(r.tag(t, ref), idx, append(r.remote, remote.WithContext(ctx(t)))...); err != nil {
			t.Fatalf("push index %s: %v", ref, err)
		}
	}
	d, err := idx.Digest()
	if err != nil {
		t.Fatal(err)
	}
	return d.String()
}

// retag points dstTag (a tag in the same repository) at what src resolves to, as `crane tag` does.
func (r *registry) retag(t *testing.T, src, dstTag string) {
	t.Helper()
	opts := append(r.remote, remote.WithContext(ctx(t)))
	desc, err := remote.Get(r.ref(t, src), opts...)
	if err != nil {
		t.Fatalf("get %s: %v", src, err)
	}
	dst := r.ref(t, src).Context().Tag(dstTag)
	if err := remote.Tag(dst, desc, opts...); err != nil {
		t.Fatalf("tag %s: %v", dst, err)
	}
}

// digest returns what ref resolves to now.
func (r *registry) digest(t *testing.T, ref string) string {
	t.Helper()
	desc, err := remote.Head(r.ref(t, ref), append(r.remote, remote.WithContext(ctx(t)))...)
	if err != nil {
		t.Fatalf("head %s: %v", ref, err)
	}
	return desc.Digest.String()
}

// deleteManifest deletes the manifest ref (a digest reference, or a tag's current manifest).
func (r *registry) deleteManifest(t *testing.T, ref string) {
	t.Helper()
	d := r.ref(t, ref).Context().Digest(r.digest(t, ref))
	if err := remote.Delete(d, append(r.remote, remote.WithContext(ctx(t)))...); err != nil {
		t.Fatalf("delete %s: %v", d, err)
	}
}

func (r *registry) ref(t *testing.T, s string) name.Reference {
	t.Helper()
	ref, err := name.ParseReference(s, name.StrictValidation)
	if err != nil {
		t.Fatal(err)
	}
	return ref
}

func (r *registry) tag(t *testing.T, s string) name.Tag {
	t.Helper()
	tag, err := name.NewTag(s, name.StrictValidation)
	if err != nil {
		t.Fatal(err)
	}
	return tag
}

// v1Image shortens signatures in scenarios.
type v1Image = v1.Image

func digestOf(t *testing.T, img v1.Image) string {
	t.Helper()
	d, err := img.Digest()
	if err != nil {
		t.Fatal(err)
	}
	return d.String()
}
