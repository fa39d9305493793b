package registry

import (
	"context"
	"net/http"
	"time"

	"github.com/google/go-containerregistry/pkg/authn"
)

// Defaults, as documented on the provider's configuration.
const (
	DefaultTimeout       = 30 * time.Second
	DefaultMaxRetries    = 3
	DefaultRetryAfterCap = 30 * time.Second
	DefaultBackoff       = 500 * time.Millisecond
	DefaultRetryBudget   = 60 * time.Second
	DefaultPageSize      = 1000
	DefaultMaxTags       = 100000
)

// Option configures a Client.
type Option func(*options)

// Logger receives debug events. It never receives credentials, tokens or
// Authorization headers.
type Logger func(ctx context.Context, msg string, fields map[string]any)

type credential struct {
	address            string
	username, password string
}

type configFile struct {
	address, path string
}

type options struct {
	timeout       time.Duration
	maxRetries    int
	retryAfterCap time.Duration
	retryBudget   time.Duration
	backoff       time.Duration
	insecure      []string
	caPEM         [][]byte
	credentials   []credential
	configFiles   []configFile
	keychain      authn.Keychain
	userAgent     string
	pageSize      int
	maxTags       int
	transport     http.RoundTripper
	logger        Logger
	clock         clock // tests record waits instead of sleeping
}

func defaultOptions() options {
	return options{
		timeout:       DefaultTimeout,
		maxRetries:    DefaultMaxRetries,
		retryAfterCap: DefaultRetryAfterCap,
		retryBudget:   DefaultRetryBudget,
		backoff:       DefaultBackoff,
		keychain:      authn.DefaultKeychain,
		userAgent:     "terraform-provider-tagpolicy",
		pageSize:      DefaultPageSize,
		maxTags:       DefaultMaxTags,
		clock:         realClock{},
	}
}

// WithTimeout bounds each HTTP round trip (ping, token and registry requests
// alike, each retry attempt on its own). A round trip that times out is not
// retried, so a registry that does not answer fails a lookup with ErrTimeout
// after one timeout, not 1+max_retries of them. Default 30s; zero or less
// keeps it.
func WithTimeout(d time.Duration) Option {
	return func(o *options) {
		if d > 0 {
			o.timeout = d
		}
	}
}

// WithMaxRetries sets how many times a request is retried after a 408, 429,
// 500, 502, 503 or 504 response or a connection reset (not after a request
// timeout; see WithTimeout). Default 3; 0 disables retries.
//
// Retry i (from 0) waits the Retry-After the registry sent, if any and no
// longer than WithRetryAfterCap, else backoff×2^i plus up to 50% jitter, and
// never less than the backoff. So a request that keeps failing waits in all
// at most 1.5×backoff×(2^n−1) between its attempts (5.25s with the
// defaults), or n×retry_after_cap when the registry asks for its waits with
// Retry-After, and in every case stops retrying once its next attempt would
// start more than WithRetryBudget after its first. A canceled context ends a
// wait at once.
func WithMaxRetries(n int) Option {
	return func(o *options) {
		if n >= 0 {
			o.maxRetries = n
		}
	}
}

// WithRetryAfterCap is the longest Retry-After the client will wait for. A
// registry asking for a longer wait fails the request at once with
// ErrRateLimited (or ErrUnavailable for a 503), saying when to retry.
// Default 30s.
func WithRetryAfterCap(d time.Duration) Option {
	return func(o *options) {
		if d >= 0 {
			o.retryAfterCap = d
		}
	}
}

// WithRetryBudget bounds the wall time from a request's first attempt to
// its last: a retry that would start later is not made, and the request
// fails with what the registry last answered. Default 60s; zero or less
// keeps it.
func WithRetryBudget(d time.Duration) Option {
	return func(o *options) {
		if d > 0 {
			o.retryBudget = d
		}
	}
}

// WithBackoff sets the first retry delay; each further retry doubles it, with
// up to 50% jitter (the bound on the total is on WithMaxRetries). Default
// 500ms. Tests use a millisecond.
func WithBackoff(base time.Duration) Option {
	return func(o *options) {
		if base >= 0 {
			o.backoff = base
		}
	}
}

// WithInsecureRegistries lists registries ("host" or "host:port"; a bare host
// covers all its ports) that may be reached over plain HTTP, and over HTTPS
// without certificate verification, as Docker's insecure-registries.
// Loopback registries (localhost, 127.0.0.0/8, ::1) may be reached over plain
// HTTP already; every other registry must speak verified TLS.
func WithInsecureRegistries(hosts ...string) Option {
	return func(o *options) { o.insecure = append(o.insecure, hosts...) }
}

// WithCACertificates adds PEM-encoded CA certificates to the system roots. New
// fails if the PEM holds no certificate. Ignored with WithTransport.
func WithCACertificates(pem []byte) Option {
	return func(o *options) { o.caPEM = append(o.caPEM, pem) }
}

// WithCredentials sets a username and password for one registry (an address
// such as "registry.acme.internal:5000", "docker.io" or
// "https://index.docker.io/v1/"). They take precedence over the keychain.
func WithCredentials(address, username, password string) Option {
	return func(o *options) {
		o.credentials = append(o.credentials, credential{address, username, password})
	}
}

// WithConfigFile uses the Docker config.json at path (its auths,
// credHelpers or credsStore) for one registry, in precedence over the
// keychain. New fails if the file cannot be read or holds nothing for the
// registry.
func WithConfigFile(address, path string) Option {
	return func(o *options) { o.configFiles = append(o.configFiles, configFile{address, path}) }
}

// WithKeychain sets the keychain consulted for registries without explicit
// credentials. Default authn.DefaultKeychain (DOCKER_CONFIG,
// ~/.docker/config.json, credential helpers). Nil means anonymous.
func WithKeychain(kc authn.Keychain) Option {
	return func(o *options) { o.keychain = kc }
}

// WithUserAgent sets the User-Agent of every request.
func WithUserAgent(ua string) Option {
	return func(o *options) {
		if ua != "" {
			o.userAgent = ua
		}
	}
}

// WithPageSize sets the tag list page size (the n parameter). Default 1000,
// the most some registries (ECR) accept.
func WithPageSize(n int) Option {
	return func(o *options) {
		if n > 0 {
			o.pageSize = n
		}
	}
}

// WithMaxTags caps how many tags ListTags reads before failing with
// ErrTooManyTags. Default 100000.
func WithMaxTags(n int) Option {
	return func(o *options) {
		if n > 0 {
			o.maxTags = n
		}
	}
}

// WithTransport replaces the base HTTP transport (tests). Timeouts, retries,
// the plain-HTTP policy and the User-Agent still apply on top of it; TLS
// settings (WithCACertificates) are the transport's own.
func WithTransport(rt http.RoundTripper) Option {
	return func(o *options) { o.transport = rt }
}

// WithLogger receives one debug event per HTTP attempt and per retry.
func WithLogger(l Logger) Option {
	return func(o *options) { o.logger = l }
}
