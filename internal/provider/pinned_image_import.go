package provider

import (
	"context"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registry"
	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/tagpolicy"
)

// ImportState takes a pinned reference, `host/repo:tag@sha256:…`, or `…,os/arch[/variant]` for a
// platform pin (the digest is then the platform's manifest, as pinned_ref shows it). The resource
// follows the tag and keeps the digest as its pin, so the next plan is empty unless the tag moved
// since. Provider policy is checked before any request; the registry must hold the digest; the
// version is found as a first pin finds it. A bare tag reference is resolved now and pinned to what
// it points to.
func (r *pinnedImageResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	idPath := path.Root("id")
	if r.data == nil {
		addNotConfigured(&resp.Diagnostics)
		return
	}
	refText, platformText, hasPlatform := strings.Cut(req.ID, ",")
	ref, err := tagpolicy.ParseReference(refText)
	if err != nil {
		addInvalidReference(&resp.Diagnostics, idPath, refText, err)
		return
	}
	m := pinnedImageModel{
		Platform:  types.StringNull(),
		Template:  types.StringNull(),
		Triggers:  types.MapNull(types.StringType),
		RebuildOn: defaultRebuildOnValue(),
	}
	if hasPlatform {
		p, err := registry.ParsePlatform(platformText)
		if err != nil {
			addInvalidImportPlatform(&resp.Diagnostics, idPath, platformText, err)
			return
		}
		m.Platform = types.StringValue(p.String())
	}
	tracked := ref
	if ref.Tag != "" {
		tracked.Digest = "" // follow the tag; the digest is the pin
	}
	m.Image = types.StringValue(tracked.String())
	if addPolicyViolations(&resp.Diagnostics, idPath, tracked.String(), r.data.policy.Check(tracked), r.data.warnOnly) {
		return
	}

	var res registry.Resolution
	var ok bool
	if ref.Digest != "" {
		res, ok = r.importPin(ctx, ref, tracked, &m, &resp.Diagnostics)
	} else {
		res, ok = r.pinNew(ctx, &m, &resp.Diagnostics)
	}
	if !ok {
		return
	}
	m.PinnedAt = types.StringValue(time.Now().UTC().Format(time.RFC3339))
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	if res.Digest != "" {
		resp.Diagnostics.Append(saveObservation(ctx, resp.Private, observationOf(res))...)
	}
}

// importPin checks that the registry holds the imported digest (one HEAD by digest) and fills the
// pin with it. The version is found as a first pin finds it, from the digest the tag's version
// tags share: for a platform pin that is the index, known when the tag still points to the index
// holding the imported platform digest. The returned resolution is that observation, if any.
func (r *pinnedImageResource) importPin(ctx context.Context, ref, tracked tagpolicy.Reference, m *pinnedImageModel, diags *diag.Diagnostics) (registry.Resolution, bool) {
	digestRef := ref.Name() + "@" + ref.Digest
	if _, err := r.data.client.Verify(ctx, digestRef); err != nil {
		addDigestNotHeld(diags, path.Root("id"), digestRef, err)
		return registry.Resolution{}, false
	}
	class := r.data.classifier.Classify(tracked)
	var observed registry.Resolution
	lookupDigest := ref.Digest
	if class != tagpolicy.ClassDigest && !m.Platform.IsNull() {
		if res, err := r.data.client.Resolve(ctx, tracked.String(), m.Platform.ValueString()); err == nil && res.PlatformDigest == ref.Digest {
			observed, lookupDigest = res, res.Digest
		}
	}
	fillPin(m, tracked, class, ref.Digest, r.resolveVersion(ctx, tracked, class, lookupDigest, diags))
	// Not observed yet: the refresh after import says where the tag points now.
	m.CurrentDigest, m.CurrentVersion = types.StringNull(), types.StringNull()
	return observed, true
}

func defaultRebuildOnValue() types.Set {
	var kinds []attr.Value
	for _, k := range rebuildKinds() {
		kinds = append(kinds, types.StringValue(k))
	}
	return types.SetValueMust(types.StringType, kinds)
}
