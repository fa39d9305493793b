package registry

import (
	"encoding/base64"
	"net/url"
	"sort"
	"strings"
	"sync"
)

// safeURL renders a URL for logs: no user info, and only query parameters
// known to be harmless (paging and token scope).
func safeURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	r := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}
	q := url.Values{}
	for k, v := range u.Query() {
		switch k {
		case "n", "last", "scope", "service":
			q[k] = v
		default:
			q[k] = []string{"REDACTED"}
		}
	}
	r.RawQuery = q.Encode()
	return r.String()
}

// secrets is every credential the client has handled, so that no error text
// can carry one out, whatever a registry or a library chose to echo.
type secrets struct {
	mu   sync.RWMutex
	seen map[string]bool
	vals []string // longest first, so a secret containing another is scrubbed whole
}

// add remembers a secret and its Basic-auth encoding. Very short values are
// skipped: scrubbing "a" would mangle every message and protect nothing.
func (s *secrets) add(user, secret string) {
	if len(secret) < 4 {
		return
	}
	s.mu.RLock()
	known := s.seen[user+"\x00"+secret]
	s.mu.RUnlock()
	if known {
		return // an authenticator is asked on every request
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	s.seen[user+"\x00"+secret] = true
	s.vals = append(s.vals, secret,
		base64.StdEncoding.EncodeToString([]byte(user+":"+secret)),
		url.QueryEscape(secret))
	sort.Slice(s.vals, func(i, j int) bool { return len(s.vals[i]) > len(s.vals[j]) })
}

func (s *secrets) scrub(text string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, v := range s.vals {
		if v != "" && strings.Contains(text, v) {
			text = strings.ReplaceAll(text, v, "REDACTED")
		}
	}
	return text
}
