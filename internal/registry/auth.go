package registry

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/docker/cli/cli/config"
	"github.com/docker/cli/cli/config/configfile"
	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/tagpolicy"
)

// credentials picks the authenticator for a registry: explicit credentials
// (WithCredentials, WithConfigFile) first, then the keychain, else anonymous.
type credentials struct {
	explicit map[string]authn.Authenticator
	files    map[string]*configfile.ConfigFile
	keychain authn.Keychain
	secrets  *secrets
	timeout  time.Duration // how long a credential helper may take
}

func newCredentials(o *options, s *secrets) (*credentials, error) {
	c := &credentials{
		explicit: map[string]authn.Authenticator{},
		files:    map[string]*configfile.ConfigFile{},
		keychain: o.keychain,
		secrets:  s,
		timeout:  o.timeout,
	}
	for _, cr := range o.credentials {
		host, err := registryKey(cr.address)
		if err != nil {
			return nil, fmt.Errorf("registry_auth address %q: %w", cr.address, err)
		}
		s.add(cr.username, cr.password)
		c.explicit[host] = authn.FromConfig(authn.AuthConfig{Username: cr.username, Password: cr.password})
	}
	for _, f := range o.configFiles {
		host, err := registryKey(f.address)
		if err != nil {
			return nil, fmt.Errorf("registry_auth address %q: %w", f.address, err)
		}
		cf, err := loadConfigFile(f.path)
		if err != nil {
			return nil, err
		}
		if !configHas(cf, host) {
			return nil, fmt.Errorf("registry_auth config_file %s holds no credentials for %s", f.path, host)
		}
		c.files[host] = cf
	}
	return c, nil
}

func loadConfigFile(path string) (*configfile.ConfigFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("registry_auth config_file: %w", err)
	}
	defer func() { _ = f.Close() }() // read-only: nothing to lose on close
	cf, err := config.LoadFromReader(f)
	if err != nil {
		// The parser's message never quotes the file's content.
		return nil, fmt.Errorf("registry_auth config_file %s: %w", path, err)
	}
	return cf, nil
}

func configHas(cf *configfile.ConfigFile, host string) bool {
	if cf.CredentialsStore != "" {
		return true
	}
	for k := range cf.CredentialHelpers {
		if h, err := registryKey(k); err == nil && h == host {
			return true
		}
	}
	for k := range cf.AuthConfigs {
		if h, err := registryKey(k); err == nil && h == host {
			return true
		}
	}
	return false
}

// forRegistry returns the authenticator for reg and whether it is anonymous.
func (c *credentials) forRegistry(ctx context.Context, reg name.Registry) (authn.Authenticator, error) {
	host := reg.RegistryStr()
	if a, ok := c.explicit[host]; ok {
		return a, nil
	}
	if cf, ok := c.files[host]; ok {
		return c.fromFile(ctx, cf, host, true)
	}
	if c.keychain == nil {
		return authn.Anonymous, nil
	}
	if c.keychain == authn.DefaultKeychain {
		// The default keychain would run a helper itself, without a
		// context: run it here instead (helper.go).
		if cf := dockerConfig(); cf != nil && helperFor(cf, host) != "" {
			return c.fromFile(ctx, cf, host, false)
		}
	}
	a, err := authn.Resolve(ctx, c.keychain, reg)
	if err != nil {
		return nil, fmt.Errorf("reading credentials for %s from the Docker config: %s", host, c.secrets.scrub(err.Error()))
	}
	if a == authn.Anonymous {
		return a, nil
	}
	return &recordingAuth{inner: a, secrets: c.secrets}, nil
}

// fromFile reads host's credentials from a Docker config file, running its
// credential helper if it names one. required says the file was given for
// host (registry_auth), so finding nothing is an error, not anonymity.
func (c *credentials) fromFile(ctx context.Context, cf *configfile.ConfigFile, host string, required bool) (authn.Authenticator, error) {
	var cfg authn.AuthConfig
	if helper := helperFor(cf, host); helper != "" {
		var err error
		if cfg, err = runHelper(ctx, c.timeout, helper, authKey(host)); err != nil {
			return nil, err
		}
	} else {
		ac, err := cf.GetAuthConfig(authKey(host))
		if err != nil {
			return nil, fmt.Errorf("reading credentials for %s from config_file: %s", host, c.secrets.scrub(err.Error()))
		}
		cfg = authn.AuthConfig{
			Username:      ac.Username,
			Password:      ac.Password,
			Auth:          ac.Auth,
			IdentityToken: ac.IdentityToken,
			RegistryToken: ac.RegistryToken,
		}
	}
	if cfg == (authn.AuthConfig{}) {
		if !required {
			return authn.Anonymous, nil
		}
		return nil, fmt.Errorf("config_file holds no credentials for %s", host)
	}
	c.record(cfg)
	return authn.FromConfig(cfg), nil
}

func (c *credentials) record(cfg authn.AuthConfig) {
	c.secrets.add(cfg.Username, cfg.Password)
	c.secrets.add("", cfg.Auth)
	c.secrets.add("", cfg.IdentityToken)
	c.secrets.add("", cfg.RegistryToken)
}

// recordingAuth remembers what a keychain hands out, so that the scrubber
// knows it.
type recordingAuth struct {
	inner   authn.Authenticator
	secrets *secrets
}

func (r *recordingAuth) Authorization() (*authn.AuthConfig, error) {
	return r.AuthorizationContext(context.Background())
}

func (r *recordingAuth) AuthorizationContext(ctx context.Context) (*authn.AuthConfig, error) {
	cfg, err := authn.Authorization(ctx, r.inner)
	if err != nil || cfg == nil {
		return cfg, err
	}
	(&credentials{secrets: r.secrets}).record(*cfg)
	return cfg, nil
}

// registryKey is the one registry-address normaliser (tagpolicy's), so
// that credentials, config files, insecure_registries and provider
// validation agree on which registry an address names.
func registryKey(address string) (string, error) {
	return tagpolicy.NormalizeRegistryAddress(address)
}
