package provider

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"go.uber.org/goleak"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registrytest"
)

// scaleParallelism is what `terraform plan -parallelism=50` allows at once.
const scaleParallelism = 50

// maxConnections bounds the connections one provider process opens to one registry host.
const maxConnections = 52

// runConcurrently runs every call, at most scaleParallelism at a time, and returns their errors.
func runConcurrently(calls []func() error) []error {
	sem := make(chan struct{}, scaleParallelism)
	errs := make([]error, len(calls))
	var wg sync.WaitGroup
	for i, call := range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			errs[i] = call()
		}()
	}
	wg.Wait()
	return errs
}

// 250 pinned images and 250 data sources over 50 repositories in one provider process, 50 calls at
// once, as `terraform plan -parallelism=50` would send them. Run under -race by `make test`.
// When nothing moved, the plan costs exactly one HEAD per unique reference, no manifest GET, no tag
// listing, at most one token per repository, and proposes nothing; no goroutine outlives the test.
func TestConcurrentPlanStaysWithinRequestModel(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	reg := registrytest.New(t, registrytest.WithBearerAuth("ci", "scale-pw"), registrytest.WithLatency(time.Millisecond))
	defer reg.Close()
	r := &testRegistry{Server: reg, t: t}
	t.Setenv("DOCKER_CONFIG", filepath.Dir(writeDockerConfig(t, reg.Host, "ci", "scale-pw")))

	var refs []string
	for i := 0; i < 50; i++ {
		repo := fmt.Sprintf("acme/team%02d/app", i)
		r.build(repo, "v1.0.0", "v1.0", "v1", "latest", "stable")
		for _, tag := range []string{"v1.0.0", "v1.0", "v1", "latest", "stable"} {
			refs = append(refs, r.ref(repo+":"+tag))
		}
	}
	ctx := context.Background()

	// The first plan pins every image (a version lookup per repository is allowed then).
	first := newProtoServer(t)
	first.configure(nil)
	prior := make([]pinState, len(refs))
	var calls []func() error
	for i, ref := range refs {
		calls = append(calls, func() error {
			var err error
			if prior[i], err = first.create(ctx, map[string]tftypes.Value{"image": str(ref)}); err != nil {
				return fmt.Errorf("create %s: %w", ref, err)
			}
			return nil
		})
	}
	for _, err := range runConcurrently(calls) {
		if err != nil {
			t.Fatal(err)
		}
	}

	// The next plan is a new provider process; nothing moved. Terraform refreshes (ReadResource,
	// where the resource observes the tag) and then plans (PlanResourceChange, no request).
	reg.ResetLog()
	connsBefore := reg.Connections()
	next := newProtoServer(t)
	next.configure(nil)
	calls = nil
	for i, ref := range refs {
		calls = append(calls,
			func() error {
				refreshed, diags, err := next.refresh(ctx, prior[i])
				if err != nil || hasErrors(diags) {
					return fmt.Errorf("refresh %s: %w %s", ref, err, diagText(diags))
				}
				planned, diags, err := next.planExisting(ctx, refreshed)
				if err != nil || hasErrors(diags) {
					return fmt.Errorf("plan %s: %w %s", ref, err, diagText(diags))
				}
				if !planned.Equal(prior[i].value) {
					return fmt.Errorf("plan %s proposes a change although nothing moved: %s", ref, diffValues(prior[i].value, planned))
				}
				return nil
			},
			func() error {
				resp, err := next.readData(ctx, "tagpolicy_image", map[string]tftypes.Value{"image": str(ref)})
				if err != nil || hasErrors(resp.Diagnostics) {
					return fmt.Errorf("read %s: %w %s", ref, err, diagText(resp.Diagnostics))
				}
				return nil
			})
	}
	for _, err := range runConcurrently(calls) {
		if err != nil {
			t.Error(err)
		}
	}

	if got := reg.ManifestRequests("HEAD"); got != len(refs) {
		t.Errorf("%d manifest HEADs for %d unique references, want exactly one each", got, len(refs))
	}
	if got := reg.ManifestRequests("GET"); got != 0 {
		t.Errorf("%d manifest GETs; a plain tag lookup must not pull", got)
	}
	if got := reg.Count("GET", "/tags/list"); got != 0 {
		t.Errorf("%d tag listings on a plan where nothing moved, want 0", got)
	}
	if got := reg.TokenRequests(); got > 50 {
		t.Errorf("%d token requests for 50 repositories, want at most one each", got)
	}
	if got := reg.Count("GET", "/v2/"); got-reg.Count("GET", "/v2/acme") > 1 {
		t.Errorf("%d pings of /v2/, want at most one per process", got-reg.Count("GET", "/v2/acme"))
	}
	// The client allows 32 requests in flight per registry host; a few more connections may be
	// opened while idle ones are handed back.
	conns := reg.Connections() - connsBefore
	if conns > maxConnections {
		t.Errorf("%d connections for one plan at -parallelism=%d, want at most %d", conns, scaleParallelism, maxConnections)
	}
	t.Logf("requests for %d blocks over %d unique references: %d (%d HEAD, %d token) over %d connections",
		2*len(refs), len(refs), len(reg.Requests()), reg.ManifestRequests("HEAD"), reg.TokenRequests(), conns)
}

// configOf is the configuration that produced a state: its non-computed attributes.
func configOf(state tftypes.Value) tftypes.Value {
	var stateAttrs map[string]tftypes.Value
	_ = state.As(&stateAttrs)
	typ := state.Type().(tftypes.Object)
	attrs := map[string]tftypes.Value{} // a new map: As shares the state's own
	for name, at := range typ.AttributeTypes {
		switch name {
		case "image", "platform", "template", "triggers":
			attrs[name] = stateAttrs[name]
		default:
			attrs[name] = tftypes.NewValue(at, nil)
		}
	}
	return tftypes.NewValue(typ, attrs)
}

// diffValues names the attributes in which two objects differ.
func diffValues(a, b tftypes.Value) string {
	var am, bm map[string]tftypes.Value
	_ = a.As(&am)
	_ = b.As(&bm)
	out := ""
	for k, v := range am {
		if !v.Equal(bm[k]) {
			out += fmt.Sprintf("%s: %v -> %v; ", k, v, bm[k])
		}
	}
	return out
}
