package registry

import (
	"fmt"
	"net"
	"net/http"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
)

// Client talks to registries on behalf of one provider process. It is safe
// for concurrent use and meant to be shared: it holds the connection pool,
// the per-registry pings, the per-repository tokens and the memo of what has
// been resolved.
type Client struct {
	opts     options
	base     http.RoundTripper // the connection pool
	insecTLS http.RoundTripper // unverified TLS for insecure-listed hosts; nil with WithTransport
	rt       http.RoundTripper // scheme policy + timeout + retry + User-Agent over base
	creds    *credentials
	secrets  *secrets
	insecure map[string]bool // host[:port] and bare hosts listed insecure

	registries  flight[*registrySession]
	repos       flight[*repoSession]
	resolutions flight[Resolution]
	tagLists    flight[[]string]
}

// New builds a Client. It fails on configuration that can never work (a CA
// PEM without certificates, an unreadable config file), before any request.
func New(opts ...Option) (*Client, error) {
	o := defaultOptions()
	for _, opt := range opts {
		opt(&o)
	}
	c := &Client{opts: o, secrets: &secrets{}, insecure: map[string]bool{}}
	for _, h := range o.insecure {
		key, err := registryKey(h)
		if err != nil {
			return nil, fmt.Errorf("insecure_registries: %q: %w", h, err)
		}
		c.insecure[key] = true
	}
	if o.transport != nil {
		c.base = o.transport
	} else {
		t, err := newBaseTransport(o.caPEM, true)
		if err != nil {
			return nil, err
		}
		c.base = t
		if len(c.insecure) > 0 {
			c.insecTLS, _ = newBaseTransport(nil, false)
		}
	}
	creds, err := newCredentials(&o, c.secrets)
	if err != nil {
		return nil, err
	}
	c.creds = creds

	var rt http.RoundTripper = &schemePolicy{verified: c.base, unverified: c.insecTLS,
		insecure: c.insecureListed, allowed: c.plainHTTPAllowed}
	rt = &bodyLimit{inner: rt, max: maxAnyBody}
	rt = &timeoutTransport{inner: rt, timeout: o.timeout}
	rt = &hostLimit{inner: rt, max: maxInFlightPerHost}
	rt = &redirectPolicy{inner: rt}
	rt = &retryTransport{inner: rt, maxRetries: o.maxRetries, backoff: o.backoff, capAfter: o.retryAfterCap, budget: o.retryBudget,
		clock: o.clock, log: o.logger, scrub: c.secrets.scrub}
	c.rt = &userAgentTransport{inner: rt, ua: o.userAgent}
	return c, nil
}

// Close releases idle connections. The Client stays usable.
func (c *Client) Close() {
	for _, rt := range []http.RoundTripper{c.base, c.insecTLS} {
		if ci, ok := rt.(interface{ CloseIdleConnections() }); ok {
			ci.CloseIdleConnections()
		}
	}
}

func (c *Client) insecureListed(hostport string) bool {
	hostport = strings.ToLower(hostport)
	if c.insecure[hostport] {
		return true
	}
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return c.insecure[h] // a bare host listed covers all its ports
	}
	return false
}

func (c *Client) plainHTTPAllowed(hostport string) bool {
	return c.insecureListed(hostport) || isLoopback(hostport)
}

// parseReference parses with pkg/name, marking insecure-listed registries so
// that go-containerregistry may reach them over plain HTTP.
func (c *Client) parseReference(s string) (name.Reference, error) {
	ref, err := name.ParseReference(s)
	if err == nil {
		err = checkNameLength(ref.Context())
	}
	if err != nil {
		return nil, &Error{Kind: ErrInvalidReference, Reference: cleanText(s, maxRegistryText), Err: err}
	}
	if c.insecureListed(ref.Context().RegistryStr()) {
		return name.ParseReference(s, name.Insecure)
	}
	return ref, nil
}

func (c *Client) parseRepository(s string) (name.Repository, error) {
	repo, err := name.NewRepository(s)
	if err == nil {
		err = checkNameLength(repo)
	}
	if err != nil {
		return name.Repository{}, &Error{Kind: ErrInvalidReference, Reference: cleanText(s, maxRegistryText), Err: err}
	}
	if c.insecureListed(repo.RegistryStr()) {
		return name.NewRepository(s, name.Insecure)
	}
	return repo, nil
}

// maxNameLength is the Docker reference grammar's bound on a name, registry
// and repository together ("registry.example:5000/acme/app"). pkg/name
// bounds the repository part alone, so a longer name would be sent.
const maxNameLength = 255

func checkNameLength(repo name.Repository) error {
	reg := repo.RegistryStr()
	if reg == name.DefaultRegistry {
		reg = "docker.io"
	}
	if n := len(reg) + 1 + len(repo.RepositoryStr()); n > maxNameLength {
		return fmt.Errorf("the name is %d characters long, more than %d", n, maxNameLength)
	}
	return nil
}
