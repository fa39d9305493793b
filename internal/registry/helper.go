package registry

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/docker/cli/cli/config/configfile"
	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
)

// Docker credential helpers (credHelpers, credsStore) are programs, and a
// program can hang or print its secret and fail. The Docker libraries run
// them without a context, so one that hangs hangs the plan past Ctrl-C,
// and quote their output in errors. The client runs them itself: under
// request_timeout and the lookup's context (killed when either ends), with
// their output read for the credentials only. A failure says which helper
// failed and its exit status, never what it printed.

// maxHelperOutput bounds what a helper may print: credentials are short.
const maxHelperOutput = 64 << 10

// helperError is a credential helper that failed; its text never holds the
// helper's output.
type helperError struct {
	helper  string
	exit    int
	timeout time.Duration // set when it did not answer in time
}

func (e *helperError) Error() string {
	if e.timeout > 0 {
		return fmt.Sprintf("credential helper %s did not answer within %s and was stopped", e.helper, e.timeout)
	}
	return fmt.Sprintf("credential helper %s failed (exit %d)", e.helper, e.exit)
}

func (e *helperError) Timeout() bool { return e.timeout > 0 }

// helperFor names the credential helper the config file uses for host, ""
// for none: a credHelpers entry for it, else the credsStore.
func helperFor(cf *configfile.ConfigFile, host string) string {
	for k, h := range cf.CredentialHelpers {
		if key, err := registryKey(k); err == nil && key == host && h != "" {
			return h
		}
	}
	return cf.CredentialsStore
}

// authKey is the server URL Docker stores a registry's credentials under.
func authKey(host string) string {
	if host == name.DefaultRegistry {
		return authn.DefaultAuthKey
	}
	return host
}

// runHelper asks docker-credential-HELPER for serverURL's credentials. A
// helper that knows none ("credentials not found", as every Docker helper
// says it) gives the zero AuthConfig.
func runHelper(ctx context.Context, timeout time.Duration, helper, serverURL string) (authn.AuthConfig, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "docker-credential-"+helper, "get")
	cmd.Stdin = strings.NewReader(serverURL)
	out := &capped{max: maxHelperOutput}
	cmd.Stdout = out
	cmd.WaitDelay = time.Second // a child holding stdout open does not hold us
	ownProcessGroup(cmd)
	err := cmd.Run()
	if ctx.Err() != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return authn.AuthConfig{}, &helperError{helper: helper, timeout: timeout}
		}
		return authn.AuthConfig{}, ctx.Err()
	}
	if err != nil {
		if bytes.Contains(out.Bytes(), []byte("credentials not found")) {
			return authn.AuthConfig{}, nil
		}
		exit := -1
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			exit = ee.ExitCode()
		}
		return authn.AuthConfig{}, &helperError{helper: helper, exit: exit}
	}
	var creds struct {
		Username string
		Secret   string
	}
	if json.Unmarshal(out.Bytes(), &creds) != nil {
		return authn.AuthConfig{}, fmt.Errorf("credential helper %s printed something other than credentials", helper)
	}
	if creds.Username == "<token>" {
		return authn.AuthConfig{IdentityToken: creds.Secret}, nil
	}
	return authn.AuthConfig{Username: creds.Username, Password: creds.Secret}, nil
}

// capped is a buffer that keeps the first max bytes written to it and
// discards the rest, so that a helper printing without end costs nothing.
type capped struct {
	bytes.Buffer
	max int
}

func (c *capped) Write(p []byte) (int, error) {
	if room := c.max - c.Len(); room > 0 {
		c.Buffer.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

// dockerConfig reads the Docker config the default keychain reads
// (DOCKER_CONFIG, else ~/.docker), nil when there is none.
func dockerConfig() *configfile.ConfigFile {
	dir := os.Getenv("DOCKER_CONFIG")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return nil
		}
		dir = filepath.Join(home, ".docker")
	}
	cf, err := loadConfigFile(filepath.Join(dir, "config.json"))
	if err != nil {
		return nil
	}
	return cf
}
