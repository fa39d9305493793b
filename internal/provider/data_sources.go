package provider

import "github.com/hashicorp/terraform-plugin-framework/datasource"

// dataSources lists the data sources; each lives in its own *_data_source.go file.
func dataSources() []func() datasource.DataSource {
	return []func() datasource.DataSource{newImageDataSource, newImagesDataSource, newTagsDataSource}
}
