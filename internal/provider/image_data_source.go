package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registry"
	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/tagpolicy"
)

var (
	_ datasource.DataSourceWithConfigure = (*imageDataSource)(nil)
)

func newImageDataSource() datasource.DataSource { return &imageDataSource{} }

type imageDataSource struct{ data *providerData }

type imageDataSourceModel struct {
	Image          types.String `tfsdk:"image"`
	Platform       types.String `tfsdk:"platform"`
	Digest         types.String `tfsdk:"digest"`
	PlatformDigest types.String `tfsdk:"platform_digest"`
	PinnedRef      types.String `tfsdk:"pinned_ref"`
	Registry       types.String `tfsdk:"registry"`
	Repository     types.String `tfsdk:"repository"`
	Tag            types.String `tfsdk:"tag"`
	Class          types.String `tfsdk:"class"`
	Version        types.String `tfsdk:"version"`
	Suffix         types.String `tfsdk:"suffix"`
	Prerelease     types.String `tfsdk:"prerelease"`
	Build          types.String `tfsdk:"build"`
	Scheme         types.Map    `tfsdk:"scheme"`
	SchemeMatch    types.Bool   `tfsdk:"scheme_match"`
	MediaType      types.String `tfsdk:"media_type"`
	Platforms      types.List   `tfsdk:"platforms"`
}

var platformObjectType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"os": types.StringType, "architecture": types.StringType, "variant": types.StringType, "digest": types.StringType,
}}

func (d *imageDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_image"
}

func (d *imageDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Resolves an image tag to the digest it points to now, and reports its class, version " +
			"and naming-scheme fields. The lookup is one `HEAD` request (no pull); a digest reference makes no " +
			"request unless `platform` needs its index. Provider policy (`allowed_registries`, `allowed_classes`, " +
			"`enforce_naming_scheme`) is checked before any request.",
		Attributes: imageAttributes(schema.StringAttribute{
			Required: true,
			MarkdownDescription: "The image reference, `[registry[:port]/]repository[:tag][@sha256:digest]`. " +
				"Without a registry it means Docker Hub; without a tag, `latest`.",
			Validators: []validator.String{imageReference()},
		}, schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "A platform, `os/architecture[/variant]` (`linux/amd64`). When set, the image " +
				"index is read and `platform_digest` is that platform's manifest digest.",
			Validators: platformValidators(),
		}),
	}
}

// imageAttributes is the one list of what tagpolicy_image returns: its own schema, and the object
// each entry of tagpolicy_images is. image and platform are the inputs, as the caller declares them.
func imageAttributes(image, platform schema.StringAttribute) map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"image":           image,
		"platform":        platform,
		"digest":          computedString("The digest the reference points to: of the image index for a multi-platform image, else of the manifest."),
		"platform_digest": computedString("With `platform`: the digest of that platform's manifest. Otherwise null."),
		"pinned_ref": computedString("The reference pinned by digest, `host[:port]/repository:tag@sha256:…`, usable as a " +
			"container image. With `platform`, it pins that platform's manifest."),
		"registry":   computedString("The registry, `host[:port]` (`index.docker.io` for Docker Hub)."),
		"repository": computedString("The repository path inside the registry, e.g. `library/ubuntu`."),
		"tag":        computedString("The tag; `latest` when the reference gives neither tag nor digest. Null for a bare digest reference."),
		"class":      computedString("The tag's class: `rolling`, `major`, `minor`, `patch`, `digest` or `other`."),
		"version": computedString("The version the tag names, without `v`, suffix and build, with its prerelease " +
			"(`v1.3-alpine` gives `1.3`, `3.15.0a2` gives `3.15.0a2`); for a codename, the line it names (`jammy` " +
			"gives `22.04`). Null for tags that are not versions, such as `latest`, `main` or `20240606`."),
		"suffix": computedString("The compatibility suffix (`3.12-slim` gives `slim`, `12.6.0-debian-12-r5` gives " +
			"`debian-12`, `lts-alpine` gives `alpine`). Null when there is none."),
		"prerelease": computedString("The prerelease of a version tag (`3.15.0a2` gives `a2`, `1.2.3-rc.1` gives `rc.1`). " +
			"Null for a release."),
		"build": computedString("The build a version tag names (`12.6.0-debian-12-r5` gives `r5`, `17.0.9_9-jdk` gives " +
			"`9`, `noble-20240605` gives `20240605`). Null when it names none."),
		"scheme": schema.MapAttribute{
			ElementType: types.StringType,
			Computed:    true,
			MarkdownDescription: "Fields captured by the provider's `naming_scheme` (for the default scheme: `registry`, " +
				"`host`, `port`, `company`, `department`, `software`, `majorversion`). Empty when the reference does not match.",
		},
		"scheme_match": schema.BoolAttribute{
			Computed:            true,
			MarkdownDescription: "Whether the reference matches the provider's `naming_scheme`.",
		},
		"media_type": computedString("The media type of what the reference points to (an OCI or Docker index or manifest). " +
			"Null for a digest reference that needed no request."),
		"platforms": schema.ListNestedAttribute{
			Computed:            true,
			MarkdownDescription: "The platforms of an image index, when it was read (that is, when `platform` is set).",
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"os":           computedString("Operating system, e.g. `linux`."),
				"architecture": computedString("CPU architecture, e.g. `amd64`."),
				"variant":      computedString("CPU variant, e.g. `v8`; null when none."),
				"digest":       computedString("Digest of this platform's manifest."),
			}},
		},
	}
}

