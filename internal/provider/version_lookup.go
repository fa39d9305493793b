package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/tagpolicy"
)

// maxVersionCandidates bounds the HEAD requests spent finding which version a moving tag points to.
const maxVersionCandidates = 5

// This file is the one home of the moving-tag version lookup: create, import and the rebuild
// decision all call resolveVersion; the search order itself is a pure rule in internal/tagpolicy.

// resolveVersion finds which version a tag points to now: the most precise version tag of the same
// repository and suffix that shares its digest (SPEC: list tags once, then HEAD candidates newest
// first, a few at most). A patch tag is its own version. When nothing matches, a version tag falls
// back to its own version and any other tag to unknown ("").
func (r *pinnedImageResource) resolveVersion(ctx context.Context, ref tagpolicy.Reference, class tagpolicy.Class, digest string, diags *diag.Diagnostics) string {
	own := ""
	if v, ok := tagpolicy.ParseVersion(ref.Tag); ok {
		own = v.String()
	}
	if class == tagpolicy.ClassPatch {
		return own
	}
	tags, err := r.data.client.ListTags(ctx, ref.Name())
	if err != nil {
		addRegistryWarning(diags, imagePath, err, "The tags could not be listed, so the version the tag points to is unknown; a moved digest counts as a rebuild.")
		return own
	}
	for _, c := range tagpolicy.Candidates(ref.Tag, tags, r.data.classifier, maxVersionCandidates) {
		res, err := r.data.client.Resolve(ctx, ref.Name()+":"+c, "")
		if err != nil {
			continue // a candidate that vanished or failed says nothing about the tag
		}
		if res.Digest == digest {
			if v, ok := tagpolicy.ParseVersion(c); ok {
				return v.String()
			}
		}
	}
	return own
}
