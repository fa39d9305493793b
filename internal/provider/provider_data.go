package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/tagpolicy"
)

// dataFrom recovers what Configure handed over. Nil means the provider is not configured yet
// (validate, or an early plan), which callers treat as "nothing to do yet".
func dataFrom(v any, diags *diag.Diagnostics) *providerData {
	if v == nil {
		return nil
	}
	d, ok := v.(*providerData)
	if !ok {
		diags.AddError("Unexpected Provider Data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", v))
		return nil
	}
	return d
}

// parseAllowed parses the reference written at `at` and applies the provider policy to it, before
// any request: the whole policy, or for a repository (which names no tag) allowed_registries only.
// It reports whether the caller may go on: false after an invalid reference or, unless
// policy_enforcement is "warn", a violation.
func (d *providerData) parseAllowed(diags *diag.Diagnostics, at path.Path, text string, repositoryOnly bool) (tagpolicy.Reference, bool) {
	ref, err := tagpolicy.ParseReference(text)
	if err != nil {
		addInvalidReference(diags, at, text, err)
		return ref, false
	}
	name, violations := ref.String(), d.policy.Check(ref)
	if repositoryOnly {
		name, violations = ref.Name(), d.policy.CheckRegistry(ref)
	}
	return ref, !addPolicyViolations(diags, at, name, violations, d.warnOnly)
}
