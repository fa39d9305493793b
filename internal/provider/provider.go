package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

type tagpolicyProvider struct{ version string }

func New(version string) func() provider.Provider {
	return func() provider.Provider { return &tagpolicyProvider{version: version} }
}

func (p *tagpolicyProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "tagpolicy"
	resp.Version = p.version
}
func (p *tagpolicyProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {
}
func (p *tagpolicyProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}
func (p *tagpolicyProvider) Resources(context.Context) []func() resource.Resource { return resources() }
func (p *tagpolicyProvider) DataSources(context.Context) []func() datasource.DataSource {
	return dataSources()
}
func (p *tagpolicyProvider) Functions(context.Context) []func() function.Function { return functions() }
