package provider

import (
	"errors"
	"strings"
	"testing"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registry"
)

// Every registry error kind gets its own summary, and the detail names the registry and reference.
func TestRegistryErrorDiagnosticsAreDistinct(t *testing.T) {
	seen := map[string]error{}
	for _, p := range registryProblems {
		err := &registry.Error{Kind: p.kind, Registry: "registry.acme.internal:5000",
			Reference: "registry.acme.internal:5000/acme/app:v1", Err: errors.New("cause")}
		summary, detail := registryErrorDiag(err)
		if summary != p.summary {
			t.Errorf("%v: summary %q, want %q (a broader kind is listed before it)", p.kind, summary, p.summary)
		}
		if other, dup := seen[summary]; dup {
			t.Errorf("%v and %v share the summary %q", p.kind, other, summary)
		}
		seen[summary] = p.kind
		for _, want := range []string{"registry.acme.internal:5000", "acme/app:v1", p.advice} {
			if !strings.Contains(detail, want) {
				t.Errorf("%v: detail %q lacks %q", p.kind, detail, want)
			}
		}
	}
	if summary, _ := registryErrorDiag(errors.New("boom")); summary != "Registry Request Failed" {
		t.Errorf("an unclassified error got %q", summary)
	}
}
