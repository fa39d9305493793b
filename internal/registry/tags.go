package registry

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
)

// ListTags lists a repository's tags ("127.0.0.1:5000/acme/app", "ubuntu")
// in the registry's order, following Link pagination to the end, one
// request per page of WithPageSize tags. Past WithMaxTags it fails with
// ErrTooManyTags. Results are memoised like Resolve's.
func (c *Client) ListTags(ctx context.Context, repository string) ([]string, error) {
	repo, err := c.parseRepository(repository)
	if err != nil {
		return nil, err
	}
	t := target{registry: repo.RegistryStr(), reference: repo.Name()}
	tags, err := c.tagLists.do(ctx, repo.Name(), func(ctx context.Context) ([]string, error) {
		return c.listTags(ctx, repo)
	}, func(err error) error { return c.fromContext(err, t) })
	if err != nil {
		return nil, err
	}
	return slices.Clone(tags), nil
}

func (c *Client) listTags(ctx context.Context, repo name.Repository) ([]string, error) {
	s, err := c.repoSession(ctx, repo, repo.Name())
	if err != nil {
		return nil, err
	}
	t := s.target(repo.Name())
	next := s.url("tags/list") + fmt.Sprintf("?n=%d", c.opts.pageSize)
	seen := map[string]bool{}
	tags := []string{}
	for next != "" {
		if seen[next] {
			return nil, badResponse(t, "tag list pagination loops back to %s", safeURLString(next))
		}
		seen[next] = true
		page, link, err := c.tagPage(ctx, s, t, next)
		if err != nil {
			return nil, err
		}
		tags = append(tags, page...)
		if len(tags) > c.opts.maxTags {
			return nil, &Error{Kind: ErrTooManyTags, Registry: t.registry, Reference: t.reference,
				detail: fmt.Sprintf("repository %s has more than %d tags, the most this provider reads", t.reference, c.opts.maxTags)}
		}
		next = link
	}
	return tags, nil
}

// tagPage reads one page and the URL of the next, if any.
func (c *Client) tagPage(ctx context.Context, s *repoSession, t target, pageURL string) ([]string, string, error) {
	resp, err := c.do(ctx, s, http.MethodGet, pageURL, "application/json")
	if err != nil {
		return nil, "", c.fromError(ctx, err, t, opTags)
	}
	defer drain(resp)
	if resp.StatusCode != http.StatusOK {
		return nil, "", c.fromResponse(resp, http.MethodGet, t, opTags)
	}
	var page struct {
		Tags []string `json:"tags"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
		return nil, "", c.fromError(ctx, fmt.Errorf("tag list does not parse: %w", err), t, opTags)
	}
	next, err := nextPage(resp, pageURL)
	if err != nil {
		return nil, "", badResponse(t, "%v", err)
	}
	return page.Tags, next, nil
}

// nextPage reads a Link: <…>; rel="next" header, resolved against the page
// it came with. It must stay on the same scheme and host: a registry does not
// get to send us (and our token) elsewhere.
func nextPage(resp *http.Response, pageURL string) (string, error) {
	for _, link := range resp.Header.Values("Link") {
		for _, part := range strings.Split(link, ",") {
			target, params, ok := strings.Cut(strings.TrimSpace(part), ";")
			target = strings.TrimSpace(target)
			if !strings.HasPrefix(target, "<") || !strings.HasSuffix(target, ">") {
				return "", fmt.Errorf("malformed Link header")
			}
			if ok && !strings.Contains(strings.ReplaceAll(params, " ", ""), `rel="next"`) && !strings.Contains(params, "rel=next") {
				continue
			}
			base, err := url.Parse(pageURL)
			if err != nil {
				return "", err
			}
			u, err := base.Parse(target[1 : len(target)-1])
			if err != nil {
				return "", fmt.Errorf("malformed Link header: %w", err)
			}
			if u.Scheme != base.Scheme || u.Host != base.Host {
				return "", fmt.Errorf("the Link header points to another host (%s)", u.Host)
			}
			return u.String(), nil
		}
	}
	return "", nil
}

func safeURLString(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable URL)"
	}
	return safeURL(u)
}
