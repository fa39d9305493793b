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

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/tagpolicy"
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

// maxTagPages bounds the requests one listing makes, whatever the
// registry's page size: 100,000 tags in pages of 100 is 1,000 pages.
const maxTagPages = 2000

// listTags follows pagination while it makes progress: a page that adds no
// tag (empty, or repeating tags already listed) while pointing to a next
// page ends the listing with an error, as do more than maxTagPages pages
// and more than WithMaxTags tags. Each page is read through readLimited.
func (c *Client) listTags(ctx context.Context, repo name.Repository) ([]string, error) {
	s, err := c.repoSession(ctx, repo, repo.Name())
	if err != nil {
		return nil, err
	}
	t := s.target(repo.Name())
	next := s.url("tags/list") + fmt.Sprintf("?n=%d", c.opts.pageSize)
	seen := map[string]bool{}
	tags := []string{}
	dropped := 0
	for pages := 0; next != ""; pages++ {
		if pages == maxTagPages {
			return nil, badResponse(t, "tag list pagination did not end after %d pages", maxTagPages)
		}
		page, link, err := c.tagPage(ctx, s, t, next)
		if err != nil {
			return nil, err
		}
		for _, tag := range page {
			if seen[tag] {
				return nil, badResponse(t, "tag list pagination repeats tag %q", cleanText(tag, maxFieldText))
			}
			seen[tag] = true
			if !tagpolicy.ValidTag(tag) {
				dropped++ // an escape-laden or over-long "tag" names no image
				continue
			}
			tags = append(tags, tag)
		}
		if len(seen) > c.opts.maxTags {
			return nil, &Error{Kind: ErrTooManyTags, Registry: t.registry, Reference: t.reference,
				detail: fmt.Sprintf("repository %s has more than %d tags, the most this provider reads", t.reference, c.opts.maxTags)}
		}
		if link != "" && len(page) == 0 {
			return nil, badResponse(t, "tag list pagination sent an empty page with a link to another")
		}
		next = link
	}
	if dropped > 0 && c.opts.logger != nil {
		c.opts.logger(ctx, "registry tag list entries are not valid tags and were left out", map[string]any{
			"registry": t.registry, "repository": t.reference, "count": dropped,
		})
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
	body, err := readLimited(resp.Body, maxTagPageBytes)
	if err != nil {
		return nil, "", c.fromError(ctx, fmt.Errorf("tag list page: %w", err), t, opTags)
	}
	var page struct {
		Tags []string `json:"tags"`
	}
	if err := json.Unmarshal(body, &page); err != nil {
		return nil, "", badResponse(t, "tag list does not parse: %v", err)
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
