package e2e

import "testing"

// The provider functions work offline through a real Terraform (1.8+).
func testFunctions(t *testing.T, e *env) {
	w := e.newWorkdir(t, map[string]string{"main.tf": config("", `output "class" {
  value = provider::tagpolicy::classify_tag("20.04")
}

output "compare" {
  value = {
    patch        = provider::tagpolicy::compare_tags("v1.3.0", "v1.3.1")
    minor        = provider::tagpolicy::compare_tags("20.04", "20.10")
    rollback     = provider::tagpolicy::compare_tags("v2", "v1")
    incompatible = provider::tagpolicy::compare_tags("1.3-alpine", "1.4")
  }
}

output "reference" {
  value = provider::tagpolicy::parse_reference("registry.acme.internal:5000/acme/platform/golang:v1")
}
`)})
	w.init()
	w.mustApply()
	s := w.showState()
	if got := s.output(t, "class"); got != "minor" {
		t.Errorf("classify_tag(20.04) = %v, want minor", got)
	}
	cmp, _ := s.output(t, "compare").(map[string]any)
	for want := range map[string]bool{"patch": true, "minor": true, "rollback": true, "incompatible": true} {
		if cmp[want] != want {
			t.Errorf("compare_tags for %s: %v", want, cmp[want])
		}
	}
	ref, _ := s.output(t, "reference").(map[string]any)
	for k, want := range map[string]string{"registry": "registry.acme.internal:5000", "repository": "acme/platform/golang", "tag": "v1", "class": "major"} {
		if ref[k] != want {
			t.Errorf("parse_reference(...).%s = %v, want %s", k, ref[k], want)
		}
	}
}
