// Command terraform-provider-tagpolicy serves the tagpolicy provider to Terraform and OpenTofu.
package main

import (
	"context"
	"flag"
	"log"
	"os"

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
	if !debug {
		quietUnlessLogging()
	}

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address:         address,
		Debug:           debug,
		ProtocolVersion: 6,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}

// logVariables are the variables with which a user asks Terraform for provider logs.
var logVariables = []string{
	"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_TAGPOLICY",
	"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK",
}

// quietUnlessLogging turns the plugin SDK's logging off when nobody asked for logs. Without a
// level set, the SDK logs every RPC at TRACE, JSON-encoded, and Terraform, which only keeps provider
// logs under TF_LOG or TF_LOG_PROVIDER, throws every line away: in a 500-image plan that was a fifth
// of the provider's CPU. Any of logVariables set leaves logging exactly as the SDK would have it.
func quietUnlessLogging() {
	for _, v := range logVariables {
		if os.Getenv(v) != "" {
			return
		}
	}
	_ = os.Setenv("TF_LOG_SDK", "OFF")
}
