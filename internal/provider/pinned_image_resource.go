package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ resource.ResourceWithConfigure    = (*pinnedImageResource)(nil)
	_ resource.ResourceWithModifyPlan   = (*pinnedImageResource)(nil)
	_ resource.ResourceWithImportState  = (*pinnedImageResource)(nil)
	_ resource.ResourceWithUpgradeState = (*pinnedImageResource)(nil)
)

func newPinnedImageResource() resource.Resource { return &pinnedImageResource{} }

// pinnedImageResource records the image a workspace template runs, pinned by digest. The plan is
// where the tag rules are applied (ModifyPlan resolves the tag and decides); Create and Update only
// write what the plan said, and Read never moves the pin.
type pinnedImageResource struct{ data *providerData }

type pinnedImageModel struct {
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

func (r *pinnedImageResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_pinned_image"
}

func (r *pinnedImageResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = dataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *pinnedImageResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.writePlan(ctx, req.Plan, &resp.State, &resp.Diagnostics)
}

// Read returns the state as it is: refresh never moves the pin, and never drops the resource
// because a registry is unreachable. Whether the tag moved is the plan's question.
func (r *pinnedImageResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (r *pinnedImageResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.writePlan(ctx, req.Plan, &resp.State, &resp.Diagnostics)
}

// writePlan stores what the plan said. The pin was resolved at plan time; only an image that was
// unknown then (it depends on another resource) is resolved now.
func (r *pinnedImageResource) writePlan(ctx context.Context, plan tfsdk.Plan, state *tfsdk.State, diags *diag.Diagnostics) {
	var m pinnedImageModel
	diags.Append(plan.Get(ctx, &m)...)
	if diags.HasError() {
		return
	}
	if m.Digest.IsUnknown() && !r.pinNew(ctx, &m, diags) {
		return
	}
	stampPinnedAt(&m)
	diags.Append(state.Set(ctx, &m)...)
}

// Delete forgets the pin; nothing in the registry changes.
func (r *pinnedImageResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

// UpgradeState is in place from schema version 0 on, so later schema changes can migrate state.
func (r *pinnedImageResource) UpgradeState(context.Context) map[int64]resource.StateUpgrader {
	return map[int64]resource.StateUpgrader{}
}

func stampPinnedAt(m *pinnedImageModel) {
	if m.PinnedAt.IsUnknown() {
		m.PinnedAt = types.StringValue(time.Now().UTC().Format(time.RFC3339))
	}
}

var imagePath = path.Root("image")
