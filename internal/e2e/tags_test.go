package e2e

import (
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registrytest"
)

const manyTags = 1500

// tagpolicy_tags lists a 1,500-tag repository of a real registry to the end. (distribution 2.8
// ignores ?n= on tag lists and answers in one page; testTagsLinkPages covers Link pages.)
func testTagsPagination(t *testing.T, e *env) {
	r, repo := e.reg, e.manyTagsRepo(t)

	w := e.newWorkdir(t, map[string]string{"main.tf": config("", tagsConfig(r.Host+"/"+repo))})
	w.init()
	w.mustApply()
	expectManyTags(t, w.showState())
	t.Logf("tag list requests for %d tags: %d", manyTags, r.countRequests("GET", "/v2/"+repo+"/tags/list"))
}

// Distribution 3 and Docker Hub page tag lists at 1,000 with a Link header; registrytest does
// the same, behind token auth and TLS, so the installed provider follows real Link pages.
func testTagsLinkPages(t *testing.T, e *env) {
	reg := registrytest.New(t, registrytest.WithTLS(), registrytest.WithBearerAuth(registryUser, registryPassword))
	repo := e.repo(t, "platform", "many")
	if err := reg.PushTags(repo, manyTagNames()); err != nil {
		t.Fatal(err)
	}
	creds := (&registry{Host: reg.Host}).DockerConfig(t, registryUser, registryPassword)
	w := e.newWorkdir(t, map[string]string{
		"ca.pem":  string(reg.CACertPEM()),
		"main.tf": config("", tagsConfig(reg.Host+"/"+repo)),
	}, "DOCKER_CONFIG="+creds)
	w.init()
	w.mustApply()
	expectManyTags(t, w.showState())
	if got, want := reg.Count("GET", "/tags/list"), (manyTags+999)/1000; got != want {
		t.Errorf("%d tag list requests for %d tags, want %d", got, manyTags, want)
	}
}

// manyTagsRepo returns a repository of the shared registry holding the manyTagNames, pushed
// once for all tools: 1,500 manifest PUTs are the slowest step of the suite.
func (s *suite) manyTagsRepo(t *testing.T) string {
	t.Helper()
	s.manyTags.Do(func() {
		r, repo := s.reg, "shared/platform/many"
		r.pushRandom(t, r.Ref(repo, "1.0.0"))
		r.tagMany(t, r.Ref(repo, "1.0.0"), manyTagNames())
		s.manyTagsDone = repo
	})
	if s.manyTagsDone == "" {
		t.Fatal("pushing the many-tag repository failed in an earlier scenario")
	}
	return s.manyTagsDone
}

func tagsConfig(repository string) string {
	return fmt.Sprintf(`data "tagpolicy_tags" "many" {
  repository = %q
}

output "count" {
  value = length(data.tagpolicy_tags.many.tags)
}

output "newest" {
  value = data.tagpolicy_tags.many.newest
}
`, repository)
}

func expectManyTags(t *testing.T, s stateJSON) {
	t.Helper()
	if got := s.output(t, "count"); got != float64(manyTags) {
		t.Errorf("tags: %v, want %d", got, manyTags)
	}
	if got := s.output(t, "newest"); got != "1.14.99" {
		t.Errorf("newest: %v, want 1.14.99", got)
	}
}

// manyTagNames returns 1.0.0 … 1.14.99: manyTags version tags, 1.0.0 included.
func manyTagNames() []string {
	var names []string
	for i := range manyTags {
		names = append(names, fmt.Sprintf("1.%d.%d", i/100, i%100))
	}
	return names
}

// tagMany points every tag at what src resolves to, a few requests at a time, over one
// authenticated Pusher (remote.Tag would ping and authenticate anew for every tag).
func (r *registry) tagMany(t *testing.T, src string, tags []string) {
	t.Helper()
	c := ctx(t)
	opts := append(r.remote, remote.WithContext(c))
	desc, err := remote.Get(r.ref(t, src), opts...)
	if err != nil {
		t.Fatal(err)
	}
	pusher, err := remote.NewPusher(opts...)
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
				if err := pusher.Push(c, repo.Tag(tag), desc); err != nil {
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
