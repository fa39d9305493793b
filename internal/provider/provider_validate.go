package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/tagpolicy"
)

// ValidateConfig checks what no single attribute can: two registry_auth blocks for one registry
// would leave it unclear which credentials are sent.
func (p *tagpolicyProvider) ValidateConfig(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	if !req.Config.Raw.IsFullyKnown() {
		return // the model cannot hold an unknown block; Configure names what is unknown
	}
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	seen := map[string]int{}
	for i, a := range m.RegistryAuth {
		if a.Address.IsNull() || a.Address.IsUnknown() {
			continue
		}
		addr, err := tagpolicy.NormalizeRegistryAddress(a.Address.ValueString())
		if err != nil {
			continue // the attribute's own validator reports it
		}
		if first, ok := seen[addr]; ok {
			resp.Diagnostics.AddAttributeError(path.Root("registry_auth").AtListIndex(i).AtName("address"),
				"Duplicate Registry Credentials",
				fmt.Sprintf("registry_auth blocks %d and %d both give credentials for registry %s (%q). Keep one block per registry.", first+1, i+1, addr, a.Address.ValueString()))
			continue
		}
		seen[addr] = i
	}
}
