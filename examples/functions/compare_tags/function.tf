# What kind of move is it from one tag to another? Offline.
output "ubuntu_upgrade" {
  value = provider::tagpolicy::compare_tags("20.04", "22.04") # "major"
}

output "alpine_to_debian" {
  value = provider::tagpolicy::compare_tags("1.22-alpine", "1.23") # "incompatible": another line
}
