package e2e

import (
	"slices"
	"testing"
)

// planJSON is the part of `show -json PLAN` the scenarios read.
type planJSON struct {
	ResourceChanges []resourceChange `json:"resource_changes"`
}

type resourceChange struct {
	Address string `json:"address"`
	Change  struct {
		Actions []string       `json:"actions"`
		Before  map[string]any `json:"before"`
		After   map[string]any `json:"after"`
	} `json:"change"`
}

// stateJSON is the part of `show -json` (state) the scenarios read.
type stateJSON struct {
	Values *struct {
		Outputs map[string]struct {
			Value any `json:"value"`
		} `json:"outputs"`
		RootModule struct {
			Resources []struct {
				Address string         `json:"address"`
				Values  map[string]any `json:"values"`
			} `json:"resources"`
		} `json:"root_module"`
	} `json:"values"`
}

// change returns the planned change of address, failing the test if there is none.
func (p planJSON) change(t *testing.T, address string) resourceChange {
	t.Helper()
	for _, rc := range p.ResourceChanges {
		if rc.Address == address {
			return rc
		}
	}
	t.Fatalf("plan has no change for %s (has %v)", address, p.addresses())
	return resourceChange{}
}

func (p planJSON) addresses() []string {
	var a []string
	for _, rc := range p.ResourceChanges {
		a = append(a, rc.Address)
	}
	return a
}

// expectActions fails unless the change's actions are exactly want (e.g. "update"; "delete", "create").
func (rc resourceChange) expectActions(t *testing.T, want ...string) {
	t.Helper()
	got := slices.Clone(rc.Change.Actions)
	slices.Sort(got)
	w := slices.Clone(want)
	slices.Sort(w)
	if !slices.Equal(got, w) {
		t.Fatalf("%s: planned actions %v, want %v", rc.Address, rc.Change.Actions, want)
	}
}

// attrs returns the state attributes of address, failing the test if it is not in state.
func (s stateJSON) attrs(t *testing.T, address string) map[string]any {
	t.Helper()
	if s.Values != nil {
		for _, r := range s.Values.RootModule.Resources {
			if r.Address == address {
				return r.Values
			}
		}
	}
	t.Fatalf("state has no %s", address)
	return nil
}

// output returns a root output's value, failing the test if it is missing.
func (s stateJSON) output(t *testing.T, name string) any {
	t.Helper()
	if s.Values != nil {
		if o, ok := s.Values.Outputs[name]; ok {
			return o.Value
		}
	}
	t.Fatalf("state has no output %q", name)
	return nil
}

// expectAttr fails unless attrs[key] equals want.
func expectAttr(t *testing.T, what string, attrs map[string]any, key string, want any) {
	t.Helper()
	if got := attrs[key]; got != want {
		t.Fatalf("%s: %s = %#v, want %#v", what, key, got, want)
	}
}
