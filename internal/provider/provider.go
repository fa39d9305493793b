// Package provider is the Terraform-facing half of tagpolicy: schemas, models and diagnostics.
// The rules live in internal/tagpolicy and the network in internal/registry; this package glues them.
package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

var (
	_ provider.Provider                   = (*tagpolicyProvider)(nil)
	_ provider.ProviderWithFunctions      = (*tagpolicyProvider)(nil)
	_ provider.ProviderWithValidateConfig = (*tagpolicyProvider)(nil)
)

type tagpolicyProvider struct{ version string }

// New returns the provider factory for the given release version (set by goreleaser's ldflags).
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &tagpolicyProvider{version: version} }
}

func (p *tagpolicyProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "tagpolicy"
	resp.Version = p.version
}

func (p *tagpolicyProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = providerSchema()
}

func (p *tagpolicyProvider) Resources(context.Context) []func() resource.Resource { return resources() }

func (p *tagpolicyProvider) DataSources(context.Context) []func() datasource.DataSource {
	return dataSources()
}

func (p *tagpolicyProvider) Functions(context.Context) []func() function.Function { return functions() }
