package registrytest

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
)

func basicHeader(user, pass string) http.Header {
	r, _ := http.NewRequest(http.MethodGet, "/", nil)
	r.SetBasicAuth(user, pass)
	return r.Header
}

func bearerHeader(token string) http.Header {
	return http.Header{"Authorization": {"Bearer " + token}}
}

func wantHTTPStatus(t *testing.T, err error, status int) {
	t.Helper()
	var terr *transport.Error
	if !errors.As(err, &terr) || terr.StatusCode != status {
		t.Fatalf("error %v, want a %d from the registry", err, status)
	}
}

func TestBasicAuth(t *testing.T) {
	t.Parallel()
	s := New(t, WithBasicAuth("alice", "s3cret"))
	want := mustPush(t, s, "acme/app:v1")

	for _, path := range []string{"/v2/", "/v2/acme/app/manifests/v1", "/v2/acme/app/tags/list"} {
		got := do(t, s, http.MethodGet, path, nil)
		wantStatus(t, got, http.StatusUnauthorized)
		if c := got.Header.Get("WWW-Authenticate"); c != `Basic realm="registrytest"` {
			t.Errorf("GET %s challenge %q, want Basic", path, c)
		}
		if !strings.Contains(got.body, `"UNAUTHORIZED"`) {
			t.Errorf("GET %s body %s, want an UNAUTHORIZED error", path, got.body)
		}
	}
	wantStatus(t, do(t, s, http.MethodGet, "/v2/", basicHeader("alice", "wrong")), http.StatusUnauthorized)
	wantStatus(t, do(t, s, http.MethodGet, "/v2/", basicHeader("alice", "s3cret")), http.StatusOK)

	ref := mustRef(t, s, "acme/app:v1")
	desc, err := remote.Head(ref, remote.WithAuth(&authn.Basic{Username: "alice", Password: "s3cret"}))
	if err != nil {
		t.Fatal(err)
	}
	if desc.Digest.String() != want {
		t.Errorf("digest %s, want %s", desc.Digest, want)
	}
	_, err = remote.Head(ref, remote.WithAuth(&authn.Basic{Username: "alice", Password: "nope"}))
	wantHTTPStatus(t, err, http.StatusUnauthorized)
	_, err = remote.Head(ref)
	wantHTTPStatus(t, err, http.StatusUnauthorized)
}

