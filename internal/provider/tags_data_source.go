package provider

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/tagpolicy"
)

var _ datasource.DataSourceWithConfigure = (*tagsDataSource)(nil)

func newTagsDataSource() datasource.DataSource { return &tagsDataSource{} }

type tagsDataSource struct{ data *providerData }

type tagsDataSourceModel struct {
	Repository types.String `tfsdk:"repository"`
	Track      types.String `tfsdk:"track"`
	Pattern    types.String `tfsdk:"pattern"`
	Exclude    types.List   `tfsdk:"exclude"`
	Prerelease types.Bool   `tfsdk:"include_prereleases"`
	Tags       types.List   `tfsdk:"tags"`
	Newest     types.String `tfsdk:"newest"`
	Newer      types.List   `tfsdk:"newer"`
}

var tagObjectType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"name": types.StringType, "class": types.StringType, "version": types.StringType, "suffix": types.StringType,
	"prerelease": types.StringType, "build": types.StringType,
}}

func (d *tagsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_tags"
}

func (d *tagsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists a repository's tags, classified and in version order, following the registry's " +
			"pagination to the end. With `track`, reports which tags of the same line are newer, so a template " +
			"author sees that `20.04` has `24.04` and `22.04` ahead of it without ever moving to them automatically.",
		Attributes: map[string]schema.Attribute{
			"repository": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The repository, `[registry[:port]/]path`, without tag or digest (`ubuntu` means " +
					"`index.docker.io/library/ubuntu`). `allowed_registries` applies to it.",
				Validators: []validator.String{repositoryReference()},
			},
			"track": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "A tag to compare against, such as `20.04`, `v1-alpine`, `jammy` or `lts-alpine`: " +
					"`newest` is then the newest release tag with its suffix (among codenames for a codename track), " +
					"and `newer` lists the newer tags of its line: its suffix and precision, codenames for a codename.",
				Validators: []validator.String{tagValidator()},
			},
			"pattern": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "A regular expression (RE2 syntax) that tags must match to be listed, e.g. `^v[0-9]+`. " +
					"It filters `tags`, `newest` and `newer` alike. Signature and attestation tags (`sha256-<hex>`, " +
					"`….sig`, `….att`, `….sbom`) are left out unless a `pattern` is given that matches them.",
				Validators: []validator.String{regexCheck()},
			},
			"exclude": schema.ListAttribute{
				ElementType: types.StringType,
				Optional:    true,
				MarkdownDescription: "Regular expressions (RE2 syntax); a tag matching any of them is left out of `tags`, " +
					"`newest` and `newer`, e.g. `[\"-windowsservercore\", \"^nightly-\"]`. Applied after `pattern`.",
				Validators: []validator.List{listvalidator.ValueStringsAre(regexCheck())},
			},
			"include_prereleases": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Whether `newest` and `newer` may be prereleases (`3.15.0a2`, `1.2.3-rc.1`). " +
					"Defaults to `false`: they are releases only. `tags` lists prereleases either way.",
			},
			"tags": schema.ListNestedAttribute{
				Computed: true,
				MarkdownDescription: "The tags: version tags newest first (by version, then by precision), then the " +
					"others by name.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name":    computedString("The tag."),
					"class":   computedString("Its class: `rolling`, `major`, `minor`, `patch` or `other`."),
					"version": computedString("Its version without `v` and suffix; null for tags that are not versions."),
					"suffix":  computedString("Its compatibility suffix (`debian-12` for `12.6.0-debian-12-r5`, `alpine` for `lts-alpine`); null when there is none."),
					"prerelease": computedString("Its prerelease (`a2` for `3.15.0a2`, `rc.1` for `1.2.3-rc.1`); null for a release " +
						"or a tag that is no version."),
					"build": computedString("The build it names (`r5` for `12.6.0-debian-12-r5`, `1214.1717558146` for " +
						"`9.4-1214.1717558146`, `20240605` for `noble-20240605`); null when it names none."),
				}},
			},
			"newest": computedString("The newest release version tag (with the suffix of `track` when given, and a " +
				"codename when `track` is one): never a prerelease unless `include_prereleases` is set, never a date, " +
				"SHA or other tag. Null when there is none."),
			"newer": schema.ListAttribute{
				ElementType: types.StringType,
				Computed:    true,
				MarkdownDescription: "With `track`: the tags of the same suffix and precision that are newer, newest first " +
					"(for `20.04`: `[\"24.04\", \"22.04\", …]`; for `jammy`, the newer Ubuntu codenames such as `noble`). " +
					"Releases only unless `include_prereleases` is set. Null without `track`.",
			},
		},
	}
}

