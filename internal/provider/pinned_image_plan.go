package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registry"
	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/tagpolicy"
)

// ModifyPlan decides, and sends no request: for an existing pin it applies the tag rules and
// rebuild_on to what refresh observed (with -refresh=false, to the last observation in state). A
// due rebuild is an in-place update of the pin; anything else keeps every computed value as it is
// in state, so the plan is empty. A new pin is planned with the values only the registry can give
// unknown, and Create resolves them; so the plan Terraform re-makes during apply, in a new provider
// process and after the tag may have moved, is always the plan that was saved.
func (r *pinnedImageResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return // destroy never needs the registry; or the provider is not configured yet
	}
	// Nothing in the configuration changed (the plan of almost every pin): the plan is the state, so
	// it is read once, only the attributes the rules need, and written back only when a rebuild is
	// due. The framework reflects a whole struct on every Get and Set, most of a pin's plan cost.
	unchanged := !req.State.Raw.IsNull() && req.Plan.Raw.Equal(req.State.Raw)
	var plan pinnedImageModel
	if unchanged {
		resp.Diagnostics.Append(getRuleAttributes(ctx, req.State, &plan)...)
	} else {
		resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	}
	if resp.Diagnostics.HasError() || plan.Image.IsUnknown() || plan.Platform.IsUnknown() {
		return // an image only known at apply is resolved by Create
	}
	ref, ok := r.data.parseAllowed(&resp.Diagnostics, imagePath, plan.Image.ValueString(), false)
	if !ok {
		return
	}
	if req.State.Raw.IsNull() || len(resp.RequiresReplace) > 0 {
		planNewPin(&plan, ref, r.data.classifier.Classify(ref))
		tflog.Debug(ctx, "tagpolicy_pinned_image plan", map[string]any{
			"reference": ref.String(), "platform": plan.Platform.ValueString(),
			"decision": "pin", "reason": "a new pin: apply resolves the tag",
		})
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		return
	}

	state := plan
	if !unchanged {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
		keepPin(&plan, state)
	}
	decision, reason, kind := r.decide(ctx, plan.RebuildOn, state, loadObservation(ctx, req.Private), &resp.Diagnostics)
	if decision == "rebuild" {
		if unchanged { // the plan written holds every attribute, not only those the rules read
			resp.Diagnostics.Append(req.State.Get(ctx, &plan)...)
		}
		planRebuild(&plan, state, kind)
	}
	tflog.Debug(ctx, "tagpolicy_pinned_image plan", map[string]any{
		"reference":        ref.String(),
		"platform":         plan.Platform.ValueString(),
		"pinned_digest":    state.Digest.ValueString(),
		"pinned_version":   state.Version.ValueString(),
		"observed_digest":  state.CurrentDigest.ValueString(),
		"observed_version": state.CurrentVersion.ValueString(),
		"rebuild_on":       kindNames(rebuildOn(ctx, plan.RebuildOn, &resp.Diagnostics)),
		"decision":         decision,
		"reason":           reason,
	})
	if !unchanged || decision == "rebuild" {
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	}
}

// planNewPin plans a first pin: what the configuration tells (id, class) is known, what only the
// registry can tell is left to Create.
func planNewPin(plan *pinnedImageModel, ref tagpolicy.Reference, class tagpolicy.Class) {
	plan.ID = types.StringValue(ref.String())
	plan.Class = types.StringValue(string(class))
	plan.RebuildReason = types.StringValue(string(tagpolicy.UpdateInitial))
	plan.PreviousDigest = types.StringNull()
	plan.PendingUpdate = types.StringNull()
	plan.Digest = types.StringUnknown()
	plan.PinnedRef = types.StringUnknown()
	plan.Version = types.StringUnknown()
	plan.CurrentDigest = types.StringUnknown()
	plan.CurrentVersion = types.StringUnknown()
	plan.PinnedAt = types.StringUnknown()
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
	plan.CurrentDigest = state.CurrentDigest
	plan.CurrentVersion = state.CurrentVersion
	plan.PendingUpdate = state.PendingUpdate
}

