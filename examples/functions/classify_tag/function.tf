# Refuse rolling tags in a module input, offline.
variable "image_tag" {
  type    = string
  default = "20.04"

  validation {
    condition     = provider::tagpolicy::classify_tag(var.image_tag) != "rolling"
    error_message = "Pin a version tag (such as 20.04 or v1), not a rolling tag like latest."
  }
}

output "class" {
  value = provider::tagpolicy::classify_tag(var.image_tag) # "minor"
}
