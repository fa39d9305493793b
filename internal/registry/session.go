package registry

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
)

// registrySession is what one ping of a registry teaches: how it wants to
// be authenticated and over which scheme. One per registry per Client,
// where go-containerregistry's Puller pings once per repository.
type registrySession struct {
	reg       name.Registry
	auth      authn.Authenticator
	anonymous bool
	challenge *transport.Challenge
	scheme    string
}

// repoSession is an authenticated HTTP client for one repository: with a
// bearer registry, it holds the pull token for that repository's scope.
type repoSession struct {
	*registrySession
	repo   name.Repository
	client *http.Client
}

func (s *repoSession) url(path string) string {
	return fmt.Sprintf("%s://%s/v2/%s/%s", s.scheme, s.reg.RegistryStr(), s.repo.RepositoryStr(), path)
}

func (s *repoSession) target(ref string) target {
	return target{registry: s.reg.RegistryStr(), reference: ref, anonymous: s.anonymous}
}

func (c *Client) registrySession(ctx context.Context, reg name.Registry, ref string) (*registrySession, error) {
	t := target{registry: reg.RegistryStr(), reference: ref}
	return c.registries.do(ctx, reg.RegistryStr(), func(ctx context.Context) (*registrySession, error) {
		auth, err := c.creds.forRegistry(ctx, reg)
		if err != nil {
			if ctx.Err() != nil {
				return nil, c.fromContext(ctx.Err(), t)
			}
			kind := ErrUnauthorized
			var he *helperError
			if errors.As(err, &he) && he.Timeout() {
				kind = ErrTimeout
			}
			return nil, &Error{Kind: kind, Registry: t.registry, Reference: ref,
				detail: "cannot read the credentials for registry " + t.registry,
				Err:    &scrubbedError{msg: c.secrets.scrub(err.Error()), err: err}}
		}
		ch, err := transport.Ping(ctx, reg, c.rt)
		if err != nil {
			return nil, c.fromError(ctx, err, t, opPing)
		}
		s := &registrySession{reg: reg, auth: auth, anonymous: auth == authn.Anonymous, challenge: ch, scheme: "https"}
		if ch.Insecure {
			s.scheme = "http"
		}
		return s, nil
	}, func(err error) error { return c.fromContext(err, t) })
}

func (c *Client) repoSession(ctx context.Context, repo name.Repository, ref string) (*repoSession, error) {
	rs, err := c.registrySession(ctx, repo.Registry, ref)
	if err != nil {
		return nil, err
	}
	t := target{registry: repo.RegistryStr(), reference: ref, anonymous: rs.anonymous}
	return c.repos.do(ctx, repo.Name(), func(ctx context.Context) (*repoSession, error) {
		if strings.EqualFold(rs.challenge.Scheme, "bearer") {
			bt := newBearerTransport(c.rt, rs, []string{repo.Scope(transport.PullScope)}, c.secrets)
			if _, err := bt.exchange(ctx, "", nil, ""); err != nil {
				return nil, c.fromError(ctx, err, t, opToken)
			}
			return &repoSession{registrySession: rs, repo: repo, client: &http.Client{Transport: bt}}, nil
		}
		rt, err := transport.FromToken(rs.reg, rs.auth, c.rt, rs.challenge, &transport.Token{})
		if err != nil {
			return nil, c.fromError(ctx, err, t, opToken)
		}
		return &repoSession{registrySession: rs, repo: repo, client: &http.Client{Transport: rt}}, nil
	}, func(err error) error { return c.fromContext(err, t) })
}