// decide applies the rules and rebuild_on to the observation in state. It returns the decision and
// its reason for the log, and for a due rebuild its update kind.
func (r *pinnedImageResource) decide(ctx context.Context, rebuildOnSet types.Set, state pinnedImageModel, o observation, diags *diag.Diagnostics) (decision, reason string, kind tagpolicy.UpdateKind) {
	pin := state.Digest.ValueString()
	switch {
	case state.Class.ValueString() == string(tagpolicy.ClassDigest):
		return "keep", "a digest reference never changes", ""
	case o.ErrorSummary != "" && o.TagGone:
		diags.AddAttributeWarning(imagePath, o.ErrorSummary,
			fmt.Sprintf("The tag no longer resolves, so there is nothing to rebuild from; the pin %s stays.\n\n%s", pin, o.ErrorDetail))
		return "keep", "the tag no longer exists", ""
	case o.ErrorSummary != "" && r.data.keepPin:
		diags.AddAttributeWarning(imagePath, o.ErrorSummary,
			fmt.Sprintf("on_registry_error is \"keep_pin\", so the pin %s stays and the plan proposes nothing for it.\n\n%s", pin, o.ErrorDetail))
		return "keep", "registry error with on_registry_error = keep_pin", ""
	case o.ErrorSummary != "":
		addRefreshRegistryError(diags, o.ErrorSummary, o.ErrorDetail)
		return "fail", "registry error during refresh", ""
	case state.CurrentDigest.IsNull() || state.CurrentDigest.ValueString() == pin:
		return "keep", "the pin is current (or nothing was observed yet)", ""
	}
	d := tagpolicy.Decide(tagpolicy.DecideInput{
		Class:          tagpolicy.Class(state.Class.ValueString()),
		PinnedDigest:   pin,
		PinnedVersion:  state.Version.ValueString(),
		CurrentDigest:  state.CurrentDigest.ValueString(),
		CurrentVersion: state.CurrentVersion.ValueString(),
		RebuildOn:      rebuildOn(ctx, rebuildOnSet, diags),
	})
	if !d.Due {
		addHeldUpdate(diags, state.Image.ValueString(), d.Kind, state.CurrentVersion.ValueString(), state.CurrentDigest.ValueString(), pin)
		return "hold", fmt.Sprintf("rebuild_on holds the %s update", d.Kind), ""
	}
	return "rebuild", fmt.Sprintf("a %s update is in rebuild_on", d.Kind), d.Kind
}

// planRebuild plans the pin decide found due: the tag's current digest, as a kind update.
func planRebuild(plan *pinnedImageModel, state pinnedImageModel, kind tagpolicy.UpdateKind) {
	ref, _ := tagpolicy.ParseReference(state.Image.ValueString())
	plan.Digest = state.CurrentDigest
	plan.PinnedRef = types.StringValue(ref.PinnedRef(state.CurrentDigest.ValueString()))
	plan.Version = state.CurrentVersion
	plan.RebuildReason = types.StringValue(string(kind))
	plan.PreviousDigest = state.Digest
	plan.PinnedAt = types.StringUnknown()
	plan.PendingUpdate = types.StringNull()
}

// pinNew resolves the tag and fills the computed values of a first pin; it returns what the
// registry answered, for the private observation.
func (r *pinnedImageResource) pinNew(ctx context.Context, m *pinnedImageModel, diags *diag.Diagnostics) (registry.Resolution, bool) {
	ref, err := tagpolicy.ParseReference(m.Image.ValueString())
	if err != nil {
		addInvalidReference(diags, imagePath, m.Image.ValueString(), err)
		return registry.Resolution{}, false
	}
	if v := r.data.policy.Check(ref); len(v) > 0 && !r.data.warnOnly {
		// An image unknown at plan is checked here, still before any request (the plan warned already).
		addPolicyViolations(diags, imagePath, ref.String(), v, false)
		return registry.Resolution{}, false
	}
	class := r.data.classifier.Classify(ref)
	var res registry.Resolution
	if ref.Digest != "" && m.Platform.IsNull() {
		res = registry.Resolution{Reference: ref.String(), Digest: ref.Digest}
	} else if res, err = r.data.client.Resolve(ctx, ref.String(), m.Platform.ValueString()); err != nil {
		addRegistryError(diags, imagePath, err)
		return registry.Resolution{}, false
	}
	fillPin(m, ref, class, pinOf(res), r.resolveVersion(ctx, ref, class, res.Digest, diags))
	return res, true
}

// fillPin writes a first pin of ref at digest pin into m, observed as current: the one place
// Create, a replacement and import (pinNew, importPin) record a pin.
func fillPin(m *pinnedImageModel, ref tagpolicy.Reference, class tagpolicy.Class, pin, version string) {
	m.ID = types.StringValue(ref.String())
	m.Digest = types.StringValue(pin)
	m.PinnedRef = types.StringValue(ref.PinnedRef(pin))
	m.Class = types.StringValue(string(class))
	m.Version = nullIfEmpty(version)
	m.RebuildReason = types.StringValue(string(tagpolicy.UpdateInitial))
	m.PreviousDigest = types.StringNull()
	m.CurrentDigest = m.Digest
	m.CurrentVersion = m.Version
	m.PendingUpdate = types.StringNull()
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

func kindNames(kinds []tagpolicy.UpdateKind) []string {
	if kinds == nil {
		return rebuildKinds()
	}
	out := make([]string, len(kinds))
	for i, k := range kinds {
		out[i] = string(k)
	}
	return out
}
