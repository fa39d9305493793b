package registrytest

import (
	"crypto/subtle"
	"fmt"
	"net/http"
	"strings"
	"time"
)

const (
	basicChallenge = `Basic realm="registrytest"`
	serviceName    = "registrytest"
)

// authorize lets a /v2/ request through, or answers 401 with the challenge
// of the configured auth mode and returns false.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) bool {
	switch s.opts.auth {
	case authBasic:
		if u, p, ok := r.BasicAuth(); ok && s.credentialsMatch(u, p) {
			return true
		}
		w.Header().Set("WWW-Authenticate", basicChallenge)
		writeError(w, r, http.StatusUnauthorized, "UNAUTHORIZED", "authentication required")
		return false
	case authBearer:
		_, repo := splitRepoPath(r.URL.Path)
		action := actionFor(r.Method)
		problem := s.checkToken(bearerToken(r), repo, action)
		if problem == tokenOK {
			return true
		}
		w.Header().Set("WWW-Authenticate", s.bearerChallenge(repo, action, problem))
		writeError(w, r, http.StatusUnauthorized, "UNAUTHORIZED", "authentication required")
		return false
	default:
		return true
	}
}

// challenge returns the WWW-Authenticate value a 401 on r carries in the
// configured auth mode, "" when auth is off.
func (s *Server) challenge(r *http.Request) string {
	switch s.opts.auth {
	case authBasic:
		return basicChallenge
	case authBearer:
		_, repo := splitRepoPath(r.URL.Path)
		return s.bearerChallenge(repo, actionFor(r.Method), tokenOK)
	default:
		return ""
	}
}

func (s *Server) credentialsMatch(username, password string) bool {
	u := subtle.ConstantTimeCompare([]byte(username), []byte(s.opts.username))
	p := subtle.ConstantTimeCompare([]byte(password), []byte(s.opts.password))
	return u&p == 1
}

// actionFor is the scope action a method needs: reads pull, writes push.
func actionFor(method string) string {
	if method == http.MethodGet || method == http.MethodHead {
		return "pull"
	}
	return "push"
}

// bearerChallenge follows Docker's token auth spec; the ping (no repository)
// carries no scope, like distribution's.
func (s *Server) bearerChallenge(repo, action, problem string) string {
	realm := s.URL + tokenPath
	if s.opts.bearerRealm != "" {
		realm = s.opts.bearerRealm
	}
	c := fmt.Sprintf(`Bearer realm="%s",service="%s"`, realm, serviceName)
	if repo != "" {
		actions := "pull"
		if action == "push" {
			actions = "pull,push"
		}
		c += fmt.Sprintf(`,scope="repository:%s:%s"`, repo, actions)
	}
	if problem != tokenOK && problem != tokenMissing {
		c += fmt.Sprintf(`,error="%s"`, problem)
	}
	return c
}

func bearerToken(r *http.Request) string {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return token
}

// Token check outcomes; the non-OK ones double as challenge error values.
const (
	tokenOK           = ""
	tokenMissing      = "missing"
	tokenInvalid      = "invalid_token"
	tokenInsufficient = "insufficient_scope"
)

// checkToken reports whether token grants action on repo. Requests without a
// repository (the ping, the catalog) accept any live token.
func (s *Server) checkToken(token, repo, action string) string {
	if token == "" {
		return tokenMissing
	}
	s.mu.Lock()
	g, ok := s.tokens[token]
	if ok && s.opts.singleUse {
		delete(s.tokens, token) // WithSingleUseTokens: this request uses it up
	}
	s.mu.Unlock()
	if !ok || time.Now().After(g.expires) {
		return tokenInvalid
	}
	if repo != "" && !g.repos[repo][action] {
		return tokenInsufficient
	}
	return tokenOK
}