func (d *tagsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = dataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *tagsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m tagsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || d.data == nil {
		return
	}
	repoPath := path.Root("repository")
	ref, ok := d.data.parseAllowed(&resp.Diagnostics, repoPath, m.Repository.ValueString(), true)
	if !ok {
		return
	}
	names, err := d.data.client.ListTags(ctx, ref.Name())
	if err != nil {
		addRegistryError(&resp.Diagnostics, repoPath, err)
		return
	}
	names, ok = d.filter(ctx, m, names, &resp.Diagnostics)
	if !ok {
		return
	}
	prereleases := m.Prerelease.ValueBool()

	track := m.Track.ValueString()
	infos := tagpolicy.SortTags(names, d.data.classifier)
	// Built by hand, not with ListValueFrom: a repository may hold a hundred thousand tags, and the
	// framework reflects (and compiles a pattern per field of) every struct element it converts.
	elems := make([]attr.Value, 0, len(infos))
	for _, t := range infos {
		obj, diags := types.ObjectValue(tagObjectType.AttrTypes, map[string]attr.Value{
			"name": types.StringValue(t.Name), "class": types.StringValue(string(t.Class)),
			"version": nullIfEmpty(t.Version), "suffix": nullIfEmpty(t.Suffix),
			"prerelease": nullIfEmpty(t.Prerelease), "build": nullIfEmpty(t.Build),
		})
		resp.Diagnostics.Append(diags...)
		elems = append(elems, obj)
	}
	tags, diags := types.ListValue(tagObjectType, elems)
	resp.Diagnostics.Append(diags...)
	m.Tags = tags
	m.Newest = nullIfEmpty(tagpolicy.Newest(names, track, d.data.classifier, prereleases))
	m.Newer = types.ListNull(types.StringType)
	if track != "" {
		newer, diags := types.ListValueFrom(ctx, types.StringType, nonNil(tagpolicy.Newer(names, track, d.data.classifier, prereleases)))
		resp.Diagnostics.Append(diags...)
		m.Newer = newer
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// filter applies pattern, exclude and the signature-tag rule. The expressions were validated at
// validate time, but a value that was unknown then arrives here unchecked.
func (d *tagsDataSource) filter(ctx context.Context, m tagsDataSourceModel, names []string, diags *diag.Diagnostics) ([]string, bool) {
	var include *regexp.Regexp
	if !m.Pattern.IsNull() {
		re, err := regexp.Compile(m.Pattern.ValueString())
		if err != nil {
			diags.AddAttributeError(path.Root("pattern"), "Invalid Pattern",
				fmt.Sprintf("pattern must be a regular expression in RE2 syntax: %s.", err))
			return nil, false
		}
		include = re
	}
	var excludes []*regexp.Regexp
	for i, s := range stringsOf(ctx, m.Exclude, diags) {
		re, err := regexp.Compile(s)
		if err != nil {
			diags.AddAttributeError(path.Root("exclude").AtListIndex(i), "Invalid Pattern",
				fmt.Sprintf("exclude must hold regular expressions in RE2 syntax: %s.", err))
			return nil, false
		}
		excludes = append(excludes, re)
	}
	out := make([]string, 0, len(names))
	for _, n := range names {
		if include == nil && tagpolicy.IsSignatureTag(n) || include != nil && !include.MatchString(n) || matchesAny(excludes, n) {
			continue
		}
		out = append(out, n)
	}
	return out, true
}

func matchesAny(res []*regexp.Regexp, s string) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

// regexCheck validates a regular expression in RE2 syntax.
func regexCheck() validator.String {
	return checkString("Invalid Pattern", func(s string) error {
		_, err := regexp.Compile(s)
		return err
	}, "must be a regular expression in RE2 syntax")
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// repositoryReference validates a repository: a reference without tag or digest.
func repositoryReference() validator.String {
	return checkString("Invalid Repository", func(s string) error {
		ref, err := tagpolicy.ParseReference(s)
		if err != nil {
			return err
		}
		if hasExplicitTag(s) {
			return fmt.Errorf("%q names a tag or digest; give the repository alone, e.g. %q", s, ref.Name())
		}
		return nil
	}, "must be a repository, [registry[:port]/]path, without tag or digest")
}

// hasExplicitTag reports a ":tag" after the last "/" (a ":" before it belongs to a registry port).
func hasExplicitTag(s string) bool {
	for i := len(s) - 1; i >= 0 && s[i] != '/'; i-- {
		if s[i] == ':' || s[i] == '@' {
			return true
		}
	}
	return false
}
