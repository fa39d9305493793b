package registrytest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
)

// faults is the injected misbehaviour, guarded by Server.mu. Faults act on
// requests that got past authentication, so an auth challenge never uses up
// a fault's count and "503 then success" means the same in every auth mode.
type faults struct {
	rules             []*rule
	hangs             map[string]bool
	headWithoutDigest bool
	headNotAllowed    bool
	wrongDigest       bool
}

// rule is every counted fault, a canned error (FailStatus, RateLimit,
// Unavailable) or a hostile answer (hostile.go) alike: matching requests
// (method "" = any) are answered by serve, remaining more times (forever
// when remaining < 0).
type rule struct {
	method       string
	pathContains string
	remaining    int
	serve        func(s *Server, w http.ResponseWriter, r *http.Request)
}

// addRule adds a counted fault; times <= 0 means until ClearFaults.
func (s *Server) addRule(method, pathContains string, times int, serve func(*Server, http.ResponseWriter, *http.Request)) {
	if times <= 0 {
		times = -1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.rules = append(s.faults.rules, &rule{method: method, pathContains: pathContains, remaining: times, serve: serve})
}

// failWith answers with status and a distribution-style error body, the
// auth mode's challenge on a 401, and Retry-After when given.
func failWith(status int, retryAfter string) func(*Server, http.ResponseWriter, *http.Request) {
	return func(s *Server, w http.ResponseWriter, r *http.Request) {
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		if status == http.StatusUnauthorized {
			if c := s.challenge(r); c != "" {
				w.Header().Set("WWW-Authenticate", c)
			}
		}
		writeError(w, r, status, errorCode(status, r.URL.Path),
			fmt.Sprintf("registrytest: injected %d %s", status, http.StatusText(status)))
	}
}

// RateLimit answers matching requests 429 Too Many Requests with the
// Retry-After header as given (omitted when ""), times times (<= 0: until
// ClearFaults). pathContains "" matches every /v2/ request.
func (s *Server) RateLimit(pathContains string, retryAfter string, times int) {
	s.addRule("", pathContains, times, failWith(http.StatusTooManyRequests, retryAfter))
}

// Unavailable answers matching requests 503 Service Unavailable with the
// Retry-After header as given, times times (<= 0: until ClearFaults).
func (s *Server) Unavailable(pathContains string, retryAfter string, times int) {
	s.addRule("", pathContains, times, failWith(http.StatusServiceUnavailable, retryAfter))
}

// FailStatus answers matching requests (method "" = any) with status and a
// distribution-style error body: 401 UNAUTHORIZED (with the auth mode's
// challenge), 403 DENIED, 404 MANIFEST_UNKNOWN/BLOB_UNKNOWN/NAME_UNKNOWN,
// 429 TOOMANYREQUESTS, 503 UNAVAILABLE, others UNKNOWN. times <= 0 means
// until ClearFaults; 503 with times 1 gives "503 then success".
func (s *Server) FailStatus(method, pathContains string, status int, times int) {
	s.addRule(method, pathContains, times, failWith(status, ""))
}

// HeadWithoutDigest makes HEAD on manifests omit Docker-Content-Digest, as
// some registries do, forcing a client to GET for the digest.
func (s *Server) HeadWithoutDigest(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.headWithoutDigest = on
}

// HeadNotAllowed makes HEAD on manifests answer 405 Method Not Allowed.
func (s *Server) HeadNotAllowed(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.headNotAllowed = on
}

// Hang makes matching requests go unanswered until the client gives up or
// the server closes. pathContains "" matches every /v2/ request.
func (s *Server) Hang(pathContains string, on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.faults.hangs == nil {
		s.faults.hangs = map[string]bool{}
	}
	if on {
		s.faults.hangs[pathContains] = true
	} else {
		delete(s.faults.hangs, pathContains)
	}
}

// WrongDigestHeader makes manifest responses (GET and HEAD) carry a
// Docker-Content-Digest that does not match the body.
func (s *Server) WrongDigestHeader(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.wrongDigest = on
}

// ClearFaults removes every fault; requests already hung stay hung until
// their client gives up.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = faults{}
}

// injectFault answers r if a fault applies and reports whether it did.
func (s *Server) injectFault(w http.ResponseWriter, r *http.Request) bool {
	hang, serve, headRefused := s.pickFault(r)
	switch {
	case hang:
		s.block(r.Context())
	case serve != nil:
		serve(s, w, r)
	case headRefused:
		w.Header().Set("Allow", "GET, PUT, DELETE")
		writeError(w, r, http.StatusMethodNotAllowed, "UNSUPPORTED", "HEAD is not supported on manifests")
	default:
		return false
	}
	return true
}

// pickFault decides under the lock which fault, if any, r meets, using up
// one count of a counted rule. Hangs come first, then rules in the order
// added, then the HEAD refusal.
func (s *Server) pickFault(r *http.Request) (hang bool, serve func(*Server, http.ResponseWriter, *http.Request), headRefused bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for p := range s.faults.hangs {
		if matchPath(p, r.URL.Path) {
			return true, nil, false
		}
	}
	for i, ru := range s.faults.rules {
		if (ru.method == "" || ru.method == r.Method) && matchPath(ru.pathContains, r.URL.Path) {
			if ru.remaining > 0 {
				ru.remaining--
				if ru.remaining == 0 {
					s.faults.rules = append(s.faults.rules[:i:i], s.faults.rules[i+1:]...)
				}
			}
			return false, ru.serve, false
		}
	}
	headRefused = s.faults.headNotAllowed && r.Method == http.MethodHead && isManifest(r.URL.Path)
	return false, nil, headRefused
}

// manifestHeaderFaults wraps w so that successful manifest responses lose or
// falsify Docker-Content-Digest when those faults are on.
func (s *Server) manifestHeaderFaults(w *statusWriter, r *http.Request) http.ResponseWriter {
	if !isManifest(r.URL.Path) || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		return w
	}
	s.mu.Lock()
	drop := s.faults.headWithoutDigest && r.Method == http.MethodHead
	wrong := s.faults.wrongDigest
	s.mu.Unlock()
	if !drop && !wrong {
		return w
	}
	w.hook = func(h http.Header, status int) {
		if status != http.StatusOK {
			return
		}
		if drop {
			h.Del("Docker-Content-Digest")
		} else if d := h.Get("Docker-Content-Digest"); d != "" {
			h.Set("Docker-Content-Digest", wrongDigest(d))
		}
	}
	return w
}

// wrongDigest is a well-formed sha256 digest that is not d.
func wrongDigest(d string) string {
	sum := sha256.Sum256([]byte("registrytest wrong digest for " + d))
	return "sha256:" + hex.EncodeToString(sum[:])
}
