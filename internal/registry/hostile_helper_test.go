//go:build unix

package registry_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/authn"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registry"
	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registrytest"
)

// installHelper writes docker-credential-NAME, a shell script, into a fresh
// directory on PATH, and a Docker config naming it as credsStore; it
// returns the config's path (DOCKER_CONFIG points at its directory).
func installHelper(t *testing.T, name, script string) string {
	t.Helper()
	bin := t.TempDir()
	if err := os.WriteFile(filepath.Join(bin, "docker-credential-"+name), []byte("#!/bin/sh\n"+script), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	dir := t.TempDir()
	path := filepath.Join(dir, "config.json")
	if err := os.WriteFile(path, []byte(`{"credsStore":"`+name+`"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("DOCKER_CONFIG", dir)
	return path
}

// A credsStore helper sleeping 90 s once held a plan for 90 s with
// request_timeout 10s, and outlived Ctrl-C. It runs under request_timeout
// and is stopped with its children: the helper here is a shell script
// whose child does the sleeping, and that child is gone too.
func TestHangingCredentialHelperIsStopped(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "pid")
	path := installHelper(t, "hang", "sleep 90 &\necho $! > "+pidFile+".new && mv "+pidFile+".new "+pidFile+"\nwait\n")
	s := registrytest.New(t, registrytest.WithBasicAuth("u", "p"))
	push(t, s, ref(s, "acme/app:v1"))
	for _, tc := range []struct {
		name string
		opt  registry.Option
	}{
		{"default keychain", registry.WithKeychain(authn.DefaultKeychain)},
		{"config_file", registry.WithConfigFile(s.Host, path)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newClient(t, tc.opt, registry.WithTimeout(300*time.Millisecond))
			_, err := c.Resolve(context.Background(), ref(s, "acme/app:v1"), "")
			e := wantError(t, err, registry.ErrTimeout)
			if !strings.Contains(e.Error(), "credential helper hang") {
				t.Errorf("error %q does not name the helper", e)
			}
			wantGone(t, pidFile)
		})
	}
	t.Run("canceled", func(t *testing.T) {
		_ = os.Remove(pidFile)
		c := newClient(t, registry.WithKeychain(authn.DefaultKeychain))
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			_, err := c.Resolve(ctx, ref(s, "acme/app:v1"), "")
			done <- err
		}()
		waitFor(t, "the helper to start", func() bool { _, err := os.Stat(pidFile); return err == nil })
		cancel()
		err := receive(t, done, "Resolve to return")
		wantKind(t, err, registry.ErrCanceled)
		wantGone(t, pidFile)
	})
}

// wantGone fails unless the process whose PID the helper wrote ends (at
// once after a timeout; after a cancel, the lookup returns at once and the
// kill follows, so it is waited for under the watchdog).
func wantGone(t *testing.T, pidFile string) {
	t.Helper()
	b, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatalf("the helper never ran: %v", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 1 {
		t.Fatalf("the helper wrote no PID: %q", b)
	}
	waitFor(t, "the helper process to end", func() bool {
		return errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
	})
}

// A helper that prints the credentials and then exits non-zero once had
// its output quoted in the error, reaching plan output and TRACE logs.
func TestFailingCredentialHelperOutputNeverReachesTheError(t *testing.T) {
	const secret = "leaked-helper-secret"
	path := installHelper(t, "leak", `echo '{"ServerURL":"x","Username":"ci","Secret":"`+secret+`"}'`+"\necho '"+secret+"' >&2\nexit 3\n")
	s := registrytest.New(t, registrytest.WithBasicAuth("ci", secret))
	push(t, s, ref(s, "acme/app:v1"))
	var logged []string
	logger := func(_ context.Context, msg string, fields map[string]any) {
		logged = append(logged, msg+" "+strings.TrimSpace(strings.ReplaceAll(strings.Join(strings.Fields(stringify(fields)), " "), "\n", " ")))
	}
	for _, opt := range []registry.Option{registry.WithKeychain(authn.DefaultKeychain), registry.WithConfigFile(s.Host, path)} {
		c := newClient(t, opt, registry.WithLogger(logger))
		_, err := c.Resolve(context.Background(), ref(s, "acme/app:v1"), "")
		e := wantError(t, err, registry.ErrUnauthorized)
		if !strings.Contains(e.Error(), "credential helper leak failed (exit 3)") {
			t.Errorf("error %q does not say which helper failed and how", e)
		}
		if strings.Contains(e.Error(), secret) {
			t.Errorf("error carries the helper's output: %q", e)
		}
	}
	for _, l := range logged {
		if strings.Contains(l, secret) {
			t.Errorf("log line carries the helper's output: %q", l)
		}
	}
}

func stringify(fields map[string]any) string {
	var b strings.Builder
	for k, v := range fields {
		b.WriteString(k + "=" + strings.TrimSpace(fmt.Sprint(v)) + " ")
	}
	return b.String()
}
