# Import a pin: the resource follows the tag and keeps the digest, so the next plan is empty unless
# the tag has moved since.
terraform import tagpolicy_pinned_image.workspace 'registry.acme.internal:5000/acme/platform/golang:v1@sha256:3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a'

# A bare tag is resolved at import and pinned to what it points to now.
terraform import tagpolicy_pinned_image.workspace 'registry.acme.internal:5000/acme/platform/golang:v1'
