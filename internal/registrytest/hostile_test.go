package registrytest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestRedirectAnswersWithLocation(t *testing.T) {
	t.Parallel()
	s := New(t)
	mustPush(t, s, "acme/app:v1")
	s.Redirect("/manifests/", http.StatusTemporaryRedirect, "https://169.254.169.254/x", 1)
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(s.URL + manifestV1)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusTemporaryRedirect || resp.Header.Get("Location") != "https://169.254.169.254/x" {
		t.Errorf("got %d Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	wantStatus(t, do(t, s, http.MethodGet, manifestV1, nil), http.StatusOK) // used up
}

func TestEndlessTagArrayNeverCloses(t *testing.T) {
	t.Parallel()
	s := New(t)
	mustPush(t, s, "acme/app:v1")
	s.EndlessTagArray()
	resp, err := s.Client().Get(s.URL + "/v2/acme/app/tags/list")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	_ = resp.Body.Close()
	if len(b) != 1<<20 || !strings.HasPrefix(string(b), `{"name":"endless","tags":["t`) {
		t.Errorf("read %d bytes starting %q, want a megabyte of tags and more", len(b), b[:min(len(b), 40)])
	}
}

func TestEndlessTagLinksAlwaysPointOn(t *testing.T) {
	t.Parallel()
	s := New(t)
	mustPush(t, s, "acme/app:v1")
	s.EndlessTagLinks(false)
	seen := map[string]bool{}
	for range 3 {
		got := do(t, s, http.MethodGet, "/v2/acme/app/tags/list", nil)
		link := got.Header.Get("Link")
		if link == "" || seen[link] || !strings.Contains(got.body, `"tags":[]`) {
			t.Fatalf("Link %q body %s, want a new Link and an empty page", link, got.body)
		}
		seen[link] = true
	}
}

func TestServeTagsAndFailWithMessageKeepEscapes(t *testing.T) {
	t.Parallel()
	s := New(t)
	mustPush(t, s, "acme/app:v1")
	s.ServeTags("ok", "\x1b[2J")
	var list tagList
	if err := json.Unmarshal([]byte(do(t, s, http.MethodGet, "/v2/acme/app/tags/list", nil).body), &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Tags) != 2 || list.Tags[1] != "\x1b[2J" {
		t.Errorf("tags %q", list.Tags)
	}
	s.FailWithMessage("/manifests/", http.StatusNotFound, "\x1b[2Jgone\r\n", 1)
	got := do(t, s, http.MethodGet, manifestV1, nil)
	wantStatus(t, got, http.StatusNotFound)
	var body errorBody
	if err := json.Unmarshal([]byte(got.body), &body); err != nil || body.Errors[0].Message != "\x1b[2Jgone\r\n" {
		t.Errorf("body %s (%v)", got.body, err)
	}
}

func TestSingleUseAndRefreshTokens(t *testing.T) {
	t.Parallel()
	s := New(t, WithBearerAuth("", ""), WithSingleUseTokens(), WithRefreshTokens("first"))
	mustPush(t, s, "acme/app:v1")
	post := func(refresh string) tokenResponse {
		t.Helper()
		resp, err := s.Client().PostForm(s.URL+"/token", url.Values{"grant_type": {"refresh_token"},
			"refresh_token": {refresh}, "service": {serviceName}, "scope": {"repository:acme/app:pull"}})
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = resp.Body.Close() }()
		var tr tokenResponse
		if resp.StatusCode == http.StatusOK {
			_ = json.NewDecoder(resp.Body).Decode(&tr)
		}
		return tr
	}
	tr := post("first")
	if tr.Token == "" || tr.RefreshToken == "" {
		t.Fatalf("got %+v, want a token and a refresh token", tr)
	}
	if again := post("first"); again.Token != "" {
		t.Error("a refresh token was accepted twice")
	}
	wantStatus(t, do(t, s, http.MethodGet, manifestV1, bearerHeader(tr.Token)), http.StatusOK)
	wantStatus(t, do(t, s, http.MethodGet, manifestV1, bearerHeader(tr.Token)), http.StatusUnauthorized)
	if next := post(tr.RefreshToken); next.Token == "" {
		t.Error("the rotated refresh token was refused")
	}
}

func TestPushNestedIndexAndRawManifest(t *testing.T) {
	t.Parallel()
	s := New(t)
	outer, image, err := s.PushNestedIndex("acme/app:v1", "linux/amd64", 1)
	if err != nil || outer == image {
		t.Fatalf("PushNestedIndex: %s %s %v", outer, image, err)
	}
	got := do(t, s, http.MethodGet, manifestV1, nil)
	wantStatus(t, got, http.StatusOK)
	if !strings.Contains(got.body, "image.index") {
		t.Errorf("outer manifest %s holds no index", got.body)
	}
	d, err := s.PushRawManifest("acme/raw:v1", "application/vnd.docker.distribution.manifest.v1+prettyjws", []byte(`{"schemaVersion":1}`))
	if err != nil {
		t.Fatal(err)
	}
	raw := do(t, s, http.MethodGet, "/v2/acme/raw/manifests/v1", nil)
	if raw.Header.Get("Docker-Content-Digest") != d || raw.body != `{"schemaVersion":1}` {
		t.Errorf("got %s %q, want %s", raw.Header.Get("Docker-Content-Digest"), raw.body, d)
	}
}
