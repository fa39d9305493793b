package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// pinnedType is the resource's type name in protocol calls.
const pinnedType = "tagpolicy_pinned_image"

// pinState is a resource instance as Terraform keeps it between RPCs: its value and private state.
type pinState struct {
	value   tftypes.Value
	private []byte
}

func (p *protoServer) pinnedSchema() *tfprotov6.Schema { return p.schemas.ResourceSchemas[pinnedType] }

// create plans and applies a new pin from config attributes, as `terraform apply` does.
func (p *protoServer) create(ctx context.Context, attrs map[string]tftypes.Value) (pinState, error) {
	plan, err := p.planCreate(ctx, pinnedType, attrs)
	if err != nil || hasErrors(plan.Diagnostics) {
		return pinState{}, fmt.Errorf("plan: %w %s", err, diagText(plan.Diagnostics))
	}
	s := p.pinnedSchema()
	cfg := value(s, attrs)
	resp, err := p.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName:       pinnedType,
		PriorState:     dynamic(p.t, s, tftypes.NewValue(s.ValueType(), nil)),
		PlannedState:   plan.PlannedState,
		Config:         dynamic(p.t, s, cfg),
		PlannedPrivate: plan.PlannedPrivate,
	})
	if err != nil || hasErrors(resp.Diagnostics) {
		return pinState{}, fmt.Errorf("apply: %w %s", err, diagText(resp.Diagnostics))
	}
	v, err := resp.NewState.Unmarshal(s.ValueType())
	return pinState{value: v, private: resp.Private}, err
}

// refresh is ReadResource: what `terraform plan` does first for a resource in state.
func (p *protoServer) refresh(ctx context.Context, st pinState) (pinState, []*tfprotov6.Diagnostic, error) {
	s := p.pinnedSchema()
	resp, err := p.ReadResource(ctx, &tfprotov6.ReadResourceRequest{
		TypeName: pinnedType, CurrentState: dynamic(p.t, s, st.value), Private: st.private,
	})
	if err != nil {
		return pinState{}, nil, err
	}
	if hasErrors(resp.Diagnostics) {
		return pinState{}, resp.Diagnostics, nil
	}
	v, err := resp.NewState.Unmarshal(s.ValueType())
	return pinState{value: v, private: resp.Private}, resp.Diagnostics, err
}

// planExisting is PlanResourceChange for a resource in state with an unchanged configuration.
func (p *protoServer) planExisting(ctx context.Context, st pinState) (tftypes.Value, []*tfprotov6.Diagnostic, error) {
	return p.planWith(ctx, st, configOf(st.value))
}

// planWith plans st against cfg, with the proposed new state Terraform would send: the
// configuration merged with the computed values of state.
func (p *protoServer) planWith(ctx context.Context, st pinState, cfg tftypes.Value) (tftypes.Value, []*tfprotov6.Diagnostic, error) {
	s := p.pinnedSchema()
	resp, err := p.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: pinnedType, PriorState: dynamic(p.t, s, st.value), PriorPrivate: st.private,
		ProposedNewState: dynamic(p.t, s, proposed(st.value, cfg)), Config: dynamic(p.t, s, cfg),
	})
	if err != nil {
		return tftypes.Value{}, nil, err
	}
	if hasErrors(resp.Diagnostics) {
		return tftypes.Value{}, resp.Diagnostics, nil
	}
	v, err := resp.PlannedState.Unmarshal(s.ValueType())
	return v, resp.Diagnostics, err
}

// proposed merges config over state as Terraform's ProposedNewState does for this schema: every
// attribute null in config and computed keeps the state's value.
func proposed(state, cfg tftypes.Value) tftypes.Value {
	var sm, cm map[string]tftypes.Value
	_ = state.As(&sm)
	_ = cfg.As(&cm)
	out := map[string]tftypes.Value{}
	for k, v := range cm {
		switch {
		case !v.IsNull():
			out[k] = v
		case k == "image" || k == "platform" || k == "template" || k == "triggers":
			out[k] = v // optional, not computed: null in config is null
		default:
			out[k] = sm[k]
		}
	}
	return tftypes.NewValue(state.Type(), out)
}

// strAttr reads one string attribute of an object ("" when null).
func strAttr(v tftypes.Value, name string) string {
	var m map[string]tftypes.Value
	_ = v.As(&m)
	var s string
	if m[name].IsKnown() && !m[name].IsNull() {
		_ = m[name].As(&s)
	}
	return s
}

// with returns v with some attributes replaced.
func with(v tftypes.Value, attrs map[string]tftypes.Value) tftypes.Value {
	var m map[string]tftypes.Value
	_ = v.As(&m)
	out := map[string]tftypes.Value{}
	for k, a := range m {
		out[k] = a
	}
	for k, a := range attrs {
		out[k] = a
	}
	return tftypes.NewValue(v.Type(), out)
}
