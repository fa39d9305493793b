package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/tagpolicy"
)

// rebuildKinds are the update kinds rebuild_on may name (initial is the first pin, never a trigger).
func rebuildKinds() []string {
	var kinds []string
	for _, k := range tagpolicy.DefaultRebuildOn() {
		kinds = append(kinds, string(k))
	}
	return kinds
}

func (r *pinnedImageResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Version: pinnedImageSchemaVersion,
		MarkdownDescription: "Records the image a workspace template runs, pinned by digest. **Refresh observes**: it " +
			"resolves the **tag** (one `HEAD` request, no pull) into `current_digest`, `current_version` and " +
			"`pending_update`, and never moves the pin. **Plan decides**, without a request of its own: it proposes an " +
			"in-place update of `digest` and `pinned_ref` exactly when the tag rules and `rebuild_on` call for a rebuild; " +
			"otherwise the plan is empty. **Apply writes** what the plan showed; a new pin is resolved by apply, so a " +
			"saved plan always applies. Use `pinned_ref` as the container image, so that a due rebuild replaces the workspace.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The normalised image reference, `host[:port]/repository:tag`.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"image": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The image reference to follow, `[registry[:port]/]repository[:tag][@sha256:digest]`. " +
					"A change that names another image replaces the resource; writing the same image differently " +
					"(`ubuntu` and `docker.io/library/ubuntu:latest`) keeps the pin.",
				Validators:    []validator.String{imageReference()},
				PlanModifiers: []planmodifier.String{requiresReplaceIfOtherImage()},
			},
			"platform": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "A platform, `os/architecture[/variant]` (`linux/amd64`). The pin is then that " +
					"platform's manifest digest in the image index, and a rebuild of another platform in the index is " +
					"not a rebuild. Changing it replaces the resource.",
				Validators:    platformValidators(),
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"template": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "A label for the workspace template that runs this image; informational only.",
			},
			"rebuild_on": schema.SetAttribute{
				ElementType: types.StringType,
				Optional:    true,
				Computed:    true,
				MarkdownDescription: "The update kinds that propose a rebuild: any of " + quoted(rebuildKinds()) +
					". Defaults to all of them. With `[\"major\"]` on `latest`, a patch release proposes nothing and a major one does.",
				Default: setdefault.StaticValue(defaultRebuildOnValue()),
				Validators: []validator.Set{
					setvalidator.ValueStringsAre(stringvalidator.OneOf(rebuildKinds()...)),
				},
			},
			"triggers": schema.MapAttribute{
				ElementType: types.StringType,
				Optional:    true,
				MarkdownDescription: "Arbitrary values that replace the resource (and so re-pin the tag) when they " +
					"change, for example a template version.",
				PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplace()},
			},
			"digest": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The pinned digest: of the image index or manifest the tag pointed to when pinned, " +
					"or of the `platform`'s manifest.",
			},
			"pinned_ref": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The pinned reference, `host[:port]/repository:tag@sha256:…`, usable as a container image.",
			},
			"class": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The class of the tag: `rolling`, `major`, `minor`, `patch`, `digest` or `other`.",
			},
			"version": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The version the pinned image is, without `v` and suffix: the tag's own version for a " +
					"version tag, refined to the most precise version tag of the same repository and suffix that shares " +
					"the digest (so `v1` may be `1.3.1`, and `latest` `2.4.0`). Null when none is known.",
			},
			"rebuild_reason": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "Why the current pin was made: `initial` (first pin), `rebuild` (same version, new " +
					"digest, or version unknown), `patch`, `minor` or `major` (the tag now resolves to a higher version " +
					"at that level), or `rollback` (a lower version).",
			},
			"previous_digest": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The digest pinned before the last rebuild; null until the first rebuild.",
			},
			"pinned_at": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "When the current pin was made, in RFC 3339.",
			},
			"current_digest": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "What the tag pointed to at the last refresh, comparable with `digest` (the " +
					"`platform`'s manifest when one is set). Refresh updates it; it never moves the pin. Null when the tag " +
					"no longer exists, or nothing was observed yet. A failed refresh keeps the last observation.",
			},
			"current_version": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The version `current_digest` is, found as for `version`; null when unknown. Looked up " +
					"only when the tag moved.",
			},
			"pending_update": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The update kind (`rebuild`, `patch`, `minor`, `major` or `rollback`) of a move of the " +
					"tag that the pin has not taken: one the next apply takes, or one `rebuild_on` holds. Null when the pin " +
					"is current.",
			},
		},
	}
}

// requiresReplaceIfOtherImage replaces the resource when image names another image; the same image
// written differently is an in-place change that keeps the pin.
func requiresReplaceIfOtherImage() planmodifier.String {
	return stringplanmodifier.RequiresReplaceIf(
		func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
			resp.RequiresReplace = !sameImage(req.StateValue.ValueString(), req.PlanValue.ValueString())
		},
		"Replaces the resource when the image names another image.",
		"Replaces the resource when the image names another image.",
	)
}

// sameImage compares two references after normalisation ("ubuntu" is "index.docker.io/library/ubuntu:latest").
func sameImage(a, b string) bool {
	ra, errA := tagpolicy.ParseReference(a)
	rb, errB := tagpolicy.ParseReference(b)
	if errA != nil || errB != nil {
		return a == b
	}
	return ra.String() == rb.String()
}
