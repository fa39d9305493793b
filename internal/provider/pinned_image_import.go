package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/tagpolicy"
)

// ImportState takes a pinned reference, `host/repo:tag@sha256:…`: the resource follows the tag and
// keeps the digest as its pin, so the next plan is empty unless the tag has moved since. A bare tag
// reference is resolved now and pinned to what it points to.
func (r *pinnedImageResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	idPath := path.Root("id")
	if r.data == nil {
		resp.Diagnostics.AddError("Provider Not Configured",
			"The tagpolicy provider was not configured before import. This is a bug in Terraform or the provider; please report it.")
		return
	}
	ref, err := tagpolicy.ParseReference(req.ID)
	if err != nil {
		addInvalidReference(&resp.Diagnostics, idPath, req.ID, err)
		return
	}
	m := pinnedImageModel{
		Platform:  types.StringNull(),
		Template:  types.StringNull(),
		Triggers:  types.MapNull(types.StringType),
		RebuildOn: defaultRebuildOnValue(),
	}
	tracked := ref
	if ref.Tag != "" {
		tracked.Digest = "" // follow the tag; the digest is the pin
	}
	m.Image = types.StringValue(tracked.String())

	if ref.Digest != "" {
		class := r.data.classifier.Classify(tracked)
		m.ID = types.StringValue(tracked.String())
		m.Digest = types.StringValue(ref.Digest)
		m.PinnedRef = types.StringValue(tracked.PinnedRef(ref.Digest))
		m.Class = types.StringValue(string(class))
		version := ""
		if class != tagpolicy.ClassDigest {
			// The same version lookup as a first pin, so the next plan compares like with like.
			version = r.resolveVersion(ctx, tracked, class, ref.Digest, &resp.Diagnostics)
		} else if v, ok := tagpolicy.ParseVersion(ref.Tag); ok {
			version = v.String()
		}
		m.Version = nullIfEmpty(version)
		m.RebuildReason = types.StringValue(string(tagpolicy.UpdateInitial))
		m.PreviousDigest = types.StringNull()
	} else if !r.pinNew(ctx, &m, &resp.Diagnostics) {
		return
	}
	m.PinnedAt = types.StringValue(time.Now().UTC().Format(time.RFC3339))
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func defaultRebuildOnValue() types.Set {
	var kinds []attr.Value
	for _, k := range rebuildKinds() {
		kinds = append(kinds, types.StringValue(k))
	}
	return types.SetValueMust(types.StringType, kinds)
}