func computedString(description string) schema.StringAttribute {
	return schema.StringAttribute{Computed: true, MarkdownDescription: description}
}

func (d *imageDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = dataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *imageDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m imageDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || d.data == nil {
		return
	}
	ref, ok := d.data.parseAllowed(&resp.Diagnostics, imagePath, m.Image.ValueString(), false)
	if !ok {
		return
	}
	d.describe(ctx, &m, ref, &resp.Diagnostics)

	res, err := d.resolve(ctx, ref, m.Platform.ValueString())
	if err != nil {
		at := imagePath
		if errorsIsPlatform(err) {
			at = path.Root("platform")
		}
		addRegistryError(&resp.Diagnostics, at, err)
		return
	}
	record(ctx, &m, ref, res, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// record fills the attributes the registry answered: the digests, the pin and the platforms.
func record(ctx context.Context, m *imageDataSourceModel, ref tagpolicy.Reference, res registry.Resolution, diags *diag.Diagnostics) {
	m.Digest = types.StringValue(res.Digest)
	m.MediaType = nullIfEmpty(res.MediaType)
	m.PlatformDigest = nullIfEmpty(res.PlatformDigest)
	m.PinnedRef = types.StringValue(ref.PinnedRef(pinOf(res)))
	m.Platforms = platformsValue(ctx, res.Platforms, diags)
}

// resolve asks the shared client; a digest reference without a platform needs no request at all.
func (d *imageDataSource) resolve(ctx context.Context, ref tagpolicy.Reference, platform string) (registry.Resolution, error) {
	if ref.Digest != "" && platform == "" {
		return registry.Resolution{Reference: ref.String(), Digest: ref.Digest}, nil
	}
	return d.data.client.Resolve(ctx, ref.String(), platform)
}

// describe fills the offline attributes: what the reference says and how the rules read it.
func (d *imageDataSource) describe(ctx context.Context, m *imageDataSourceModel, ref tagpolicy.Reference, diags *diag.Diagnostics) {
	m.Registry = types.StringValue(ref.Registry)
	m.Repository = types.StringValue(ref.Repository)
	m.Tag = nullIfEmpty(ref.Tag)
	m.Class = types.StringValue(string(d.data.classifier.Classify(ref)))
	var info tagpolicy.TagInfo
	if ref.Tag != "" {
		info = d.data.classifier.ParseTag(ref.Tag)
	}
	m.Version, m.Suffix = nullIfEmpty(info.Version), nullIfEmpty(info.Suffix)
	m.Prerelease, m.Build = nullIfEmpty(info.Prerelease), nullIfEmpty(info.Build)
	fields, ok := d.data.policy.Scheme.Match(ref, d.data.classifier)
	if !ok {
		fields = map[string]string{}
	}
	scheme, sd := types.MapValueFrom(ctx, types.StringType, fields)
	diags.Append(sd...)
	m.Scheme = scheme
	m.SchemeMatch = types.BoolValue(ok)
}

// platformModel is one entry of platforms.
type platformModel struct {
	OS           types.String `tfsdk:"os"`
	Architecture types.String `tfsdk:"architecture"`
	Variant      types.String `tfsdk:"variant"`
	Digest       types.String `tfsdk:"digest"`
}

func platformsValue(ctx context.Context, platforms []registry.Platform, diags *diag.Diagnostics) types.List {
	if platforms == nil {
		return types.ListNull(platformObjectType)
	}
	entries := make([]platformModel, 0, len(platforms))
	for _, p := range platforms {
		entries = append(entries, platformModel{
			OS: types.StringValue(p.OS), Architecture: types.StringValue(p.Architecture),
			Variant: nullIfEmpty(p.Variant), Digest: types.StringValue(p.Digest),
		})
	}
	list, d := types.ListValueFrom(ctx, platformObjectType, entries)
	diags.Append(d...)
	return list
}

func nullIfEmpty(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}
