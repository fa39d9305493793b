package tagpolicy

// CheckRegistry applies allowed_registries alone. A repository (as the tagpolicy_tags data source
// lists) has no tag to classify or match against a scheme, so only where it lives is policy.
func (p Policy) CheckRegistry(ref Reference) []Violation {
	if v, ok := p.checkRegistry(ref); !ok {
		return []Violation{v}
	}
	return nil
}
