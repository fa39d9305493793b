package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ resource.ResourceWithConfigure    = (*pinnedImageResource)(nil)
	_ resource.ResourceWithModifyPlan   = (*pinnedImageResource)(nil)
	_ resource.ResourceWithImportState  = (*pinnedImageResource)(nil)
	_ resource.ResourceWithUpgradeState = (*pinnedImageResource)(nil)
)

func newPinnedImageResource() resource.Resource { return &pinnedImageResource{} }

// pinnedImageResource records the image a workspace template runs, pinned by digest. Its lifecycle
// is Terraform's contract for a remote object: refresh observes (Read resolves the tag into
// current_digest and current_version, never moving the pin and never failing on a registry error),
// plan decides (ModifyPlan applies the tag rules to that observation without a request of its own),
// and apply writes (Create resolves a new pin; Update writes exactly what the plan showed). That is
// what lets a saved plan apply after the tag moved, and destroy run with the registry down.
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
	CurrentDigest  types.String `tfsdk:"current_digest"`
	CurrentVersion types.String `tfsdk:"current_version"`
	PendingUpdate  types.String `tfsdk:"pending_update"`
}

// attributeReader reads one attribute: tfsdk.State and tfsdk.Plan.
type attributeReader interface {
	GetAttribute(context.Context, path.Path, any) diag.Diagnostics
}

// getRuleAttributes reads into m only what refresh and the rules work from: the image followed, its
// rebuild_on, the pin and its last observation. Refresh and the plan of an unchanged pin run for
// every pin of every plan; read one attribute at a time, they skip the framework's reflection of
// the whole model (which compiles a pattern per struct field on each Get); see DESIGN.md, "The
// request model".
func getRuleAttributes(ctx context.Context, src attributeReader, m *pinnedImageModel) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, a := range []struct {
		name   string
		target any
	}{
		{"image", &m.Image}, {"platform", &m.Platform}, {"rebuild_on", &m.RebuildOn}, {"class", &m.Class},
		{"digest", &m.Digest}, {"version", &m.Version}, {"current_digest", &m.CurrentDigest},
		{"current_version", &m.CurrentVersion}, {"pending_update", &m.PendingUpdate},
	} {
		diags.Append(src.GetAttribute(ctx, path.Root(a.name), a.target)...)
	}
	return diags
}

func (r *pinnedImageResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_pinned_image"
}

func (r *pinnedImageResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = dataFrom(req.ProviderData, &resp.Diagnostics)
}

// Create resolves the tag now: a new pin is planned with its digest unknown, so the plan Terraform
// re-makes at apply time always agrees with the saved one, however far the tag moved in between.
func (r *pinnedImageResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m pinnedImageModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !r.pinNow(ctx, &m, resp.Private, &resp.Diagnostics) {
		return
	}
	stampPinnedAt(&m)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Update writes exactly what the plan showed: a due rebuild was decided from the observation at
// plan time, and a template change keeps the pin.
func (r *pinnedImageResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m pinnedImageModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// A digest unknown in the plan means the plan could not decide (an image unknown until apply).
	if m.Digest.IsUnknown() && !r.pinNow(ctx, &m, resp.Private, &resp.Diagnostics) {
		return
	}
	stampPinnedAt(&m)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// pinNow makes a first pin in m at apply time and keeps what the registry answered as the
// observation the next refresh starts from. It reports whether the apply may go on.
func (r *pinnedImageResource) pinNow(ctx context.Context, m *pinnedImageModel, private privateData, diags *diag.Diagnostics) bool {
	if r.data == nil {
		addNotConfigured(diags)
		return false
	}
	res, ok := r.pinNew(ctx, m, diags)
	if !ok {
		return false
	}
	diags.Append(saveObservation(ctx, private, observationOf(res))...)
	return true
}

// Delete forgets the pin; nothing in the registry changes, and the registry is never asked.
func (r *pinnedImageResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

func stampPinnedAt(m *pinnedImageModel) {
	if m.PinnedAt.IsUnknown() {
		m.PinnedAt = types.StringValue(time.Now().UTC().Format(time.RFC3339))
	}
}

var imagePath = path.Root("image")
