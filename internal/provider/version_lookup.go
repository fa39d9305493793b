package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/tagpolicy"
)

// This file is the one home of the moving-tag version lookup: create, import and the rebuild
// decision all call resolveVersion; the search order itself is a pure rule in internal/tagpolicy
// (VersionSearch), and this file only spends the HEADs it asks for.

// resolveVersion finds which version a tag points to now, by digest only: the version tags of the
// same repository and suffix that share its digest, searched by major then within it, at most
// version_lookup_limit HEADs. A patch tag is its own version. When nothing matches, the version is
// unknown (""), never the tag's own number: "v1" may point at any 1.x, so its "1" says nothing about
// which, and a move from a known version to an unknown one is a rebuild, never a rollback.
func (r *pinnedImageResource) resolveVersion(ctx context.Context, ref tagpolicy.Reference, class tagpolicy.Class, digest string, diags *diag.Diagnostics) string {
	if class == tagpolicy.ClassPatch {
		v, _ := r.data.classifier.Version(ref.Tag)
		return v.String()
	}
	if class == tagpolicy.ClassDigest {
		// A digest reference's tag, if any, is only a label; a version tag still says its version.
		if v, ok := tagpolicy.ParseVersion(ref.Tag); ok {
			return v.String()
		}
		return ""
	}
	limit := r.data.versionLookupLimit
	if limit <= 0 {
		return ""
	}
	tags, err := r.data.client.ListTags(ctx, ref.Name())
	if err != nil {
		addRegistryWarning(diags, imagePath, err, "The tags could not be listed, so the version the tag points to is unknown; a moved digest counts as a rebuild.")
		return ""
	}
	search := tagpolicy.NewVersionSearch(ref.Tag, tags, r.data.classifier)
	heads := 0
	for heads < limit {
		tag, ok := search.Next()
		if !ok {
			break
		}
		heads++
		res, err := r.data.client.Resolve(ctx, ref.Name()+":"+tag, "")
		// A candidate that vanished or failed says nothing about the tag: it counts as no match.
		search.Report(err == nil && res.Digest == digest)
	}
	tflog.Debug(ctx, "version lookup", map[string]any{
		"reference": ref.String(), "digest": digest, "heads": heads, "limit": limit,
		"matched_tag": search.Tag(), "version": search.Version(),
	})
	return search.Version()
}
