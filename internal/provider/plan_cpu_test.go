package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/registrytest"
)

// TestPlanCPUPerPin measures the provider's share of `terraform plan` over 500 pins where nothing
// moved: per pin, the refresh (ReadResource) and the plan (PlanResourceChange) Terraform sends,
// through one provider process, without the CLI, rounds times over. It is a measurement, not a
// check of time: it runs when PLAN_CPU_ROUNDS is set, logs CPU per pin, and fails only if a plan
// proposes a change. Profile it with
//
//	PLAN_CPU_ROUNDS=10 go test -count=1 -run=TestPlanCPUPerPin -cpuprofile=cpu.out ./internal/provider/
func TestPlanCPUPerPin(t *testing.T) {
	rounds := 0
	if _, err := fmt.Sscan(os.Getenv("PLAN_CPU_ROUNDS"), &rounds); err != nil || rounds < 1 {
		t.Skip("a measurement: set PLAN_CPU_ROUNDS to run it")
	}
	reg := newTestRegistry(t, registrytest.WithBearerAuth("ci", "cpu-pw"))
	t.Setenv("DOCKER_CONFIG", filepath.Dir(writeDockerConfig(t, reg.Host, "ci", "cpu-pw")))
	tags := []string{"v1.0.0", "v1.0", "v1", "latest", "stable", "v1.1.0", "v1.1", "v2", "v2.0.0", "main"}
	var refs []string
	for i := range 50 {
		repo := fmt.Sprintf("acme/team%02d/app", i)
		for _, tag := range tags {
			reg.build(repo, tag)
			refs = append(refs, reg.ref(repo+":"+tag))
		}
	}
	ctx := context.Background()
	p := newProtoServer(t)
	p.configure(nil)
	prior := make([]pinState, len(refs))
	for i, ref := range refs {
		var err error
		if prior[i], err = p.create(ctx, map[string]tftypes.Value{"image": str(ref)}); err != nil {
			t.Fatalf("create %s: %v", ref, err)
		}
	}

	start := processCPU()
	for range rounds {
		for i, ref := range refs {
			refreshed, diags, err := p.refresh(ctx, prior[i])
			if err != nil || hasErrors(diags) {
				t.Fatalf("refresh %s: %v %s", ref, err, diagText(diags))
			}
			planned, diags, err := p.planExisting(ctx, refreshed)
			if err != nil || hasErrors(diags) {
				t.Fatalf("plan %s: %v %s", ref, err, diagText(diags))
			}
			if !planned.Equal(prior[i].value) {
				t.Fatalf("plan %s proposes a change although nothing moved: %s", ref, diffValues(prior[i].value, planned))
			}
		}
	}
	pins := rounds * len(refs)
	t.Logf("provider CPU per pin (refresh + plan, nothing moved): %s over %d pins", (processCPU()-start)/time.Duration(pins), pins)
}

// processCPU is the user and system CPU time this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
