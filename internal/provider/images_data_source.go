package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registry"
	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/tagpolicy"
)

var (
	_ datasource.DataSourceWithConfigure = (*imagesDataSource)(nil)
)

func newImagesDataSource() datasource.DataSource { return &imagesDataSource{} }

// imagesDataSource is tagpolicy_image for a whole catalog in one call. Separate blocks cost one
// round trip each and Terraform runs -parallelism of them at a time; one block resolves every
// unique reference at once, so a catalog plans in a few round trips.
type imagesDataSource struct {
	// one reads each entry exactly as tagpolicy_image reads its single image.
	one imageDataSource
}

type imagesDataSourceModel struct {
	Images   types.Map    `tfsdk:"images"`
	Platform types.String `tfsdk:"platform"`
}

func (d *imagesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_images"
}

func (d *imagesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Resolves a catalog of images in one call: every entry of `images` gets what the " +
			"`tagpolicy_image` data source returns. Every unique reference is looked up concurrently through the " +
			"provider's shared client (one `HEAD` per unique reference, one token per repository, at most 32 " +
			"requests in flight per registry), so 500 images plan in a few round trips rather than 500 / " +
			"`-parallelism`. Provider policy is checked for every entry before any request, and every failing " +
			"entry gets a diagnostic of its own naming its key.",
		Attributes: map[string]schema.Attribute{
			"images": schema.MapNestedAttribute{
				Required: true,
				MarkdownDescription: "The catalog: a map of names of your choosing to images. Set `image` in each " +
					"entry; the other attributes are what `tagpolicy_image` returns for it. Entries that name the " +
					"same reference share one lookup.",
				NestedObject: schema.NestedAttributeObject{Attributes: imageAttributes(schema.StringAttribute{
					Required: true,
					MarkdownDescription: "The image reference, `[registry[:port]/]repository[:tag][@sha256:digest]`. " +
						"Without a registry it means Docker Hub; without a tag, `latest`.",
					Validators: []validator.String{entryReference{}},
				}, schema.StringAttribute{
					Computed:            true,
					MarkdownDescription: "The data source's `platform`, which this entry was resolved for; null when unset.",
				})},
			},
			"platform": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "A platform, `os/architecture[/variant]` (`linux/amd64`), for every entry. When " +
					"set, each image index is read and each entry's `platform_digest` and `pinned_ref` name that " +
					"platform's manifest.",
				Validators: platformValidators(),
			},
		},
	}
}

func (d *imagesDataSource) Configure(ctx context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.one.Configure(ctx, req, resp)
}

func (d *imagesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m imagesDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || d.one.data == nil {
		return
	}
	entries := map[string]imageDataSourceModel{}
	resp.Diagnostics.Append(m.Images.ElementsAs(ctx, &entries, false)...)
	if resp.Diagnostics.HasError() {
		return
	}
	refs, ok := d.check(entries, &resp.Diagnostics)
	if !ok {
		return
	}
	platform := m.Platform.ValueString()
	resolved := d.resolveAll(ctx, refs, platform)
	tflog.Debug(ctx, "tagpolicy_images resolved its catalog", map[string]any{
		"entries": len(entries), "unique_references": len(resolved), "platform": platform,
	})

	d.fill(ctx, entries, refs, resolved, m.Platform, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	images, diags := types.MapValueFrom(ctx, m.Images.ElementType(ctx), entries)
	resp.Diagnostics.Append(diags...)
	m.Images = images
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// fill gives every entry what tagpolicy_image would return for it, or its registry error under its key.
func (d *imagesDataSource) fill(ctx context.Context, entries map[string]imageDataSourceModel, refs map[string]tagpolicy.Reference,
	resolved map[string]resolution, platform types.String, diags *diag.Diagnostics) {
	for _, key := range slices.Sorted(maps.Keys(entries)) {
		e, ref := entries[key], refs[key]
		d.one.describe(ctx, &e, ref, diags)
		e.Platform = platform
		r := resolved[ref.String()]
		if r.err != nil {
			at := entryPath(key)
			if errorsIsPlatform(r.err) {
				at = path.Root("platform")
			}
			addEntryDiagnostics(diags, key, func(diags *diag.Diagnostics) { addRegistryError(diags, at, r.err) })
			continue
		}
		record(ctx, &e, ref, r.res, diags)
		entries[key] = e
	}
}

func entryPath(key string) path.Path {
	return path.Root("images").AtMapKey(key).AtName("image")
}

// check parses every entry and checks it against the provider's policy, reporting every failing
// entry under its key. It returns the references by key, and false when no request may be sent.
func (d *imagesDataSource) check(entries map[string]imageDataSourceModel, diags *diag.Diagnostics) (map[string]tagpolicy.Reference, bool) {
	refs := make(map[string]tagpolicy.Reference, len(entries))
	stop := false
	for _, key := range slices.Sorted(maps.Keys(entries)) { // diagnostics in a stable order
		e, at := entries[key], entryPath(key)
		ref, err := tagpolicy.ParseReference(e.Image.ValueString())
		if err != nil {
			addEntryDiagnostics(diags, key, func(diags *diag.Diagnostics) {
				addInvalidReference(diags, at, e.Image.ValueString(), err)
			})
			stop = true
			continue
		}
		refs[key] = ref
		addEntryDiagnostics(diags, key, func(diags *diag.Diagnostics) {
			if addPolicyViolations(diags, at, ref.String(), d.one.data.policy.Check(ref), d.one.data.warnOnly) {
				stop = true
			}
		})
	}
	return refs, !stop
}

// resolution is what the registry answered for one unique reference.
type resolution struct {
	res registry.Resolution
	err error
}

// resolveAll looks up every unique reference at once, keyed by the reference's canonical form. It
// starts them all: the shared client bounds what is in flight per registry host, shares one token
// per repository among the lookups, and keeps its connections alive, so asking for everything at
// once costs the round trips the client's cap allows and no more.
func (d *imagesDataSource) resolveAll(ctx context.Context, refs map[string]tagpolicy.Reference, platform string) map[string]resolution {
	unique := map[string]tagpolicy.Reference{}
	for _, ref := range refs {
		unique[ref.String()] = ref
	}
	out := make(map[string]resolution, len(unique))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for key, ref := range unique {
		wg.Go(func() {
			res, err := d.one.resolve(ctx, ref, platform)
			mu.Lock()
			defer mu.Unlock()
			out[key] = resolution{res: res, err: err}
		})
	}
	wg.Wait()
	return out
}

// addEntryDiagnostics runs add and files what it reports under the entry's key: a catalog of
// hundreds of images must say which entry failed, not only which reference.
func addEntryDiagnostics(diags *diag.Diagnostics, key string, add func(*diag.Diagnostics)) {
	var entry diag.Diagnostics
	add(&entry)
	diags.Append(prefixDetails(entry, fmt.Sprintf("images[%q]: ", key))...)
}

// entryReference is imageReference for a catalog entry, whose diagnostics name the entry's key:
// Terraform shows a nested attribute's error at the block, not at the entry.
type entryReference struct{ referenceValidator }

func (v entryReference) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	last, _ := req.Path.ParentPath().Steps().LastStep()
	key, ok := last.(path.PathStepElementKeyString)
	if !ok {
		v.referenceValidator.ValidateString(ctx, req, resp)
		return
	}
	addEntryDiagnostics(&resp.Diagnostics, string(key), func(diags *diag.Diagnostics) {
		var one validator.StringResponse
		v.referenceValidator.ValidateString(ctx, req, &one)
		diags.Append(one.Diagnostics...)
	})
}
