package provider

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registry"
	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/tagpolicy"
)

// observationKey is the private state key of what the last refresh saw.
const observationKey = "observation"

// observation is what refresh saw and the plan needs, but a user has no use for: the digest the tag
// pointed to (for a platform pin, the index, so the next refresh reads the index only when it moved)
// and the registry error refresh swallowed so that the plan can report it.
type observation struct {
	// Digest is what the tag pointed to: an index or a manifest.
	Digest string `json:"digest,omitempty"`
	// PlatformDigest is the platform's manifest in that index, for a platform pin.
	PlatformDigest string `json:"platform_digest,omitempty"`
	// TagGone says the registry answered that the tag no longer exists.
	TagGone bool `json:"tag_gone,omitempty"`
	// ErrorSummary and ErrorDetail are the registry error of the last refresh, as a diagnostic.
	ErrorSummary string `json:"error_summary,omitempty"`
	ErrorDetail  string `json:"error_detail,omitempty"`
}

func observationOf(res registry.Resolution) observation {
	return observation{Digest: res.Digest, PlatformDigest: res.PlatformDigest}
}

// last is the observation as the registry client's Observe takes it.
func (o observation) last() registry.Resolution {
	return registry.Resolution{Digest: o.Digest, PlatformDigest: o.PlatformDigest}
}

// privateData is the part of the framework's private state the resource uses.
type privateData interface {
	GetKey(context.Context, string) ([]byte, diag.Diagnostics)
	SetKey(context.Context, string, []byte) diag.Diagnostics
}

// loadObservation reads the last observation; none (a pin made before observations were kept)
// is the zero observation.
func loadObservation(ctx context.Context, p privateData) observation {
	var o observation
	if p == nil {
		return o
	}
	b, diags := p.GetKey(ctx, observationKey)
	if diags.HasError() || len(b) == 0 {
		return o
	}
	if err := json.Unmarshal(b, &o); err != nil {
		return observation{} // unreadable: as if nothing was observed, which costs one more GET at most
	}
	return o
}

func saveObservation(ctx context.Context, p privateData, o observation) diag.Diagnostics {
	if p == nil {
		return nil
	}
	b, err := json.Marshal(o)
	if err != nil {
		var diags diag.Diagnostics
		diags.AddError("Observation Not Saved", "The observation could not be encoded: "+err.Error()+". This is a bug in the provider; please report it.")
		return diags
	}
	return p.SetKey(ctx, observationKey, b)
}

// Read is refresh, and refresh observes: it resolves the tag into current_digest, current_version
// and pending_update and never moves the pin. A registry error is not a refresh failure (the
// resource still exists; destroy and -refresh-only must work with the registry down): the last
// observation stays, and the error is kept in private state for the plan to report.
func (r *pinnedImageResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m pinnedImageModel
	resp.Diagnostics.Append(getRuleAttributes(ctx, req.State, &m)...)
	if resp.Diagnostics.HasError() || r.data == nil {
		return
	}
	last := loadObservation(ctx, req.Private)
	observed := []struct {
		name  string
		value *types.String
		was   types.String
	}{
		{"current_digest", &m.CurrentDigest, m.CurrentDigest},
		{"current_version", &m.CurrentVersion, m.CurrentVersion},
		{"pending_update", &m.PendingUpdate, m.PendingUpdate},
	}
	o, outcome := r.observe(ctx, &m, last, &resp.Diagnostics)
	tflog.Debug(ctx, "tagpolicy_pinned_image refresh", map[string]any{
		"reference":        m.Image.ValueString(),
		"platform":         m.Platform.ValueString(),
		"pinned_digest":    m.Digest.ValueString(),
		"observed_digest":  m.CurrentDigest.ValueString(),
		"observed_version": m.CurrentVersion.ValueString(),
		"pending_update":   m.PendingUpdate.ValueString(),
		"outcome":          outcome,
	})
	// The response starts as the request's state and private state, so only what the observation
	// changed is written: refresh never touches the other attributes.
	for _, a := range observed {
		if !a.value.Equal(a.was) {
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(a.name), *a.value)...)
		}
	}
	if o != last {
		resp.Diagnostics.Append(saveObservation(ctx, resp.Private, o)...)
	}
}

// observe updates m's observed attributes from the registry and returns the new private
// observation and, for the log, what happened.
func (r *pinnedImageResource) observe(ctx context.Context, m *pinnedImageModel, last observation, diags *diag.Diagnostics) (observation, string) {
	if m.Class.ValueString() == string(tagpolicy.ClassDigest) {
		// A digest reference follows nothing: what runs is what is pinned, with no request.
		m.CurrentDigest, m.CurrentVersion, m.PendingUpdate = m.Digest, m.Version, types.StringNull()
		return last, "digest reference: nothing to observe"
	}
	ref, err := tagpolicy.ParseReference(m.Image.ValueString())
	if err != nil {
		return last, "invalid reference: not observed"
	}
	if len(r.data.policy.Check(ref)) > 0 && !r.data.warnOnly {
		// No request to a registry the policy forbids; the plan reports the violation.
		return last, "policy violation: not observed"
	}
	res, err := r.data.client.Observe(ctx, ref.String(), m.Platform.ValueString(), last.last())
	switch {
	case errors.Is(err, registry.ErrTagNotFound):
		m.CurrentDigest, m.CurrentVersion, m.PendingUpdate = types.StringNull(), types.StringNull(), types.StringNull()
		summary, detail := registryErrorDiag(err)
		return observation{TagGone: true, ErrorSummary: summary, ErrorDetail: detail}, "tag not found: observed as gone"
	case err != nil:
		summary, detail := registryErrorDiag(err)
		last.TagGone, last.ErrorSummary, last.ErrorDetail = false, summary, detail
		return last, "registry error kept for the plan: " + summary
	}
	current := pinOf(res)
	switch current {
	case m.CurrentDigest.ValueString():
		// Seen before: its version was found then.
	case m.Digest.ValueString():
		m.CurrentVersion = m.Version
	default:
		// The tag moved: find which version it is now, once per move.
		class := r.data.classifier.Classify(ref)
		m.CurrentVersion = nullIfEmpty(r.resolveVersion(ctx, ref, class, res.Digest, diags))
	}
	m.CurrentDigest = types.StringValue(current)
	m.PendingUpdate = types.StringNull()
	if current != m.Digest.ValueString() {
		kind := tagpolicy.Decide(tagpolicy.DecideInput{
			Class:          tagpolicy.Class(m.Class.ValueString()),
			PinnedDigest:   m.Digest.ValueString(),
			PinnedVersion:  m.Version.ValueString(),
			CurrentDigest:  current,
			CurrentVersion: m.CurrentVersion.ValueString(),
		}).Kind
		m.PendingUpdate = types.StringValue(string(kind))
		return observationOf(res), "tag moved: " + string(kind)
	}
	return observationOf(res), "pin is current"
}
