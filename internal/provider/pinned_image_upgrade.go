package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// pinnedImageSchemaVersion 1 adds the observed attributes (current_digest, current_version,
// pending_update) to version 0, which release 0.1 wrote.
const pinnedImageSchemaVersion = 1

// pinnedImageModelV0 is the state release 0.1 wrote.
type pinnedImageModelV0 struct {
	ID             types.String `tfsdk:"id"`
	Image          types.String `tfsdk:"image"`
	Platform       types.String `tfsdk:"platform"`
	Template       types.String `tfsdk:"template"`
	RebuildOn      types.Set    `tfsdk:"rebuild_on"`
	Triggers       types.Map    `tfsdk:"triggers"`
	Digest         types.String `tfsdk:"digest"`
	PinnedRef      types.String `tfsdk:"pinned_ref"`
	Class          types.String `tfsdk:"class"`
	Version        types.String `tfsdk:"version"`
	RebuildReason  types.String `tfsdk:"rebuild_reason"`
	PreviousDigest types.String `tfsdk:"previous_digest"`
	PinnedAt       types.String `tfsdk:"pinned_at"`
}

// pinnedImageSchemaV0 is the schema of version 0, as far as reading its state needs: types only.
func pinnedImageSchemaV0() *schema.Schema {
	computed := func() schema.StringAttribute { return schema.StringAttribute{Computed: true} }
	return &schema.Schema{
		Version: 0,
		Attributes: map[string]schema.Attribute{
			"id":              computed(),
			"image":           schema.StringAttribute{Required: true},
			"platform":        schema.StringAttribute{Optional: true},
			"template":        schema.StringAttribute{Optional: true},
			"rebuild_on":      schema.SetAttribute{ElementType: types.StringType, Optional: true, Computed: true},
			"triggers":        schema.MapAttribute{ElementType: types.StringType, Optional: true},
			"digest":          computed(),
			"pinned_ref":      computed(),
			"class":           computed(),
			"version":         computed(),
			"rebuild_reason":  computed(),
			"previous_digest": computed(),
			"pinned_at":       computed(),
		},
	}
}

// UpgradeState moves a version 0 pin in place: the pin is kept exactly, and nothing counts as
// observed until the next refresh, so the first plan after the upgrade is empty unless the tag moved.
func (r *pinnedImageResource) UpgradeState(context.Context) map[int64]resource.StateUpgrader {
	return map[int64]resource.StateUpgrader{
		0: {
			PriorSchema: pinnedImageSchemaV0(),
			StateUpgrader: func(ctx context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
				var old pinnedImageModelV0
				resp.Diagnostics.Append(req.State.Get(ctx, &old)...)
				if resp.Diagnostics.HasError() {
					return
				}
				resp.Diagnostics.Append(resp.State.Set(ctx, pinnedImageModel{
					ID: old.ID, Image: old.Image, Platform: old.Platform, Template: old.Template,
					RebuildOn: old.RebuildOn, Triggers: old.Triggers, Digest: old.Digest, PinnedRef: old.PinnedRef,
					Class: old.Class, Version: old.Version, RebuildReason: old.RebuildReason,
					PreviousDigest: old.PreviousDigest, PinnedAt: old.PinnedAt,
					CurrentDigest: types.StringNull(), CurrentVersion: types.StringNull(), PendingUpdate: types.StringNull(),
				})...)
			},
		},
	}
}
