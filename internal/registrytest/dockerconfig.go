package registrytest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// WriteDockerConfig writes dir/config.json, a Docker config holding basic credentials for one
// registry host ("127.0.0.1:5000"), as `docker login` would, and returns its path. Point
// DOCKER_CONFIG at dir to have a client's default keychain find them. It is the one such helper of
// the unit, acceptance and end-to-end tests and the demo.
func WriteDockerConfig(dir, host, username, password string) (string, error) {
	cfg := map[string]any{"auths": map[string]any{
		host: map[string]string{"auth": base64.StdEncoding.EncodeToString([]byte(username + ":" + password))},
	}}
	data, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("registrytest: docker config: %w", err)
	}
	path := filepath.Join(dir, "config.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return "", fmt.Errorf("registrytest: docker config: %w", err)
	}
	return path, nil
}
