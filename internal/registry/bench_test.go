package registry_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registry"
	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registrytest"
)

// BenchmarkResolve500Refs50Repos resolves 500 tags over 50 repositories of a
// bearer-auth registry answering in 5ms, with a fresh client per iteration
// (a fresh provider process: no memo, no tokens, no connections), at
// Terraform's default parallelism (10) and with everything at once.
func BenchmarkResolve500Refs50Repos(b *testing.B) {
	s := registrytest.New(b, registrytest.WithBearerAuth("ci", "bench-pass"), registrytest.WithLatency(5*time.Millisecond))
	const repos, perRepo = 50, 10
	var refs []string
	for r := range repos {
		for i := range perRepo {
			rf := ref(s, fmt.Sprintf("acme/team/app%02d:1.%d", r, i))
			push(b, s, rf)
			refs = append(refs, rf)
		}
	}
	for _, parallel := range []int{10, 500} {
		b.Run(fmt.Sprintf("parallel=%d", parallel), func(b *testing.B) {
			s.ResetLog()
			b.ResetTimer()
			for range b.N {
				c, err := registry.New(registry.WithKeychain(nil), registry.WithCredentials(s.Host, "ci", "bench-pass"))
				if err != nil {
					b.Fatal(err)
				}
				resolveAll(b, c, refs, parallel)
				c.Close()
			}
			b.StopTimer()
			n := float64(b.N * len(refs))
			b.ReportMetric(float64(len(s.Requests()))/n, "requests/ref")
			b.ReportMetric(float64(s.ManifestRequests(""))/n, "manifests/ref")
			b.ReportMetric(float64(s.TokenRequests())/float64(b.N), "tokens/op")
			b.ReportMetric(float64(pings(s))/float64(b.N), "pings/op")
		})
	}
}

func resolveAll(b *testing.B, c *registry.Client, refs []string, parallel int) {
	work := make(chan string)
	var wg sync.WaitGroup
	var once sync.Once
	var firstErr error
	for range parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for rf := range work {
				if _, err := c.Resolve(context.Background(), rf, ""); err != nil {
					once.Do(func() { firstErr = err })
				}
			}
		}()
	}
	for _, rf := range refs {
		work <- rf
	}
	close(work)
	wg.Wait()
	if firstErr != nil {
		b.Fatal(firstErr)
	}
}
