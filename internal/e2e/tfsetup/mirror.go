package tfsetup

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
)

// Registry hostnames: Terraform resolves `source = "tagpolicy/tagpolicy"` on the first,
// OpenTofu on the second, so a mirror serving both tools holds the provider under each.
const (
	TerraformRegistry = "registry.terraform.io"
	OpenTofuRegistry  = "registry.opentofu.org"
)

// Mirror is a filesystem_mirror directory in the unpacked layout:
// HOSTNAME/NAMESPACE/TYPE/VERSION/OS_ARCH/terraform-provider-TYPE_vVERSION.
type Mirror struct {
	Dir string
}

// Platform is the OS_ARCH directory name for the running machine.
func Platform() string { return runtime.GOOS + "_" + runtime.GOARCH }

// Add copies the executable bin into the mirror as namespace/typ at version, under each
// hostname, and returns the addresses (HOSTNAME/NAMESPACE/TYPE) it now serves.
func (m Mirror) Add(bin, namespace, typ, version string, hostnames ...string) ([]string, error) {
	var addrs []string
	for _, host := range hostnames {
		dir := filepath.Join(m.Dir, host, namespace, typ, version, Platform())
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		dst := filepath.Join(dir, "terraform-provider-"+typ+"_v"+version)
		if err := copyExecutable(bin, dst); err != nil {
			return nil, fmt.Errorf("mirror %s/%s/%s: %w", host, namespace, typ, err)
		}
		addrs = append(addrs, host+"/"+namespace+"/"+typ)
	}
	return addrs, nil
}

func copyExecutable(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer func() { _ = in.Close() }() // read-only: nothing to lose
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o755)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	return errors.Join(err, out.Close())
}
