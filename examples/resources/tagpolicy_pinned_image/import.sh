# Import a pin: the resource follows the tag and keeps the digest, so the next plan is empty unless
# the tag has moved since. Provider policy is checked first, and the registry must hold the digest.
terraform import tagpolicy_pinned_image.workspace 'registry.acme.internal:5000/acme/platform/golang:v1@sha256:3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a'

# A platform pin: the digest is that platform's manifest (as pinned_ref shows it), and the
# configuration sets platform = "linux/amd64".
terraform import tagpolicy_pinned_image.workspace 'registry.acme.internal:5000/acme/platform/golang:v1@sha256:3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a,linux/amd64'

# A bare tag is resolved at import and pinned to what it points to now.
terraform import tagpolicy_pinned_image.workspace 'registry.acme.internal:5000/acme/platform/golang:v1'
