package tfsetup

import (
	"fmt"
	"os"
	"strings"
)

// WriteCLIConfig writes a CLI configuration file (for TF_CLI_CONFIG_FILE) that installs the
// providers at addrs from the mirror only and everything else directly, as an air-gapped
// organisation would set it up. Direct installation is never reached in the tests: their
// configurations require nothing but mirrored providers and terraform_data.
func WriteCLIConfig(path, mirrorDir string, addrs []string) error {
	list := `"` + strings.Join(addrs, `", "`) + `"`
	cfg := fmt.Sprintf(`# Written by internal/e2e/tfsetup.
disable_checkpoint = true

provider_installation {
  filesystem_mirror {
    path    = %q
    include = [%s]
  }
  direct {
    exclude = [%s]
  }
}
`, mirrorDir, list, list)
	return os.WriteFile(path, []byte(cfg), 0o644)
}
