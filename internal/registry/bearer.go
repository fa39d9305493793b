package registry

import (
	"context"
	"net/http"
	"strings"
	"sync"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
)

// bearerTransport holds one repository's pull token and renews it when the
// registry answers 401 with a Bearer challenge. The client owns this
// exchange instead of using go-containerregistry's bearer transport, whose
// refresh writes the credentials it renews with (after a token server sends
// refresh_token) without a lock, a data race between concurrent lookups of
// one repository. Here the token and the credentials are read and written
// under mu, and refreshes are serialised: each token exchange is one
// transport.Exchange, with its own state.
type bearerTransport struct {
	inner   http.RoundTripper // the Client's transport: redirects, retries, timeouts
	reg     name.Registry
	scheme  string // how the registry is reached, "https" or "http"
	scopes  []string
	secrets *secrets

	mu        sync.Mutex
	auth      authn.Authenticator // becomes the refresh_token once a token server sends one
	challenge *transport.Challenge
	token     string
}

func newBearerTransport(inner http.RoundTripper, rs *registrySession, scopes []string, secrets *secrets) *bearerTransport {
	return &bearerTransport{inner: inner, reg: rs.reg, scheme: rs.scheme, scopes: scopes, secrets: secrets,
		auth: rs.auth, challenge: rs.challenge}
}

// exchange gets a token for the transport's scopes (plus extra, a scope a
// 401 asked for) from the realm of ch, which must pass checkRealm; used is
// the token the caller saw rejected ("" for the first): when another caller
// has renewed it meanwhile, that renewal is used, not another.
func (b *bearerTransport) exchange(ctx context.Context, used string, ch *transport.Challenge, extra string) (string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.token != used {
		return b.token, nil
	}
	if ch == nil {
		ch = b.challenge
	}
	if err := checkRealm(ch.Parameters["realm"], b.reg.RegistryStr(), b.scheme); err != nil {
		return "", err
	}
	scopes := b.scopes
	if extra != "" && !strings.Contains(strings.Join(scopes, " "), extra) {
		scopes = append([]string{extra}, scopes...)
	}
	if cfg, err := authn.Authorization(ctx, b.auth); err == nil && cfg.RegistryToken != "" {
		// a registry token (Docker config "registrytoken") is the bearer
		// token itself, as go-containerregistry uses it
		b.token = cfg.RegistryToken
		return b.token, nil
	}
	tok, err := transport.Exchange(ctx, b.reg, b.auth, b.inner, scopes, ch)
	if err != nil {
		return "", err
	}
	if tok.Token == "" {
		tok.Token = tok.AccessToken // some token servers only set access_token
	}
	b.secrets.add("", tok.Token)
	if tok.RefreshToken != "" {
		b.secrets.add("", tok.RefreshToken)
		b.auth = authn.FromConfig(authn.AuthConfig{IdentityToken: tok.RefreshToken})
	}
	b.token, b.challenge = tok.Token, ch
	return b.token, nil
}

func (b *bearerTransport) current() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.token
}

// RoundTrip sends req with the current token and, on a 401 with a Bearer
// challenge from the registry itself, renews the token once and resends. A
// 401 that came from another origin (after a redirect) gets no credentials:
// it is returned as it is.
func (b *bearerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	used := b.current()
	resp, err := b.send(req, used, 0)
	if err != nil || resp.StatusCode != http.StatusUnauthorized {
		return resp, err
	}
	ch, ok := parseBearerChallenge(resp.Header.Values("WWW-Authenticate"))
	if !ok || (resp.Request != nil && !sameOrigin(resp.Request.URL, req.URL)) {
		return resp, nil
	}
	drain(resp)
	ch.Insecure = b.scheme == "http"
	tok, err := b.exchange(req.Context(), used, ch, ch.Parameters["scope"])
	if err != nil {
		return nil, err
	}
	return b.send(req, tok, 1)
}

func (b *bearerTransport) send(req *http.Request, token string, attempt int) (*http.Response, error) {
	r, err := rewind(req, attempt)
	if err != nil {
		return nil, err
	}
	if r == req {
		r = req.Clone(req.Context())
	}
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	return b.inner.RoundTrip(r)
}

// parseBearerChallenge reads the first Bearer challenge of WWW-Authenticate
// values: Bearer realm="…",service="…",scope="…".
func parseBearerChallenge(values []string) (*transport.Challenge, bool) {
	for _, v := range values {
		scheme, rest, _ := strings.Cut(strings.TrimSpace(v), " ")
		if !strings.EqualFold(scheme, "bearer") {
			continue
		}
		params := map[string]string{}
		for rest = strings.TrimSpace(rest); rest != ""; {
			key, after, ok := strings.Cut(rest, "=")
			if !ok {
				break
			}
			key = strings.ToLower(strings.TrimSpace(key))
			var val string
			if strings.HasPrefix(after, `"`) {
				end := strings.IndexByte(after[1:], '"')
				if end < 0 {
					break
				}
				val, rest = after[1:end+1], after[end+2:]
			} else {
				val, rest, _ = strings.Cut(after, ",")
				rest = "," + rest
			}
			params[key] = val
			rest = strings.TrimLeft(strings.TrimSpace(rest), ", ")
		}
		if params["realm"] == "" {
			continue
		}
		return &transport.Challenge{Scheme: "bearer", Parameters: params}, true
	}
	return nil, false
}
