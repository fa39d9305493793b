package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registry"
	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/tagpolicy"
)

// ModifyPlan is where the tag rules run: it resolves the tag through the shared client and asks
// internal/tagpolicy whether a rebuild is due. A due rebuild is an in-place update of the pin; any
// other outcome keeps every computed value as it is in state, so the plan is empty.
func (r *pinnedImageResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return // destroy, or the provider is not configured yet
	}
	var plan pinnedImageModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.Image.IsUnknown() || plan.Platform.IsUnknown() {
		return // an image only known at apply is resolved by Create
	}
	ref, err := tagpolicy.ParseReference(plan.Image.ValueString())
	if err != nil {
		addInvalidReference(&resp.Diagnostics, imagePath, plan.Image.ValueString(), err)
		return
	}
	if addPolicyViolations(&resp.Diagnostics, imagePath, ref.String(), r.data.policy.Check(ref), r.data.warnOnly) {
		return
	}

	if req.State.Raw.IsNull() || len(resp.RequiresReplace) > 0 {
		if !r.pinNew(ctx, &plan, &resp.Diagnostics) {
			return
		}
		plan.PinnedAt = types.StringUnknown()
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		return
	}

	var state pinnedImageModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	keepPin(&plan, state)
	r.planRebuild(ctx, ref, &plan, state, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// keepPin carries every computed value over from state: the plan proposes nothing about the pin.
func keepPin(plan *pinnedImageModel, state pinnedImageModel) {
	plan.ID = state.ID
	plan.Digest = state.Digest
	plan.PinnedRef = state.PinnedRef
	plan.Class = state.Class
	plan.Version = state.Version
	plan.RebuildReason = state.RebuildReason
	plan.PreviousDigest = state.PreviousDigest
	plan.PinnedAt = state.PinnedAt
}

// planRebuild re-resolves the tag and, when the rules and rebuild_on call for it, plans the new pin.
func (r *pinnedImageResource) planRebuild(ctx context.Context, ref tagpolicy.Reference, plan *pinnedImageModel, state pinnedImageModel, diags *diag.Diagnostics) {
	class := r.data.classifier.Classify(ref)
	if class == tagpolicy.ClassDigest {
		return // a digest reference never resolves and never changes
	}
	res, err := r.data.client.Resolve(ctx, ref.String(), plan.Platform.ValueString())
	switch {
	case errors.Is(err, registry.ErrTagNotFound):
		addRegistryWarning(diags, imagePath, err, fmt.Sprintf("The tag no longer resolves, so there is nothing to rebuild from; the pin %s stays.", state.Digest.ValueString()))
		return
	case err != nil && r.data.keepPin:
		addRegistryWarning(diags, imagePath, err, fmt.Sprintf("on_registry_error is \"keep_pin\", so the pin %s stays and the plan proposes nothing for it.", state.Digest.ValueString()))
		return
	case err != nil:
		addRegistryError(diags, imagePath, err)
		return
	}
	current := pinOf(res)
	if current == state.Digest.ValueString() {
		return // nothing moved: no version lookup, no diff
	}
	version := r.resolveVersion(ctx, ref, class, res.Digest, diags)
	decision := tagpolicy.Decide(tagpolicy.DecideInput{
		Class:          class,
		PinnedDigest:   state.Digest.ValueString(),
		PinnedVersion:  state.Version.ValueString(),
		CurrentDigest:  current,
		CurrentVersion: version,
		RebuildOn:      rebuildOn(ctx, plan.RebuildOn, diags),
	})
	if !decision.Due {
		return
	}
	plan.Digest = types.StringValue(current)
	plan.PinnedRef = types.StringValue(ref.PinnedRef(current))
	plan.Version = nullIfEmpty(version)
	plan.RebuildReason = types.StringValue(string(decision.Kind))
	plan.PreviousDigest = state.Digest
	plan.PinnedAt = types.StringUnknown()
}

// pinNew resolves the tag and fills the computed values of a first pin.
func (r *pinnedImageResource) pinNew(ctx context.Context, m *pinnedImageModel, diags *diag.Diagnostics) bool {
	ref, err := tagpolicy.ParseReference(m.Image.ValueString())
	if err != nil {
		addInvalidReference(diags, imagePath, m.Image.ValueString(), err)
		return false
	}
	class := r.data.classifier.Classify(ref)
	var res registry.Resolution
	if ref.Digest != "" && m.Platform.IsNull() {
		res = registry.Resolution{Reference: ref.String(), Digest: ref.Digest}
	} else if res, err = r.data.client.Resolve(ctx, ref.String(), m.Platform.ValueString()); err != nil {
		addRegistryError(diags, imagePath, err)
		return false
	}
	pin := pinOf(res)
	version := ""
	if class != tagpolicy.ClassDigest {
		version = r.resolveVersion(ctx, ref, class, res.Digest, diags)
	} else if v, ok := tagpolicy.ParseVersion(ref.Tag); ok {
		version = v.String()
	}
	m.ID = types.StringValue(ref.String())
	m.Digest = types.StringValue(pin)
	m.PinnedRef = types.StringValue(ref.PinnedRef(pin))
	m.Class = types.StringValue(string(class))
	m.Version = nullIfEmpty(version)
	m.RebuildReason = types.StringValue(string(tagpolicy.UpdateInitial))
	m.PreviousDigest = types.StringNull()
	return true
}

// pinOf is what the resource pins: the platform's manifest when a platform is set, else the tag's target.
func pinOf(res registry.Resolution) string {
	if res.PlatformDigest != "" {
		return res.PlatformDigest
	}
	return res.Digest
}

// rebuildOn reads rebuild_on; null or unknown means the default (every kind), an empty set none.
func rebuildOn(ctx context.Context, set types.Set, diags *diag.Diagnostics) []tagpolicy.UpdateKind {
	if set.IsNull() || set.IsUnknown() {
		return nil
	}
	var names []string
	diags.Append(set.ElementsAs(ctx, &names, false)...)
	kinds := []tagpolicy.UpdateKind{}
	for _, n := range names {
		kinds = append(kinds, tagpolicy.UpdateKind(n))
	}
	return kinds
}
