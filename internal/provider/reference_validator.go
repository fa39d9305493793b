package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/tagpolicy"
)

// imageReference validates an image reference at `terraform validate`, before any request,
// and reports it on the attribute that holds it.
func imageReference() validator.String { return referenceValidator{} }

type referenceValidator struct{}

func (referenceValidator) Description(context.Context) string {
	return "must be an image reference: [registry[:port]/]repository[:tag][@sha256:digest]"
}

func (v referenceValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (referenceValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	ref := req.ConfigValue.ValueString()
	if _, err := tagpolicy.ParseReference(ref); err != nil {
		addInvalidReference(&resp.Diagnostics, req.Path, ref, err)
	}
}

// platformValidators check os/architecture[/variant] with the one platform grammar,
// tagpolicy.ParsePlatform, which the registry client and the import ID use too.
func platformValidators() []validator.String {
	return []validator.String{
		checkString("Invalid Platform", tagpolicy.CheckPlatform, "must be os/architecture[/variant], for example \"linux/amd64\" or \"linux/arm64/v8\""),
	}
}
