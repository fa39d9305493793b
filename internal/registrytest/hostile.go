package registrytest

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// A hostile registry does not fail, it misbehaves: it streams a tag page
// that never ends, paginates forever, redirects clients elsewhere, or fills
// its error messages with terminal escapes. These faults let a test play
// that registry. Like the other faults they act on requests that got past
// authentication (and on the token endpoint), and ClearFaults removes them.

// HostileBytes is how many body bytes the hostile faults have written so
// far: what a client was offered, so a test can check it stopped reading.
func (s *Server) HostileBytes() int64 { return s.hostileBytes.Load() }

// EndlessTagArray answers tag lists 200 with a JSON array that never
// closes: `{"name":…,"tags":["t0000001","t0000002",…` written until the
// client hangs up or the server closes.
func (s *Server) EndlessTagArray() {
	s.addRule("", "/tags/list", 0, func(s *Server, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		s.countWrite(w, []byte(`{"name":"endless","tags":[`))
		chunk := make([]byte, 0, 64<<10)
		for i := 0; ; i++ {
			chunk = chunk[:0]
			for len(chunk) < 60<<10 {
				chunk = fmt.Appendf(chunk, `"t%09d",`, i)
				i++
			}
			if !s.countWrite(w, chunk) {
				return
			}
			select {
			case <-r.Context().Done():
				return
			case <-s.closing:
				return
			default:
			}
		}
	})
}

// EndlessTagLinks answers every tag list page with a Link to a next page
// that has never been asked for before (a fresh last=), forever. The pages
// are empty, or with repeat each holds the same tag ("again").
func (s *Server) EndlessTagLinks(repeat bool) {
	var n int
	s.addRule("", "/tags/list", 0, func(s *Server, w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		n++
		page := n
		s.mu.Unlock()
		_, repo := splitRepoPath(r.URL.Path)
		tags := `[]`
		if repeat {
			tags = `["again"]`
		}
		w.Header().Set("Link", fmt.Sprintf(`</v2/%s/tags/list?n=100&last=p%d>; rel="next"`, repo, page))
		w.Header().Set("Content-Type", "application/json")
		s.countWrite(w, []byte(`{"name":"`+repo+`","tags":`+tags+`}`))
	})
}

// ServeTags answers tag lists with exactly these tags, unvalidated (names
// with escapes, over-long names), in one page.
func (s *Server) ServeTags(tags ...string) {
	s.addRule("", "/tags/list", 0, func(s *Server, w http.ResponseWriter, r *http.Request) {
		_, repo := splitRepoPath(r.URL.Path)
		var b strings.Builder
		b.WriteString(`{"name":` + strconv.Quote(repo) + `,"tags":[`)
		for i, t := range tags {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(jsonString(t))
		}
		b.WriteString("]}")
		w.Header().Set("Content-Type", "application/json")
		s.countWrite(w, []byte(b.String()))
	})
}

// Redirect answers matching requests (pathContains as for FailStatus; "/token"
// matches the token endpoint) with status (301, 302, 303, 307, 308) and
// Location: location, times times (<= 0: until ClearFaults). A relative
// location is resolved by the client against the request.
func (s *Server) Redirect(pathContains string, status int, location string, times int) {
	s.addRule("", pathContains, times, func(s *Server, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", location)
		w.WriteHeader(status)
	})
}

// FailWithMessage answers matching requests with status and a
// distribution-style error whose message is exactly message (escapes, CR,
// LF and all), times times (<= 0: until ClearFaults).
func (s *Server) FailWithMessage(pathContains string, status int, message string, times int) {
	s.addRule("", pathContains, times, func(s *Server, w http.ResponseWriter, r *http.Request) {
		writeError(w, r, status, errorCode(status, r.URL.Path), message)
	})
}

// countWrite writes b, adding what went out to HostileBytes, and reports
// whether the client is still reading.
func (s *Server) countWrite(w http.ResponseWriter, b []byte) bool {
	n, err := w.Write(b)
	s.hostileBytes.Add(int64(n))
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	return err == nil
}

// jsonString quotes s for JSON, escaping control characters as \u00XX so
// that they arrive in the client's decoded string intact.
func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// Challenge answers matching requests 401 with a Bearer challenge naming
// realm, as a registry (or a redirect's target) sending clients to a token
// server of its choosing would, times times (<= 0: until ClearFaults).
func (s *Server) Challenge(pathContains, realm string, times int) {
	s.addRule("", pathContains, times, func(s *Server, w http.ResponseWriter, r *http.Request) {
		_, repo := splitRepoPath(r.URL.Path)
		w.Header().Set("WWW-Authenticate", fmt.Sprintf(`Bearer realm=%q,service="%s",scope="repository:%s:pull"`, realm, serviceName, repo))
		writeError(w, r, http.StatusUnauthorized, "UNAUTHORIZED", "authentication required")
	})
}
