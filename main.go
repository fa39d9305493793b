// Command terraform-provider-tagpolicy serves the tagpolicy provider to Terraform and OpenTofu.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/provider"
)

// version is set at release time by goreleaser through -ldflags "-X main.version=…".
var version = "dev"

// address is where the Terraform registry publishes the provider.
const address = "registry.terraform.io/tagpolicy/tagpolicy"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "start the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address:         address,
		Debug:           debug,
		ProtocolVersion: 6,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
