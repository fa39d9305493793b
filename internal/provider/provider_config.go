package provider

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registry"
	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/tagpolicy"
)

// providerModel is the provider block as Terraform sends it.
type providerModel struct {
	AllowedRegistries   types.List          `tfsdk:"allowed_registries"`
	AllowedClasses      types.Set           `tfsdk:"allowed_classes"`
	NamingScheme        types.String        `tfsdk:"naming_scheme"`
	EnforceNamingScheme types.Bool          `tfsdk:"enforce_naming_scheme"`
	PolicyEnforcement   types.String        `tfsdk:"policy_enforcement"`
	RollingTags         types.Set           `tfsdk:"rolling_tags"`
	RegistryAuth        []registryAuthModel `tfsdk:"registry_auth"`
	InsecureRegistries  types.Set           `tfsdk:"insecure_registries"`
	CACertificates      types.String        `tfsdk:"ca_certificates"`
	RequestTimeout      types.String        `tfsdk:"request_timeout"`
	MaxRetries          types.Int64         `tfsdk:"max_retries"`
	OnRegistryError     types.String        `tfsdk:"on_registry_error"`
	Codenames           types.Map           `tfsdk:"codenames"`
	VersionLookupLimit  types.Int64         `tfsdk:"version_lookup_limit"`
}

type registryAuthModel struct {
	Address    types.String `tfsdk:"address"`
	Username   types.String `tfsdk:"username"`
	Password   types.String `tfsdk:"password"`
	ConfigFile types.String `tfsdk:"config_file"`
}

// providerData is what Configure hands to every data source and resource: one registry client per
// provider process (so connections, tokens and resolved references are shared) and one policy.
type providerData struct {
	client     *registry.Client
	policy     tagpolicy.Policy
	classifier tagpolicy.Classifier
	// warnOnly is policy_enforcement = "warn": violations are warnings and the lookup goes on.
	warnOnly bool
	// keepPin is on_registry_error = "keep_pin": the resource warns and keeps its pin.
	keepPin bool
	// versionLookupLimit is version_lookup_limit: the HEADs a moving tag's version lookup may spend.
	versionLookupLimit int
}

func (p *tagpolicyProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	if unknown := unknownConfigPaths(req.Config.Raw); len(unknown) > 0 {
		addUnknownConfig(&resp.Diagnostics, unknown)
		return
	}
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	data, diags := p.configure(ctx, m)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.DataSourceData = data
	resp.ResourceData = data
}

func (p *tagpolicyProvider) configure(ctx context.Context, m providerModel) (*providerData, diag.Diagnostics) {
	var diags diag.Diagnostics
	classifier, err := tagpolicy.NewClassifier(stringsOf(ctx, m.RollingTags, &diags)).WithCodenames(codenamesOf(ctx, m.Codenames, &diags))
	if err != nil {
		diags.AddAttributeError(path.Root("codenames"), "Invalid Codename", err.Error()+".")
	}
	lookupLimit := defaultVersionLookupLimit
	if !m.VersionLookupLimit.IsNull() {
		lookupLimit = int(m.VersionLookupLimit.ValueInt64())
	}
	policy := tagpolicy.Policy{
		AllowedRegistries: stringsOf(ctx, m.AllowedRegistries, &diags),
		EnforceScheme:     m.EnforceNamingScheme.ValueBool(),
		Classifier:        classifier,
	}
	for _, c := range stringsOf(ctx, m.AllowedClasses, &diags) {
		policy.AllowedClasses = append(policy.AllowedClasses, tagpolicy.Class(c))
	}
	schemeText := tagpolicy.DefaultScheme
	if !m.NamingScheme.IsNull() {
		schemeText = m.NamingScheme.ValueString()
	}
	scheme, err := tagpolicy.ParseScheme(schemeText)
	if err != nil {
		diags.AddAttributeError(path.Root("naming_scheme"), "Invalid Naming Scheme", err.Error())
	}
	policy.Scheme = scheme

	opts, optDiags := p.clientOptions(ctx, m)
	diags.Append(optDiags...)
	if diags.HasError() {
		return nil, diags
	}
	client, err := registry.New(opts...)
	if err != nil {
		diags.AddError("Registry Client Not Configured", fmt.Sprintf("The registry client could not be set up: %s.", err))
		return nil, diags
	}
	return &providerData{
		client:     client,
		policy:     policy,
		classifier: classifier,
		warnOnly:   m.PolicyEnforcement.ValueString() == enforcementWarn,
		keepPin:    m.OnRegistryError.ValueString() == onRegistryErrorKeepPin,

		versionLookupLimit: lookupLimit,
	}, diags
}

