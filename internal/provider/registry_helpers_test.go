package provider

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/terraform"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registrytest"
)

// testRegistry is an in-process registry for one test, closed when the test ends.
type testRegistry struct {
	*registrytest.Server
	t *testing.T
}

func newTestRegistry(t *testing.T, opts ...registrytest.Option) *testRegistry {
	t.Helper()
	return &testRegistry{Server: registrytest.New(t, opts...), t: t}
}

// ref is a reference on this registry: ref("acme/app:v1") is "127.0.0.1:PORT/acme/app:v1".
func (r *testRegistry) ref(repoTag string) string { return r.Host + "/" + repoTag }

// build pushes a new random image as repo:tags[0] and points the other tags at it, like a CI
// pipeline publishing one build under several tags. It returns the digest.
func (r *testRegistry) build(repo string, tags ...string) string {
	r.t.Helper()
	digest, err := r.PushRandom(repo + ":" + tags[0])
	if err != nil {
		r.t.Fatalf("push %s:%s: %v", repo, tags[0], err)
	}
	r.retag(repo+":"+tags[0], tags[1:]...)
	return digest
}

// retag points more tags of the same repository at src.
func (r *testRegistry) retag(src string, tags ...string) {
	r.t.Helper()
	for _, tag := range tags {
		if err := r.Tag(src, tag); err != nil {
			r.t.Fatalf("tag %s as %s: %v", src, tag, err)
		}
	}
}

// index pushes a multi-platform index from the given images as repo:tag.
func (r *testRegistry) index(repoTag string, images map[string]v1.Image) string {
	r.t.Helper()
	digest, err := r.PushIndex(repoTag, images)
	if err != nil {
		r.t.Fatalf("push index %s: %v", repoTag, err)
	}
	return digest
}

func (r *testRegistry) image(platform string) v1.Image {
	r.t.Helper()
	img, err := registrytest.RandomImage(platform)
	if err != nil {
		r.t.Fatalf("random image: %v", err)
	}
	return img
}

func imageDigest(t *testing.T, img v1.Image) string {
	t.Helper()
	d, err := img.Digest()
	if err != nil {
		t.Fatal(err)
	}
	return d.String()
}

// pinnedConfig is a provider block (with extra provider attributes) and one pinned image resource.
func pinnedConfig(providerExtra, image, resourceExtra string) string {
	return fmt.Sprintf(`
provider "tagpolicy" {
%s
}

resource "tagpolicy_pinned_image" "ws" {
  image = %q
%s
}
`, providerExtra, image, resourceExtra)
}

// testCAPEM is a self-signed CA certificate made for this test run, for ca_certificates.
var testCAPEM = func() string {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "tagpolicy test CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		panic(err)
	}
	return strings.TrimSpace(string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})))
}()

// writeDockerConfig writes a Docker config.json holding basic credentials for one registry and
// returns its path.
func writeDockerConfig(t *testing.T, registry, username, password string) string {
	t.Helper()
	p, err := registrytest.WriteDockerConfig(t.TempDir(), registry, username, password)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

type terraformState = terraform.InstanceState

// checkImported checks the state an import by pinned reference produces.
func checkImported(states []*terraformState, image, digest string) error {
	if len(states) != 1 {
		return fmt.Errorf("imported %d instances, want 1", len(states))
	}
	attrs := states[0].Attributes
	want := map[string]string{"image": image, "id": image, "digest": digest, "pinned_ref": image + "@" + digest, "class": "major", "version": "1.3.0", "rebuild_reason": "initial"}
	for k, v := range want {
		if attrs[k] != v {
			return fmt.Errorf("imported %s = %q, want %q", k, attrs[k], v)
		}
	}
	return nil
}
