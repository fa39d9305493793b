package provider

import "github.com/hashicorp/terraform-plugin-framework/function"

// functions lists the provider functions; each lives in its own *_function.go file.
func functions() []func() function.Function {
	return []func() function.Function{newParseReferenceFunction, newClassifyTagFunction, newCompareTagsFunction}
}
