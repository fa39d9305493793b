package registry

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// acceptManifests is every manifest and index type, newest first, so that a
// HEAD answers for whatever the tag points to (an index stays an index).
var acceptManifests = strings.Join([]string{
	string(types.OCIImageIndex),
	string(types.OCIManifestSchema1),
	string(types.DockerManifestList),
	string(types.DockerManifestSchema2),
	string(types.DockerManifestSchema1Signed),
	string(types.DockerManifestSchema1),
}, ", ")

// headResult is what a HEAD told; fallback means it told too little (no
// digest header, or HEAD refused) and a GET must follow.
type headResult struct {
	digest, mediaType string
	fallback          bool
}

func (c *Client) headManifest(ctx context.Context, s *repoSession, ref name.Reference) (headResult, error) {
	t := s.target(ref.Name())
	resp, err := c.do(ctx, s, http.MethodHead, s.url("manifests/"+ref.Identifier()), acceptManifests)
	if err != nil {
		return headResult{}, c.fromError(ctx, err, t, opManifest)
	}
	defer drain(resp)
	switch resp.StatusCode {
	case http.StatusOK:
	case http.StatusMethodNotAllowed, http.StatusNotImplemented:
		return headResult{fallback: true}, nil
	default:
		return headResult{}, c.fromResponse(resp, http.MethodHead, t, opManifest)
	}
	dh := resp.Header.Get("Docker-Content-Digest")
	if dh == "" {
		return headResult{fallback: true}, nil
	}
	h, err := v1.NewHash(dh)
	if err != nil {
		return headResult{}, badResponse(t, "malformed Docker-Content-Digest header %q", dh)
	}
	return headResult{digest: h.String(), mediaType: contentType(resp.Header)}, nil
}

// manifest is a manifest or index read in full.
type manifest struct {
	body      []byte
	digest    string
	mediaType types.MediaType
}

// getManifest reads a manifest and checks its digest: against the reference
// when pulled by digest, against Docker-Content-Digest when the registry
// sent one (a mismatch is a bad response, not a tolerated quirk).
func (c *Client) getManifest(ctx context.Context, s *repoSession, ref name.Reference) (*manifest, error) {
	t := s.target(ref.Name())
	resp, err := c.do(ctx, s, http.MethodGet, s.url("manifests/"+ref.Identifier()), acceptManifests)
	if err != nil {
		return nil, c.fromError(ctx, err, t, opManifest)
	}
	defer drain(resp)
	if resp.StatusCode != http.StatusOK {
		return nil, c.fromResponse(resp, http.MethodGet, t, opManifest)
	}
	body, err := readLimited(resp.Body, maxManifestBytes)
	if err != nil {
		return nil, c.fromError(ctx, err, t, opManifest)
	}
	m := &manifest{body: body, mediaType: mediaTypeOf(contentType(resp.Header), body)}

	want := resp.Header.Get("Docker-Content-Digest")
	source := "the Docker-Content-Digest header"
	if d, ok := ref.(name.Digest); ok {
		want, source = d.DigestStr(), "the requested digest"
	}
	algorithm := "sha256"
	var wantHash v1.Hash
	if want != "" {
		if wantHash, err = v1.NewHash(want); err != nil {
			return nil, badResponse(t, "malformed digest %q in %s", want, source)
		}
		algorithm = wantHash.Algorithm
	}
	got, err := hashOf(algorithm, body)
	if err != nil {
		return nil, badResponse(t, "unsupported digest algorithm %q in %s", algorithm, source)
	}
	m.digest = got
	if m.mediaType == types.DockerManifestSchema1Signed {
		// A signed schema 1 manifest's digest is that of its payload, the
		// body without the signatures; a registry may also name the whole
		// body's. Either is computed here, never taken on the header's word.
		if pd, ok := schema1PayloadDigest(algorithm, body); ok && (want == "" || pd == wantHash.String()) {
			m.digest = pd
			return m, nil
		}
	}
	if want != "" && got != wantHash.String() {
		return nil, badResponse(t, "manifest content hashes to %s, but %s says %s", got, source, wantHash)
	}
	return m, nil
}

