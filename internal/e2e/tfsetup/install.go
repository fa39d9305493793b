package tfsetup

import (
	"fmt"
	"path/filepath"
)

// Provider is one provider executable to install, as NAMESPACE/TYPE at VERSION.
type Provider struct {
	Bin, Namespace, Type, Version string
}

// Tagpolicy is this provider's binary (from BuildProvider) as the registry serves it.
func Tagpolicy(bin, version string) Provider {
	return Provider{Bin: bin, Namespace: "tagpolicy", Type: ProviderType, Version: version}
}

// Install is the one way the demo, the benchmark and the end-to-end suite install providers: it
// lays each out in a filesystem mirror under dir/mirror, served as from every hostname (Terraform's
// registry, OpenTofu's, or both), and writes dir/cli.tfrc, a CLI configuration that installs them
// from that mirror only, as `terraform init` would from the registry. It returns the path of that
// file, for TF_CLI_CONFIG_FILE.
func Install(dir string, hostnames []string, providers ...Provider) (string, error) {
	mirror := Mirror{Dir: filepath.Join(dir, "mirror")}
	var addrs []string
	for _, p := range providers {
		more, err := mirror.Add(p.Bin, p.Namespace, p.Type, p.Version, hostnames...)
		if err != nil {
			return "", err
		}
		addrs = append(addrs, more...)
	}
	if len(addrs) == 0 {
		return "", fmt.Errorf("install: no provider to install under %s", dir)
	}
	cli := filepath.Join(dir, "cli.tfrc")
	return cli, WriteCLIConfig(cli, mirror.Dir, addrs)
}
