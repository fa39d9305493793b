package registry

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Every request the client makes (ping, token, manifest, tag list, blob)
// follows redirects here, under one policy, before http.Client or
// go-containerregistry ever see a 3xx. The policy is the token realms' (see
// realm.go), since a redirect is one more way for a registry to send the
// client somewhere:
//   - at most maxRedirects hops;
//   - never from HTTPS to plain HTTP;
//   - another origin (scheme, host and port) only for blobs and for GET
//     token requests, judged like a realm (no metadata, link-local, or
//     foreign private or loopback address), and without the Authorization
//     header; a request with a body (the OAuth POST carrying refresh_token)
//     is never sent to another origin;
//   - pings, manifests and tag lists stay on the registry's origin: another
//     origin's answer to them would be another registry's tags and digests.

const maxRedirects = 5

// refusedRedirect is a redirect the policy will not follow.
type refusedRedirect struct {
	to     string // as safeURL renders it
	reason string
}

func (e *refusedRedirect) Error() string {
	return fmt.Sprintf("redirect to %s refused: %s", e.to, e.reason)
}

type redirectPolicy struct {
	inner http.RoundTripper
}

func isRedirect(status int) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

func (p *redirectPolicy) RoundTrip(req *http.Request) (*http.Response, error) {
	cur := req
	for hop := 0; ; hop++ {
		resp, err := p.inner.RoundTrip(cur)
		if err != nil {
			return nil, err
		}
		loc := resp.Header.Get("Location")
		if !isRedirect(resp.StatusCode) || loc == "" {
			resp.Request = cur // a 401 is judged by where it came from
			return resp, nil
		}
		status := resp.StatusCode
		drain(resp)
		next, err := cur.URL.Parse(loc)
		if err != nil {
			return nil, &refusedRedirect{to: "(unparsable Location)", reason: "it is not a URL"}
		}
		if hop == maxRedirects {
			return nil, &refusedRedirect{to: safeURL(next), reason: fmt.Sprintf("more than %d redirects", maxRedirects)}
		}
		if cur, err = follow(req, cur, next, status); err != nil {
			return nil, err
		}
	}
}

// follow builds the request for the next hop of orig, now at cur, to next.
func follow(orig, cur *http.Request, next *url.URL, status int) (*http.Request, error) {
	refuse := func(reason string) error { return &refusedRedirect{to: safeURL(next), reason: reason} }
	switch {
	case next.Scheme != "https" && next.Scheme != "http":
		return nil, refuse(fmt.Sprintf("scheme %q is neither https nor http", next.Scheme))
	case next.Scheme == "http" && (orig.URL.Scheme == "https" || cur.URL.Scheme == "https"):
		return nil, refuse("it downgrades HTTPS to plain HTTP")
	case next.User != nil:
		return nil, refuse("it carries user information")
	}
	hasBody := orig.Body != nil && orig.Body != http.NoBody
	r := orig.Clone(orig.Context())
	r.URL, r.Host = next, ""
	if !sameOrigin(orig.URL, next) {
		switch {
		case hasBody:
			return nil, refuse("the request carries a body (credentials) that goes to " + originOf(orig.URL) + " only")
		case strings.HasPrefix(orig.URL.Path, "/v2/") && !strings.Contains(orig.URL.Path, "/blobs/"),
			orig.URL.Path == "/v2":
			return nil, refuse("pings, manifests and tag lists are served by the registry " + orig.URL.Host + " itself")
		}
		if why := targetRisk(next, orig.URL.Host, orig.URL.Scheme); why != "" {
			return nil, refuse(why)
		}
		r.Header.Del("Authorization")
		r.Header.Del("Cookie")
	}
	switch {
	case status == http.StatusSeeOther || ((status == http.StatusMovedPermanently || status == http.StatusFound) && orig.Method != http.MethodHead):
		r.Method, r.Body, r.GetBody, r.ContentLength = http.MethodGet, nil, nil, 0
		r.Header.Del("Content-Type")
	case hasBody:
		b, err := rewind(orig, 1)
		if err != nil {
			return nil, refuse(err.Error())
		}
		r.Body = b.Body
	}
	return r, nil
}

func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Host, b.Host)
}

func originOf(u *url.URL) string { return u.Scheme + "://" + u.Host }
