package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"
)

// dockerEngine talks to the Docker Engine API over its socket: what the container really runs is
// read from the engine, never from Terraform's own output.
type dockerEngine struct {
	client *http.Client
	socket string
}

// dockerEngineOrSkip returns the engine at DOCKER_HOST (unix://…) or /var/run/docker.sock, and
// skips the test, saying why, when none answers /_ping.
func dockerEngineOrSkip(t *testing.T) *dockerEngine {
	t.Helper()
	socket := "/var/run/docker.sock"
	if h := os.Getenv("DOCKER_HOST"); h != "" {
		u, err := url.Parse(h)
		if err != nil || u.Scheme != "unix" {
			t.Skipf("SKIP: DOCKER_HOST=%s is not a unix socket; the Docker scenario needs a local engine", h)
		}
		socket = u.Path
	}
	d := &dockerEngine{socket: socket, client: &http.Client{
		Timeout: time.Minute,
		Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, "unix", socket)
		}},
	}}
	var ping string
	if err := d.get("/_ping", &ping); err != nil {
		t.Skipf("SKIP: no Docker engine answers at %s (%v): the workspace container cannot run here", socket, err)
	}
	return d
}

// get decodes the JSON (or, for a string, the text) answer of GET path.
func (d *dockerEngine) get(path string, v any) error {
	resp, err := d.client.Get("http://docker" + path)
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s: %s", path, resp.Status, strings.TrimSpace(string(body)))
	}
	if s, ok := v.(*string); ok {
		*s = string(body)
		return nil
	}
	return json.Unmarshal(body, v)
}

// delete sends DELETE path (a cleanup: errors are only logged).
func (d *dockerEngine) delete(t *testing.T, path string) {
	req, err := http.NewRequest(http.MethodDelete, "http://docker"+path, nil)
	if err != nil {
		t.Log(err)
		return
	}
	resp, err := d.client.Do(req)
	if err != nil {
		t.Logf("cleanup DELETE %s: %v", path, err)
		return
	}
	_ = resp.Body.Close()
}

// containerInfo is the part of GET /containers/{name}/json the scenario reads.
type containerInfo struct {
	ID    string `json:"Id"`
	Image string `json:"Image"` // the image ID: the config digest of the image that was pulled
	State struct {
		Running   bool   `json:"Running"`
		StartedAt string `json:"StartedAt"`
	} `json:"State"`
	Config struct {
		Image string `json:"Image"` // the reference it was created from
	} `json:"Config"`
}

// container inspects the container named name, failing the test if there is none.
func (d *dockerEngine) container(t *testing.T, name string) containerInfo {
	t.Helper()
	var c containerInfo
	if err := d.get("/containers/"+url.PathEscape(name)+"/json", &c); err != nil {
		t.Fatalf("docker inspect %s: %v", name, err)
	}
	return c
}