// schema1PayloadDigest hashes a signed schema 1 manifest's payload as libtrust
// defines it: the body cut at the first signature's formatLength, followed by
// its formatTail.
func schema1PayloadDigest(algorithm string, body []byte) (string, bool) {
	var jws struct {
		Signatures []struct {
			Protected string `json:"protected"`
		} `json:"signatures"`
	}
	if json.Unmarshal(body, &jws) != nil || len(jws.Signatures) == 0 {
		return "", false
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(jws.Signatures[0].Protected, "="))
	if err != nil {
		return "", false
	}
	var protected struct {
		FormatLength int    `json:"formatLength"`
		FormatTail   string `json:"formatTail"`
	}
	if json.Unmarshal(raw, &protected) != nil || protected.FormatLength <= 0 || protected.FormatLength > len(body) {
		return "", false
	}
	tail, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(protected.FormatTail, "="))
	if err != nil {
		return "", false
	}
	payload := append(append([]byte(nil), body[:protected.FormatLength]...), tail...)
	d, err := hashOf(algorithm, payload)
	return d, err == nil
}

// configPlatform reads an image's config blob for its os/arch/variant.
func (c *Client) configPlatform(ctx context.Context, s *repoSession, ref name.Reference, m *manifest) (Platform, error) {
	t := s.target(ref.Name())
	img, err := v1.ParseManifest(bytes.NewReader(m.body))
	if err != nil {
		return Platform{}, badResponse(t, "image manifest does not parse: %v", err)
	}
	cd := img.Config.Digest
	resp, err := c.do(ctx, s, http.MethodGet, s.url("blobs/"+cd.String()), "")
	if err != nil {
		return Platform{}, c.fromError(ctx, err, t, opBlob)
	}
	defer drain(resp)
	if resp.StatusCode != http.StatusOK {
		return Platform{}, c.fromResponse(resp, http.MethodGet, t, opBlob)
	}
	body, err := readLimited(resp.Body, maxConfigBytes)
	if err != nil {
		return Platform{}, c.fromError(ctx, err, t, opBlob)
	}
	if got, err := hashOf(cd.Algorithm, body); err != nil || got != cd.String() {
		return Platform{}, badResponse(t, "image config does not match its digest %s", cd)
	}
	var cfg struct {
		OS           string `json:"os"`
		Architecture string `json:"architecture"`
		Variant      string `json:"variant"`
	}
	if err := json.Unmarshal(body, &cfg); err != nil {
		return Platform{}, badResponse(t, "image config does not parse: %v", err)
	}
	return Platform{
		OS:           platformField(cfg.OS),
		Architecture: platformField(cfg.Architecture),
		Variant:      platformField(cfg.Variant),
		Digest:       m.digest,
	}, nil
}

// do sends one request with the repository's authenticated client.
func (c *Client) do(ctx context.Context, s *repoSession, method, url, accept string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, url, nil)
	if err != nil {
		return nil, err
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	return s.client.Do(req)
}

func hashOf(algorithm string, b []byte) (string, error) {
	h, err := v1.Hasher(algorithm)
	if err != nil {
		return "", err
	}
	h.Write(b)
	return algorithm + ":" + hex.EncodeToString(h.Sum(nil)), nil
}

func contentType(h http.Header) string {
	mt, _, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		return ""
	}
	return mt
}

// mediaTypeOf trusts a manifest Content-Type, else the body's mediaType,
// else its shape (an OCI manifest may omit mediaType).
func mediaTypeOf(header string, body []byte) types.MediaType {
	if mt := types.MediaType(header); mt.IsIndex() || mt.IsImage() || mt.IsSchema1() {
		return mt
	}
	var probe struct {
		MediaType types.MediaType `json:"mediaType"`
		Manifests json.RawMessage `json:"manifests"`
		Config    json.RawMessage `json:"config"`
	}
	if json.Unmarshal(body, &probe) != nil {
		return types.MediaType(header)
	}
	switch {
	case probe.MediaType != "":
		return probe.MediaType
	case probe.Manifests != nil:
		return types.OCIImageIndex
	case probe.Config != nil:
		return types.OCIManifestSchema1
	}
	return types.MediaType(header)
}

func badResponse(t target, format string, args ...any) *Error {
	return &Error{Kind: ErrBadResponse, Registry: t.registry, Reference: t.reference, Err: fmt.Errorf(format, args...)}
}
