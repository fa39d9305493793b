package registry_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registry"
	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registrytest"
)

// Tokens good for one request, and a token server that rotates refresh
// tokens, make every lookup renew its token with the refresh_token of the
// last renewal. go-containerregistry's bearer transport wrote that refresh
// token without its lock (a data race under -race, in `make test`), and
// kept renewing with the identity token it started with, which the server
// had already used up. Each lookup here renews, sequentially and then
// concurrently on one repository.
func TestSingleUseTokensRenewWithTheRefreshToken(t *testing.T) {
	const identity = "identity-token-secret"
	s := registrytest.New(t, registrytest.WithBearerAuth("", ""), registrytest.WithSingleUseTokens(),
		registrytest.WithRefreshTokens(identity))
	const n = 12
	for i := range n {
		push(t, s, ref(s, fmt.Sprintf("acme/app:v%d", i)))
	}
	c := newClient(t, registry.WithKeychain(identityKeychain(identity)))
	for i := range 3 {
		if _, err := c.Resolve(context.Background(), ref(s, fmt.Sprintf("acme/app:v%d", i)), ""); err != nil {
			t.Fatalf("lookup %d: %v", i, err)
		}
	}
	if posts := s.Count("POST", "/token"); posts < 3 {
		t.Errorf("%d OAuth token requests, want one per lookup", posts)
	}

	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 3; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.Resolve(context.Background(), ref(s, fmt.Sprintf("acme/app:v%d", i)), "")
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		// A token used up by a concurrent lookup between its renewal and its
		// use is a 401 the registry may send; anything else is a failure.
		if err != nil && !errors.Is(err, registry.ErrUnauthorized) {
			t.Errorf("concurrent lookup: %v", err)
		}
	}
}
