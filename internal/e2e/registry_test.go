package e2e

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"golang.org/x/crypto/bcrypt"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registrytest"
)

// registry is a running docker-registry process: TLS with the suite's CA, htpasswd (bcrypt)
// authentication, deletes enabled, storage in a temporary directory.
type registry struct {
	Host     string // 127.0.0.1:PORT, as written in image references
	Username string
	Password string

	pki  *pki
	cmd  *exec.Cmd
	logs *syncBuffer
	done chan struct{} // closed when the process has exited

	stopOnce sync.Once
	remote   []remote.Option // push options: the CA and the credentials
}

const registryConfig = `version: 0.1
log:
  level: info
  formatter: text
storage:
  filesystem:
    rootdirectory: %q
  delete:
    enabled: true
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: %q
  tls:
    certificate: %q
    key: %q
auth:
  htpasswd:
    realm: tagpolicy-e2e
    path: %q
`

// startRegistry runs bin (docker-registry) on a free loopback port until the test ends.
func startRegistry(t *testing.T, bin string, p *pki, username, password string) *registry {
	t.Helper()
	dir := t.TempDir()
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"cert.pem": p.certPEM,
		"key.pem":  p.keyPEM,
		"htpasswd": []byte(username + ":" + string(hash) + "\n"),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// A port picked by the kernel and released again: another process could take it in between,
	// so a registry that does not come up is tried again on a new port.
	var last error
	for range 3 {
		host, err := freeLoopbackAddr()
		if err != nil {
			t.Fatal(err)
		}
		config := fmt.Sprintf(registryConfig, filepath.Join(dir, "storage"), host,
			filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem"), filepath.Join(dir, "htpasswd"))
		configPath := filepath.Join(dir, "config.yml")
		if err := os.WriteFile(configPath, []byte(config), 0o600); err != nil {
			t.Fatal(err)
		}
		r := &registry{Host: host, Username: username, Password: password, pki: p, logs: &syncBuffer{}, done: make(chan struct{})}
		if last = r.start(bin, configPath); last == nil {
			t.Cleanup(r.Stop)
			r.remote = []remote.Option{
				remote.WithAuth(&authn.Basic{Username: username, Password: password}),
				remote.WithTransport(r.transport()),
			}
			return r
		}
	}
	t.Fatalf("docker-registry did not start: %v", last)
	return nil
}

func freeLoopbackAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	addr := ln.Addr().String()
	return addr, ln.Close()
}

func (r *registry) start(bin, configPath string) error {
	r.cmd = exec.Command(bin, "serve", configPath)
	r.cmd.Stdout, r.cmd.Stderr = r.logs, r.logs
	r.cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "OTEL_TRACES_EXPORTER=none"}
	dieWithParent(r.cmd)
	if err := r.cmd.Start(); err != nil {
		return err
	}
	go func() { _ = r.cmd.Wait(); close(r.done) }()
	if err := r.waitReady(15 * time.Second); err != nil {
		r.Stop()
		return fmt.Errorf("%w\n%s", err, r.logs.String())
	}
	return nil
}

// waitReady polls /v2/ until it answers 401: listening, serving TLS, and checking credentials.
func (r *registry) waitReady(timeout time.Duration) error {
	client := &http.Client{Transport: r.transport(), Timeout: 2 * time.Second}
	deadline := time.Now().Add(timeout)
	for {
		select {
		case <-r.done:
			return fmt.Errorf("docker-registry exited")
		default:
		}
		resp, err := client.Get("https://" + r.Host + "/v2/")
		if err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusUnauthorized {
				return nil
			}
			err = fmt.Errorf("GET /v2/ answered %s, want 401", resp.Status)
		}
		if time.Now().After(deadline) {
			return err
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (r *registry) transport() http.RoundTripper {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.TLSClientConfig = r.pki.clientTLS()
	return t
}

// Stop ends the registry process (SIGTERM, then SIGKILL) and waits for it. Idempotent.
func (r *registry) Stop() {
	r.stopOnce.Do(func() {
		if r.cmd == nil || r.cmd.Process == nil {
			return
		}
		_ = r.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-r.done:
		case <-time.After(5 * time.Second):
			_ = r.cmd.Process.Kill()
			<-r.done
		}
	})
}

// Logs returns everything the registry printed: access log lines name every request.
func (r *registry) Logs() string { return r.logs.String() }

// Ref returns HOST/repo:tag.
func (r *registry) Ref(repo, tag string) string { return r.Host + "/" + repo + ":" + tag }

// DockerConfig writes a Docker config.json with these credentials for this registry into a new
// directory (for DOCKER_CONFIG) and returns the directory.
func (r *registry) DockerConfig(t *testing.T, username, password string) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := registrytest.WriteDockerConfig(dir, r.Host, username, password); err != nil {
		t.Fatal(err)
	}
	return dir
}

// logMark is a position in the registry's log, to count only what came after it.
type logMark int

func (r *registry) mark() logMark { return logMark(len(r.Logs())) }

// countRequests counts access-log lines for method on paths containing pathContains.
func (r *registry) countRequests(method, pathContains string) int {
	return r.countRequestsSince(0, method, pathContains)
}

// countRequestsSince counts like countRequests, in the log written after m.
func (r *registry) countRequestsSince(m logMark, method, pathContains string) int {
	n := 0
	for _, line := range strings.Split(r.Logs()[m:], "\n") {
		if (method == "" || strings.Contains(line, `"`+method+" ")) && strings.Contains(line, pathContains) {
			n++
		}
	}
	return n
}

// syncBuffer is a bytes.Buffer safe for the registry's concurrent stdout and stderr writers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// ctx returns a context bounded by the test's deadline, for pushes.
func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return c
}
