package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// unknownConfigPaths finds every part of the provider configuration that Terraform does not know
// yet (an attribute, a list element, a credential from another resource's output), outermost first.
// The model cannot hold an unknown block or element, so this runs on the raw value, before Get.
func unknownConfigPaths(raw tftypes.Value) []path.Path {
	var out []path.Path
	_ = tftypes.Walk(raw, func(ap *tftypes.AttributePath, v tftypes.Value) (bool, error) {
		if v.IsKnown() {
			return true, nil
		}
		out = append(out, frameworkPath(ap))
		return false, nil // one diagnostic for an unknown block, not one per attribute inside it
	})
	return out
}

// frameworkPath converts a protocol path to the framework's, stopping at a set element, which has
// no path a diagnostic could show better than its set's.
func frameworkPath(ap *tftypes.AttributePath) path.Path {
	p := path.Empty()
	for _, step := range ap.Steps() {
		switch s := step.(type) {
		case tftypes.AttributeName:
			p = p.AtName(string(s))
		case tftypes.ElementKeyInt:
			p = p.AtListIndex(int(s))
		case tftypes.ElementKeyString:
			p = p.AtMapKey(string(s))
		default:
			return p
		}
	}
	return p
}

// addUnknownConfig explains, on each attribute at fault, why the provider needs it known now.
func addUnknownConfig(diags *diag.Diagnostics, paths []path.Path) {
	for _, p := range paths {
		diags.AddAttributeError(p, "Provider Configuration Not Yet Known",
			fmt.Sprintf("%s depends on a value Terraform only knows after apply. The tagpolicy provider applies its policy "+
				"(allowed_registries, allowed_classes, the naming scheme) and its credentials before it sends any request, so "+
				"it needs every attribute now: set it from variables or locals, or apply the resources it depends on first "+
				"(terraform apply -target=…).", p))
	}
}
