package e2e

import (
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-containerregistry/pkg/v1/remote"
)

const manyTags = 1500

// tagpolicy_tags lists a repository of more than one page (distribution pages at 1,000 when
// asked for n) to the end.
func testTagsPagination(t *testing.T, e *env) {
	r, repo := e.reg, e.repo(t, "platform", "many")
	r.pushRandom(t, r.Ref(repo, "1.0.0"))
	r.tagMany(t, r.Ref(repo, "1.0.0"), manyTagNames())

	w := e.newWorkdir(t, map[string]string{"main.tf": config("", fmt.Sprintf(`data "tagpolicy_tags" "many" {
  repository = %q
}

output "count" {
  value = length(data.tagpolicy_tags.many.tags)
}

output "newest" {
  value = data.tagpolicy_tags.many.newest
}
`, r.Host+"/"+repo))})
	w.init()
	w.mustApply()
	s := w.showState()
	if got := s.output(t, "count"); got != float64(manyTags) {
		t.Errorf("tags: %v, want %d", got, manyTags)
	}
	if got := s.output(t, "newest"); got != "1.14.99" {
		t.Errorf("newest: %v, want 1.14.99", got)
	}
	t.Logf("tag list requests for %d tags: %d", manyTags, r.countRequests("GET", "/v2/"+repo+"/tags/list"))
}

// manyTagNames returns 1.0.0 … 1.14.99: manyTags version tags, 1.0.0 included.
func manyTagNames() []string {
	var names []string
	for i := range manyTags {
		names = append(names, fmt.Sprintf("1.%d.%d", i/100, i%100))
	}
	return names
}

// tagMany points every tag at what src resolves to, a few requests at a time.
func (r *registry) tagMany(t *testing.T, src string, tags []string) {
	t.Helper()
	opts := append(r.remote, remote.WithContext(ctx(t)))
	desc, err := remote.Get(r.ref(t, src), opts...)
	if err != nil {
		t.Fatal(err)
	}
	repo := r.ref(t, src).Context()
	work := make(chan string)
	errs := make(chan error, len(tags))
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for tag := range work {
				if err := remote.Tag(repo.Tag(tag), desc, opts...); err != nil {
					errs <- fmt.Errorf("tag %s: %w", tag, err)
				}
			}
		}()
	}
	for _, tag := range tags {
		work <- tag
	}
	close(work)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}
