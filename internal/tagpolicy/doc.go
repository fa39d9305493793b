// Package tagpolicy holds Coder's image-tag rules and nothing else: how an image reference is read,
// which class its tag belongs to, how two version tags compare, when a pinned image is due for a
// rebuild, whether a reference follows the naming scheme, and whether it is allowed by the policy.
//
// The package is pure on purpose. It makes no network request and knows no Terraform type, so every
// rule can be tested with a table and reused by the data sources, the resource and the provider
// functions alike. The rebuild rules themselves are in rules.go; read that file first.
package tagpolicy
