package registrytest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

const (
	tokenPath = "/token"
	tokenTTL  = 300 * time.Second
)

// grant is what a token allows: repository → action → true.
type grant struct {
	repos   map[string]map[string]bool
	expires time.Time
}

type tokenResponse struct {
	Token        string `json:"token"`
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token,omitempty"`
	ExpiresIn    int    `json:"expires_in"`
	IssuedAt     string `json:"issued_at"`
}

// serveToken is the Docker token endpoint: GET /token?service=…&scope=…
// with Basic credentials (any, when the configured username is empty).
func (s *Server) serveToken(w http.ResponseWriter, r *http.Request) {
	if s.opts.auth != authBearer {
		writeError(w, r, http.StatusNotFound, "NOT_FOUND", "token auth is not enabled on this server")
		return
	}
	q := r.URL.Query()
	switch {
	case r.Method == http.MethodPost && s.opts.refresh != "":
		if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "refresh_token" ||
			!s.useRefreshToken(r.PostForm.Get("refresh_token")) {
			writeError(w, r, http.StatusUnauthorized, "UNAUTHORIZED", "invalid refresh token")
			return
		}
		q = r.PostForm
	case r.Method != http.MethodGet:
		w.Header().Set("Allow", http.MethodGet)
		writeError(w, r, http.StatusMethodNotAllowed, "UNSUPPORTED", "the token endpoint only answers GET")
		return
	}
	if svc := q.Get("service"); svc != "" && svc != serviceName {
		writeError(w, r, http.StatusBadRequest, "BAD_REQUEST", fmt.Sprintf("unknown service %q", svc))
		return
	}
	if s.opts.username != "" && r.Method == http.MethodGet {
		if u, p, ok := r.BasicAuth(); !ok || !s.credentialsMatch(u, p) {
			w.Header().Set("WWW-Authenticate", basicChallenge)
			writeError(w, r, http.StatusUnauthorized, "UNAUTHORIZED", "invalid username or password")
			return
		}
	}
	repos, err := parseScopes(q["scope"])
	if err != nil {
		writeError(w, r, http.StatusBadRequest, "BAD_REQUEST", err.Error())
		return
	}
	token, err := s.issue(repos)
	if err != nil {
		writeError(w, r, http.StatusInternalServerError, "UNKNOWN", err.Error())
		return
	}
	refresh, err := s.issueRefreshToken()
	if err != nil {
		writeError(w, r, http.StatusInternalServerError, "UNKNOWN", err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(tokenResponse{
		Token:        token,
		AccessToken:  token,
		RefreshToken: refresh,
		ExpiresIn:    int(tokenTTL / time.Second),
		IssuedAt:     time.Now().UTC().Format(time.RFC3339),
	})
}

func (s *Server) issue(repos map[string]map[string]bool) (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("registrytest: token: %w", err)
	}
	token := hex.EncodeToString(b)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens[token] = grant{repos: repos, expires: time.Now().Add(tokenTTL)}
	s.issued = append(s.issued, token)
	return token, nil
}

// parseScopes reads scope parameters, which may repeat and may each hold
// several space-separated scopes ("repository:acme/app:pull,push").
// Non-repository scopes are ignored: the catalog needs no grant here.
func parseScopes(params []string) (map[string]map[string]bool, error) {
	repos := map[string]map[string]bool{}
	for _, p := range params {
		for _, scope := range strings.Fields(p) {
			typ, rest, _ := strings.Cut(scope, ":")
			if typ != "repository" {
				continue
			}
			i := strings.LastIndex(rest, ":")
			if i <= 0 {
				return nil, fmt.Errorf("malformed scope %q", scope)
			}
			name, actions := rest[:i], rest[i+1:]
			if repos[name] == nil {
				repos[name] = map[string]bool{}
			}
			for _, a := range strings.Split(actions, ",") {
				if a == "*" {
					repos[name]["pull"], repos[name]["push"] = true, true
				}
				repos[name][a] = true
			}
		}
	}
	return repos, nil
}

// issueRefreshToken returns a new refresh_token with WithRefreshTokens, ""
// without.
func (s *Server) issueRefreshToken() (string, error) {
	if s.opts.refresh == "" {
		return "", nil
	}
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("registrytest: refresh token: %w", err)
	}
	t := "refresh-" + hex.EncodeToString(b)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refreshTokens[t] = true
	s.issued = append(s.issued, t)
	return t, nil
}

// useRefreshToken accepts a refresh_token once: the initial one, or one
// issued and not yet used.
func (s *Server) useRefreshToken(t string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.refreshTokens[t] {
		delete(s.refreshTokens, t)
		return true
	}
	if t != "" && t == s.opts.refresh && !s.initialRefreshUsed {
		s.initialRefreshUsed = true
		return true
	}
	return false
}

// IssuedTokens lists every token and refresh token the server has handed
// out, so that a test can check none of them reached a log or an error.
func (s *Server) IssuedTokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.issued...)
}
