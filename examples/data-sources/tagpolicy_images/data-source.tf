# Every template's images, resolved in one call: one HEAD per unique reference, all at once, rather
# than one data source per image at -parallelism blocks at a time.
variable "template_images" {
  type = map(string)
  default = {
    golang = "registry.acme.internal:5000/acme/platform/golang:v1"
    node   = "registry.acme.internal:5000/acme/frontend/node:20-bookworm-slim"
    python = "registry.acme.internal:5000/acme/data/python:3.12-slim"
  }
}

data "tagpolicy_images" "catalog" {
  images   = { for name, ref in var.template_images : name => { image = ref } }
  platform = "linux/amd64"
}

# Each entry is the object tagpolicy_image returns: pull every image by its pinned digest.
resource "docker_image" "template" {
  for_each = data.tagpolicy_images.catalog.images

  name         = each.value.pinned_ref
  keep_locally = true
}

output "versions" {
  value = { for name, img in data.tagpolicy_images.catalog.images : name => img.version } # { golang = "1", … }
}