// clientOptions turns the transport and credential attributes into registry client options.
func (p *tagpolicyProvider) clientOptions(ctx context.Context, m providerModel) ([]registry.Option, diag.Diagnostics) {
	var diags diag.Diagnostics
	opts := []registry.Option{
		registry.WithUserAgent("terraform-provider-tagpolicy/" + p.version),
		registry.WithMaxRetries(defaultMaxRetries),
		// TF_LOG=TRACE shows every registry request (method, URL without
		// secrets, status, duration); the client never logs a credential.
		registry.WithLogger(func(ctx context.Context, msg string, fields map[string]any) {
			tflog.Trace(ctx, msg, fields)
		}),
	}
	d := defaultRequestTimeout
	if timeout := m.RequestTimeout.ValueString(); !m.RequestTimeout.IsNull() {
		var err error
		if d, err = time.ParseDuration(timeout); err != nil || d <= 0 {
			diags.AddAttributeError(path.Root("request_timeout"), "Invalid Duration",
				fmt.Sprintf("request_timeout must be a positive duration such as \"30s\", got %q.", timeout))
		}
	}
	opts = append(opts, registry.WithTimeout(d))
	if !m.MaxRetries.IsNull() {
		opts = append(opts, registry.WithMaxRetries(int(m.MaxRetries.ValueInt64())))
	}
	if insecure := stringsOf(ctx, m.InsecureRegistries, &diags); len(insecure) > 0 {
		opts = append(opts, registry.WithInsecureRegistries(insecure...))
	}
	if !m.CACertificates.IsNull() {
		opts = append(opts, registry.WithCACertificates([]byte(m.CACertificates.ValueString())))
	}
	for i, a := range m.RegistryAuth {
		switch {
		case !a.ConfigFile.IsNull():
			if _, err := os.Stat(a.ConfigFile.ValueString()); err != nil {
				diags.AddAttributeError(path.Root("registry_auth").AtListIndex(i).AtName("config_file"), "Unreadable Docker Config File",
					fmt.Sprintf("The config_file for registry %s cannot be read: %s. Give the path of a Docker config.json that exists, or use username and password.",
						a.Address.ValueString(), err))
				continue
			}
			opts = append(opts, registry.WithConfigFile(a.Address.ValueString(), a.ConfigFile.ValueString()))
		default:
			opts = append(opts, registry.WithCredentials(a.Address.ValueString(), a.Username.ValueString(), a.Password.ValueString()))
		}
	}
	return opts, diags
}

// stringsOf reads a list or set of strings; null gives nil.
func stringsOf(ctx context.Context, v interface {
	IsNull() bool
	ElementsAs(context.Context, any, bool) diag.Diagnostics
}, diags *diag.Diagnostics) []string {
	if v.IsNull() {
		return nil
	}
	var out []string
	diags.Append(v.ElementsAs(ctx, &out, false)...)
	return out
}

// codenamesOf reads the codenames map; null gives nil.
func codenamesOf(ctx context.Context, v types.Map, diags *diag.Diagnostics) map[string]string {
	if v.IsNull() {
		return nil
	}
	out := map[string]string{}
	diags.Append(v.ElementsAs(ctx, &out, false)...)
	return out
}
