package registrytest

import "time"

// defaultMaxPageSize matches the page size Docker Hub and distribution use.
const defaultMaxPageSize = 1000

type authMode int

const (
	authNone authMode = iota
	authBasic
	authBearer
)

type options struct {
	auth        authMode
	username    string
	password    string
	latency     time.Duration
	tls         bool
	maxPageSize int
	bearerRealm string // "" advertises the server's own /token
	singleUse   bool   // tokens.go: a token authorises one request
	refresh     string // tokens.go: the first refresh_token accepted, "" for none
}

// Option configures a Server at Start.
type Option func(*options)

func makeOptions(opts []Option) options {
	o := options{maxPageSize: defaultMaxPageSize}
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// WithBasicAuth requires HTTP Basic credentials on every /v2/ request,
// answering 401 with a Basic challenge otherwise.
func WithBasicAuth(username, password string) Option {
	return func(o *options) {
		o.auth, o.username, o.password = authBasic, username, password
	}
}

// WithBearerAuth enables Docker token authentication: /v2/ requests need a
// token from GET /token, which checks these Basic credentials. An empty
// username lets anyone, including anonymous clients, obtain tokens.
func WithBearerAuth(username, password string) Option {
	return func(o *options) {
		o.auth, o.username, o.password = authBearer, username, password
	}
}

// WithBearerRealm makes the Bearer challenges (of WithBearerAuth) advertise
// realm instead of the server's own token endpoint, as a registry whose token
// service lives elsewhere does (Docker Hub sends auth.docker.io), or as a
// hostile registry pointing clients at an internal address would. The server
// keeps serving its own /token; what answers at realm is the test's business.
func WithBearerRealm(realm string) Option {
	return func(o *options) { o.bearerRealm = realm }
}

// WithLatency delays the answer to every request, registry and token alike.
func WithLatency(d time.Duration) Option {
	return func(o *options) { o.latency = d }
}

// WithTLS serves HTTPS with a self-signed certificate for 127.0.0.1, ::1 and
// localhost. Use Server.Client or Server.CACertPEM to trust it.
func WithTLS() Option {
	return func(o *options) { o.tls = true }
}

// WithMaxPageSize caps tag list pages (default 1000). It is also the page size
// when the client sends no ?n=. Values below 1 keep the default.
func WithMaxPageSize(n int) Option {
	return func(o *options) {
		if n > 0 {
			o.maxPageSize = n
		}
	}
}

// WithSingleUseTokens makes each Bearer token (of WithBearerAuth) good for
// one registry request: the next is answered 401 with a challenge, so a
// client renews its token on every request, as it would when tokens expire
// under load.
func WithSingleUseTokens() Option {
	return func(o *options) { o.singleUse = true }
}

// WithRefreshTokens makes the token endpoint speak the OAuth2 flow as well
// (POST grant_type=refresh_token): it accepts initial as the first
// refresh_token, and every token response carries a new refresh_token that
// replaces the one used, as identity tokens from docker login do.
func WithRefreshTokens(initial string) Option {
	return func(o *options) { o.refresh = initial }
}
