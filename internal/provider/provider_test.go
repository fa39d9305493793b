package provider

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// testAccProtoV6ProviderFactories starts the provider in-process for every acceptance test.
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"tagpolicy": providerserver.NewProtocol6WithError(New("test")()),
}

// testAccPreCheck makes sure the tests run a Terraform CLI that is on this machine: without
// TF_ACC_TERRAFORM_PATH, terraform-plugin-testing would try to download one, and there is no
// internet here. `make test` builds and exports it.
func testAccPreCheck(t *testing.T) {
	t.Helper()
	p := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if p == "" || !filepath.IsAbs(p) {
		t.Fatal("TF_ACC_TERRAFORM_PATH must be the absolute path of a Terraform CLI; run the tests with `make test`, which builds one")
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("TF_ACC_TERRAFORM_PATH: %v", err)
	}
}

// accCase is the acceptance test case of every test wrapper: the provider under test, served in
// process, against the Terraform CLI TF_ACC_TERRAFORM_PATH names.
func accCase(t *testing.T, steps []resource.TestStep) resource.TestCase {
	return resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    steps,
	}
}
