package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Malformed references fail in ValidateResourceConfig / ValidateDataResourceConfig, the RPCs
// `terraform validate` sends, on the image attribute, naming the part at fault. The provider is not
// even configured here, so no request can be made.
func TestMalformedReferencesFailAtValidate(t *testing.T) {
	p := newProtoServer(t)
	cases := []struct{ ref, part string }{
		{"Ubuntu:20.04", "lowercase"},
		{"registry.acme.internal:5000/Acme/App:v1", "lowercase"},
		{"ubuntu 20.04", "ubuntu 20.04"},
		{"registry.acme.internal::5000/app:v1", "registry"},
		{"registry.acme.internal:5000/" + strings.Repeat("a", 256) + ":v1", "255"},
		{"app@sha256:abc", "digest"},
		{"app@sha256:" + strings.Repeat("g", 64), "digest"},
		{"app@md5:" + strings.Repeat("a", 32), "digest"},
		{"", "empty"},
		{"app:", "tag"},
		{"app:-bad", "tag"},
		{"app:" + strings.Repeat("t", 129), "tag"},
		{"/app:v1", "repository"},
	}
	for _, c := range cases {
		for _, kind := range []string{"resource", "data source"} {
			var diags = p.validateResource("tagpolicy_pinned_image", map[string]tftypes.Value{"image": str(c.ref)})
			if kind == "data source" {
				diags = p.validateDataSource("tagpolicy_image", map[string]tftypes.Value{"image": str(c.ref)})
			}
			if len(diags) != 1 {
				t.Errorf("%s %q: %d diagnostics, want 1: %s", kind, c.ref, len(diags), diagText(diags))
				continue
			}
			d := diags[0]
			if d.Summary != "Invalid Image Reference" || d.Attribute == nil || d.Attribute.String() != `AttributeName("image")` {
				t.Errorf("%s %q: got %q on %v, want Invalid Image Reference on image", kind, c.ref, d.Summary, d.Attribute)
			}
			if !strings.Contains(strings.ToLower(d.Detail), strings.ToLower(c.part)) {
				t.Errorf("%s %q: detail %q does not name %q", kind, c.ref, d.Detail, c.part)
			}
		}
	}
	// And a valid one passes.
	if diags := p.validateResource("tagpolicy_pinned_image", map[string]tftypes.Value{"image": str("registry.acme.internal:5000/acme/app:v1")}); len(diags) != 0 {
		t.Errorf("a valid reference failed validation: %s", diagText(diags))
	}
}
