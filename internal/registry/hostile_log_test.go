package registry_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registry"
	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registrytest"
)

// The provider logs every registry request at TRACE through WithLogger:
// each line names the method, the URL (path included), the status and the
// duration, and none carries the identity token, an issued token, a
// refresh token or an Authorization header, across token renewals.
func TestEveryRequestIsLoggedWithoutSecrets(t *testing.T) {
	const identity = "identity-token-never-logged"
	s := registrytest.New(t, registrytest.WithBearerAuth("", ""), registrytest.WithSingleUseTokens(),
		registrytest.WithRefreshTokens(identity))
	push(t, s, ref(s, "acme/app:v1"))
	push(t, s, ref(s, "acme/app:v2"))
	var mu sync.Mutex
	var lines []string
	var requests int
	logger := func(_ context.Context, msg string, fields map[string]any) {
		mu.Lock()
		defer mu.Unlock()
		lines = append(lines, fmt.Sprint(msg, fields))
		if msg == "registry request" {
			requests++
			for _, f := range []string{"method", "url", "duration_ms"} {
				if _, ok := fields[f]; !ok {
					t.Errorf("request log line without %s: %v", f, fields)
				}
			}
			_, status := fields["status"]
			_, failed := fields["error"]
			if !status && !failed {
				t.Errorf("request log line with neither status nor error: %v", fields)
			}
		}
	}
	c := newClient(t, registry.WithKeychain(identityKeychain(identity)), registry.WithLogger(logger))
	for _, tag := range []string{"v1", "v2"} {
		if _, err := c.Resolve(context.Background(), ref(s, "acme/app:"+tag), ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.ListTags(context.Background(), ref(s, "acme/app")); err != nil {
		t.Fatal(err)
	}
	// one line per request served (plus go-containerregistry's HTTPS ping
	// of a loopback registry, which fails before reaching it)
	if served := len(s.Requests()); requests < served {
		t.Errorf("%d request log lines for %d requests served", requests, served)
	}
	secrets := append(s.IssuedTokens(), identity)
	if len(secrets) < 4 {
		t.Fatalf("the server issued %d tokens, want renewals to have happened", len(secrets))
	}
	for _, l := range lines {
		for _, secret := range secrets {
			if strings.Contains(l, secret) {
				t.Errorf("log line carries a token: %s", l)
			}
		}
		if strings.Contains(strings.ToLower(l), "authorization") || strings.Contains(l, "Bearer ") {
			t.Errorf("log line carries a header: %s", l)
		}
	}
}
