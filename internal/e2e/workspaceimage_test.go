package e2e

import (
	"archive/tar"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// workspaceMain is the workspace container's only program. The template's entrypoint is
// `sh -c INIT_SCRIPT` (the Coder agent's init script), so it is installed as /bin/sh: it stands in
// for the shell and the agent, and stays up until Docker stops the container.
const workspaceMain = `package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, os.Interrupt)
	<-stop
}
`

// workspaceBinary builds workspaceMain once per suite: static (CGO_ENABLED=0), for this machine's
// architecture, the one the Docker engine runs.
func (s *suite) workspaceBinary(t *testing.T) []byte {
	t.Helper()
	s.workspaceBin.Do(func() {
		dir := t.TempDir()
		files := map[string]string{"go.mod": "module workspace\n\ngo 1.22\n", "main.go": workspaceMain}
		for name, content := range files {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w", "-o", "sh", ".")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+runtime.GOARCH, "GOFLAGS=-buildvcs=false", "GOWORK=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build the workspace program: %v\n%s", err, out)
		}
		bin, err := os.ReadFile(filepath.Join(dir, "sh"))
		if err != nil {
			t.Fatal(err)
		}
		s.workspaceBinBytes = bin
	})
	if s.workspaceBinBytes == nil {
		t.Fatal("the workspace program did not build (see the first scenario that tried)")
	}
	return s.workspaceBinBytes
}

// workspaceImage is a runnable linux image for this machine's architecture whose only layer holds
// bin as /bin/sh. version labels the build, so each version is a distinct image (config digest).
func workspaceImage(t *testing.T, bin []byte, version string) v1.Image {
	t.Helper()
	var layerTar bytes.Buffer
	tw := tar.NewWriter(&layerTar)
	if err := tw.WriteHeader(&tar.Header{Name: "bin/", Typeflag: tar.TypeDir, Mode: 0o755}); err != nil {
		t.Fatal(err)
	}
	if err := tw.WriteHeader(&tar.Header{Name: "bin/sh", Typeflag: tar.TypeReg, Mode: 0o755, Size: int64(len(bin))}); err != nil {
		t.Fatal(err)
	}
	if _, err := tw.Write(bin); err != nil {
		t.Fatal(err)
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(layerTar.Bytes())), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	img, err := mutate.AppendLayers(empty.Image, layer)
	if err != nil {
		t.Fatal(err)
	}
	cf, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	cf = cf.DeepCopy()
	cf.OS, cf.Architecture = "linux", runtime.GOARCH
	cf.Config.Entrypoint = []string{"/bin/sh"}
	cf.Config.Labels = map[string]string{"org.opencontainers.image.version": version}
	img, err = mutate.ConfigFile(img, cf)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// imageID is what Docker calls the image once pulled: the digest of its config.
func imageID(t *testing.T, img v1.Image) string {
	t.Helper()
	h, err := img.ConfigName()
	if err != nil {
		t.Fatal(err)
	}
	return h.String()
}
