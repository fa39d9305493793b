package registrytest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
)

type tagList struct {
	Name string   `json:"name"`
	Tags []string `json:"tags"`
}

// serveTags lists tags the way distribution does, which go-containerregistry's
// registry does not: lexical order, ?n= capped at the maximum page size (and
// defaulting to it), ?last= exclusive, and a Link header while more remain.
func (s *Server) serveTags(w http.ResponseWriter, r *http.Request) {
	all, ok := s.allTags(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	n := s.opts.maxPageSize
	if ns := q.Get("n"); ns != "" {
		v, err := strconv.Atoi(ns)
		if err != nil || v < 0 {
			writeError(w, r, http.StatusBadRequest, "PAGINATION_NUMBER_INVALID", fmt.Sprintf("invalid page size n=%q", ns))
			return
		}
		n = min(v, s.opts.maxPageSize)
	}
	page := all.Tags
	if last := q.Get("last"); last != "" {
		page = page[sort.SearchStrings(page, last+"\x00"):]
	}
	switch {
	case n == 0:
		page = nil
	case len(page) > n:
		page = page[:n]
		w.Header().Set("Link", fmt.Sprintf(`</v2/%s/tags/list?n=%d&last=%s>; rel="next"`,
			all.Name, n, url.QueryEscape(page[n-1])))
	}
	if page == nil {
		page = []string{}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(tagList{Name: all.Name, Tags: page})
}

// allTags fetches the full sorted tag list from the backing registry. If that
// fails (unknown repository) its answer is passed on and ok is false.
func (s *Server) allTags(w http.ResponseWriter, r *http.Request) (list tagList, ok bool) {
	req := r.Clone(r.Context())
	req.URL.RawQuery = ""
	rec := httptest.NewRecorder()
	s.inner.ServeHTTP(rec, req)
	if rec.Code == http.StatusOK {
		if err := json.Unmarshal(rec.Body.Bytes(), &list); err == nil {
			sort.Strings(list.Tags)
			return list, true
		}
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
	return tagList{}, false
}
