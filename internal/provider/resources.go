package provider

import "github.com/hashicorp/terraform-plugin-framework/resource"

// resources lists the resources; each lives in its own *_resource.go file.
func resources() []func() resource.Resource {
	return []func() resource.Resource{newPinnedImageResource}
}