func fetchToken(t *testing.T, s *Server, query string, header http.Header) string {
	t.Helper()
	got := do(t, s, http.MethodGet, "/token?"+query, header)
	wantStatus(t, got, http.StatusOK)
	var tok struct {
		Token       string `json:"token"`
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if err := json.Unmarshal([]byte(got.body), &tok); err != nil {
		t.Fatalf("token body %s: %v", got.body, err)
	}
	if tok.Token == "" || tok.AccessToken != tok.Token || tok.ExpiresIn != 300 {
		t.Fatalf("token response %s, want token = access_token and expires_in 300", got.body)
	}
	return tok.Token
}

func TestBearerChallenges(t *testing.T) {
	t.Parallel()
	s := New(t, WithBearerAuth("alice", "s3cret"))
	mustPush(t, s, "acme/app:v1")
	realm := `Bearer realm="` + s.URL + `/token",service="registrytest"`

	ping := do(t, s, http.MethodGet, "/v2/", nil)
	wantStatus(t, ping, http.StatusUnauthorized)
	if c := ping.Header.Get("WWW-Authenticate"); c != realm {
		t.Errorf("ping challenge %q, want %q", c, realm)
	}
	head := do(t, s, http.MethodHead, "/v2/acme/app/manifests/v1", nil)
	wantStatus(t, head, http.StatusUnauthorized)
	if c, want := head.Header.Get("WWW-Authenticate"), realm+`,scope="repository:acme/app:pull"`; c != want {
		t.Errorf("manifest challenge %q, want %q", c, want)
	}
}

// WithBearerRealm changes where the challenge sends clients, and nothing
// else: the server's own token endpoint still answers.
func TestBearerRealmOverride(t *testing.T) {
	t.Parallel()
	const elsewhere = "https://auth.example.test/token"
	s := New(t, WithBearerAuth("", ""), WithBearerRealm(elsewhere))
	mustPush(t, s, "acme/app:v1")

	ping := do(t, s, http.MethodGet, "/v2/", nil)
	wantStatus(t, ping, http.StatusUnauthorized)
	if c, want := ping.Header.Get("WWW-Authenticate"), `Bearer realm="`+elsewhere+`",service="registrytest"`; c != want {
		t.Errorf("ping challenge %q, want %q", c, want)
	}
	head := do(t, s, http.MethodHead, "/v2/acme/app/manifests/v1", nil)
	if c := head.Header.Get("WWW-Authenticate"); !strings.HasPrefix(c, `Bearer realm="`+elsewhere+`"`) {
		t.Errorf("manifest challenge %q, want realm %s", c, elsewhere)
	}
	tok := fetchToken(t, s, "service=registrytest&scope=repository:acme/app:pull", nil)
	wantStatus(t, do(t, s, http.MethodHead, "/v2/acme/app/manifests/v1", bearerHeader(tok)), http.StatusOK)
}

func TestBearerTokenEndpoint(t *testing.T) {
	t.Parallel()
	s := New(t, WithBearerAuth("alice", "s3cret"))
	mustPush(t, s, "acme/app:v1")
	mustPush(t, s, "other/app:v1")
	const query = "service=registrytest&scope=repository:acme/app:pull"

	for name, h := range map[string]http.Header{"no credentials": nil, "wrong password": basicHeader("alice", "nope")} {
		got := do(t, s, http.MethodGet, "/token?"+query, h)
		if got.StatusCode != http.StatusUnauthorized || !strings.Contains(got.body, "UNAUTHORIZED") {
			t.Errorf("%s: token endpoint answered %d %s, want 401 UNAUTHORIZED", name, got.StatusCode, got.body)
		}
	}
	token := fetchToken(t, s, query, basicHeader("alice", "s3cret"))
	if got := s.TokenRequests(); got != 3 {
		t.Errorf("TokenRequests() = %d, want 3", got)
	}

	wantStatus(t, do(t, s, http.MethodGet, "/v2/", bearerHeader(token)), http.StatusOK)
	wantStatus(t, do(t, s, http.MethodHead, "/v2/acme/app/manifests/v1", bearerHeader(token)), http.StatusOK)

	// The token is bound to acme/app: another repository gets a fresh challenge.
	other := do(t, s, http.MethodHead, "/v2/other/app/manifests/v1", bearerHeader(token))
	wantStatus(t, other, http.StatusUnauthorized)
	if c := other.Header.Get("WWW-Authenticate"); !strings.Contains(c, `scope="repository:other/app:pull"`) || !strings.Contains(c, `error="insufficient_scope"`) {
		t.Errorf("challenge for another repository %q, want its own scope", c)
	}
	// Pull does not grant push.
	put := do(t, s, http.MethodPut, "/v2/acme/app/manifests/v2", bearerHeader(token))
	wantStatus(t, put, http.StatusUnauthorized)
	if c := put.Header.Get("WWW-Authenticate"); !strings.Contains(c, `scope="repository:acme/app:pull,push"`) {
		t.Errorf("push challenge %q, want pull,push scope", c)
	}
	forged := do(t, s, http.MethodHead, "/v2/acme/app/manifests/v1", bearerHeader("forged"))
	wantStatus(t, forged, http.StatusUnauthorized)
	if c := forged.Header.Get("WWW-Authenticate"); !strings.Contains(c, `error="invalid_token"`) {
		t.Errorf("challenge for an unknown token %q, want invalid_token", c)
	}

	// Several scopes, repeated or space-separated, go into one token.
	both := fetchToken(t, s, "service=registrytest&scope=repository:acme/app:pull&scope=repository:other/app:pull", basicHeader("alice", "s3cret"))
	wantStatus(t, do(t, s, http.MethodHead, "/v2/acme/app/manifests/v1", bearerHeader(both)), http.StatusOK)
	wantStatus(t, do(t, s, http.MethodHead, "/v2/other/app/manifests/v1", bearerHeader(both)), http.StatusOK)
}

func TestBearerWithRemoteClient(t *testing.T) {
	t.Parallel()
	s := New(t, WithBearerAuth("alice", "s3cret"))
	want := mustPush(t, s, "acme/app:v1")
	mustPush(t, s, "acme/app:v2")
	ref := mustRef(t, s, "acme/app:v1")

	p, err := remote.NewPuller(remote.WithAuth(&authn.Basic{Username: "alice", Password: "s3cret"}))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []string{"acme/app:v1", "acme/app:v2", "acme/app:v1"} {
		desc, err := p.Head(t.Context(), mustRef(t, s, r))
		if err != nil {
			t.Fatalf("HEAD %s: %v", r, err)
		}
		if r == "acme/app:v1" && desc.Digest.String() != want {
			t.Errorf("HEAD %s digest %s, want %s", r, desc.Digest, want)
		}
	}
	if got := s.TokenRequests(); got != 1 {
		t.Errorf("TokenRequests() = %d after three HEADs in one repository, want 1 (token reused)", got)
	}
	if got := s.ManifestRequests(http.MethodHead); got < 3 {
		t.Errorf("ManifestRequests(HEAD) = %d, want at least 3", got)
	}

	s.ResetLog()
	_, err = remote.Head(ref, remote.WithAuth(&authn.Basic{Username: "alice", Password: "nope"}))
	wantHTTPStatus(t, err, http.StatusUnauthorized)
	if s.TokenRequests() == 0 {
		t.Error("wrong credentials never reached the token endpoint")
	}
	for _, r := range s.Requests() {
		if r.Path == "/v2/acme/app/manifests/v1" && r.Status == http.StatusOK {
			t.Errorf("a manifest request succeeded with wrong credentials: %+v", r)
		}
	}

	anon := New(t, WithBearerAuth("", ""))
	wantAnon := mustPush(t, anon, "acme/app:v1")
	desc, err := remote.Head(mustRef(t, anon, "acme/app:v1"))
	if err != nil {
		t.Fatalf("anonymous HEAD with anonymous tokens allowed: %v", err)
	}
	if desc.Digest.String() != wantAnon || anon.TokenRequests() != 1 {
		t.Errorf("anonymous: digest %s (want %s), %d token requests (want 1)", desc.Digest, wantAnon, anon.TokenRequests())
	}
}
