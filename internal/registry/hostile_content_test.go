package registry_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/v1/types"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registry"
	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registrytest"
)

// An index whose entry for the platform is itself an index once gave the
// inner index's digest as the platform digest. The walk goes down to the
// image manifest.
func TestNestedIndexIsWalkedToTheImage(t *testing.T) {
	s := registrytest.New(t)
	outer, image, err := s.PushNestedIndex(ref(s, "acme/app:v1"), "linux/amd64", 2)
	if err != nil {
		t.Fatal(err)
	}
	res, err := newClient(t).Resolve(context.Background(), ref(s, "acme/app:v1"), "linux/amd64")
	if err != nil {
		t.Fatal(err)
	}
	if res.Digest != outer || res.PlatformDigest != image {
		t.Errorf("got digest %s platform digest %s, want %s and the image %s", res.Digest, res.PlatformDigest, outer, image)
	}
}

// Nesting is followed a bounded number of levels.
func TestNestedIndexTooDeepIsBadResponse(t *testing.T) {
	s := registrytest.New(t)
	if _, _, err := s.PushNestedIndex(ref(s, "acme/app:v1"), "linux/amd64", 6); err != nil {
		t.Fatal(err)
	}
	_, err := newClient(t).Resolve(context.Background(), ref(s, "acme/app:v1"), "linux/amd64")
	e := wantError(t, err, registry.ErrBadResponse)
	if !strings.Contains(e.Error(), "nest") {
		t.Errorf("error %q does not say the indexes nest too deep", e)
	}
}

// signedSchema1 builds a signed schema 1 manifest the way libtrust lays it
// out: the payload cut before its closing "\n}", the signatures, the tail.
func signedSchema1(name string) []byte {
	payload := fmt.Sprintf("{\n   \"schemaVersion\": 1,\n   \"name\": %q,\n   \"tag\": \"v1\",\n   \"architecture\": \"amd64\",\n   \"fsLayers\": [],\n   \"history\": []\n}", name)
	cut := len(payload) - 2
	protected := base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf(
		`{"formatLength":%d,"formatTail":%q}`, cut, base64.RawURLEncoding.EncodeToString([]byte(payload[cut:])))))
	return []byte(payload[:cut] + `,
   "signatures": [{"header": {"alg": "ES256"}, "signature": "c2ln", "protected": "` + protected + `"}]
}`)
}

// A GET labelled signed schema 1 once took any Docker-Content-Digest as
// the pin. The digest is computed (payload or body), and a header naming
// neither is a bad response.
func TestSignedSchema1DigestIsVerified(t *testing.T) {
	s := registrytest.New(t)
	d, err := s.PushRawManifest(ref(s, "acme/old:v1"), types.DockerManifestSchema1Signed, signedSchema1("acme/old"))
	if err != nil {
		t.Fatal(err)
	}
	s.HeadWithoutDigest(true) // the GET decides
	res, err := newClient(t).Resolve(context.Background(), ref(s, "acme/old:v1"), "")
	if err != nil {
		t.Fatal(err)
	}
	if res.Digest != d {
		t.Errorf("got digest %s, want the body's %s as the registry named it", res.Digest, d)
	}

	s.WrongDigestHeader(true)
	_, err = newClient(t).Resolve(context.Background(), ref(s, "acme/old:v1"), "")
	wantKind(t, err, registry.ErrBadResponse)
}

// Error messages from the registry once reached diagnostics raw: a 404
// body cleared the screen and printed a fake "Apply complete!". They reach
// the caller without control characters and cut short.
func TestRegistryErrorTextIsStrippedAndBounded(t *testing.T) {
	s := registrytest.New(t)
	push(t, s, ref(s, "acme/app:v1"))
	s.FailWithMessage("/manifests/", 404, "\x1b[2J\x1b[H\r\nApply complete! Resources: 0 added\u202e\x07"+strings.Repeat("x", 60000), 0)
	_, err := newClient(t).Resolve(context.Background(), ref(s, "acme/app:v1"), "linux/amd64")
	e := wantError(t, err, registry.ErrNotFound)
	msg := e.Error()
	if strings.ContainsAny(msg, "\x1b\r\n\x07\u202e") {
		t.Errorf("error keeps control characters: %q", msg)
	}
	if len(msg) > 2100 {
		t.Errorf("error is %d bytes long, want it bounded", len(msg))
	}
	if !strings.Contains(msg, "Apply complete!") {
		t.Errorf("error %q lost the registry's (harmless) words", msg)
	}
}

// A name over 255 characters (registry and repository together) once
// passed and was sent. The client refuses it before any request.
func TestOverlongNameIsRefusedWithoutARequest(t *testing.T) {
	s := registrytest.New(t)
	c := newClient(t)
	long := s.Host + "/" + strings.Repeat("a", 250)
	_, err := c.Resolve(context.Background(), long+":"+strings.Repeat("b", 60), "")
	wantKind(t, err, registry.ErrInvalidReference)
	_, err = c.ListTags(context.Background(), long)
	wantKind(t, err, registry.ErrInvalidReference)
	if n := len(s.Requests()); n > 0 {
		t.Errorf("%d requests sent for an invalid name", n)
	}
}
