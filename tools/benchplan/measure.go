package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/tagpolicy/terraform-provider-tagpolicy/internal/e2e/tfsetup"
)

// commandTimeout bounds one terraform command; a plan that takes longer is a failure, not a figure.
const commandTimeout = 10 * time.Minute

// counts is what the registry saw during one plan.
type counts struct {
	head, get, token, unauthorized, total, conns int
}

// result is one module planned -runs times at one parallelism.
type result struct {
	label       string
	parallelism int
	times       []time.Duration
	cpu         []time.Duration // terraform's and the provider's, user and system
	providerCPU []time.Duration // our provider process's alone (0 for kreuzwerker's)
	counts      []counts
}

func (b *bench) runner(m module) tfsetup.Runner {
	return tfsetup.Runner{Bin: b.s.terraform, Dir: filepath.Join(b.dir, m.name), Env: b.env}
}

// terraform runs terraform in m's directory and fails unless it exits 0: for plan, with
// -detailed-exitcode, that is a plan with nothing to change.
func (b *bench) terraform(ctx context.Context, m module, args ...string) (tfsetup.Result, error) {
	ctx, cancel := context.WithTimeout(ctx, commandTimeout)
	defer cancel()
	res, err := b.runner(m).Run(ctx, args...)
	if err != nil {
		return res, err
	}
	if res.ExitCode != 0 {
		return res, fmt.Errorf("want exit code 0: %s", res)
	}
	return res, nil
}

// prepare writes the module, runs init and one apply, and checks that every block resolved to the
// digest that was pushed: a fast plan that reads the wrong thing would be no figure at all.
func (b *bench) prepare(ctx context.Context, m module) error {
	dir := filepath.Join(b.dir, m.name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(m.hcl), 0o644); err != nil {
		return err
	}
	if _, err := b.terraform(ctx, m, "init", "-input=false", "-no-color"); err != nil {
		return err
	}
	b.reg.ResetLog()
	start := time.Now()
	if _, err := b.terraform(ctx, m, "apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=50"); err != nil {
		return err
	}
	fmt.Printf("init, then apply in %s (%d registry requests); checking %d digests\n",
		round(time.Since(start)), len(b.reg.Requests()), len(m.want))
	res, err := b.terraform(ctx, m, "output", "-json", "digests")
	if err != nil {
		return err
	}
	var got map[string]string
	if err := json.Unmarshal([]byte(res.Stdout), &got); err != nil {
		return fmt.Errorf("terraform output digests: %w", err)
	}
	if len(got) != len(m.want) {
		return fmt.Errorf("terraform output digests has %d entries, want %d", len(got), len(m.want))
	}
	for ref, want := range m.want {
		if got[ref] != want {
			return fmt.Errorf("%s resolved to %q, the registry holds %s", ref, got[ref], want)
		}
	}
	return nil
}

// measure times -runs plans with refresh at parallelism p; each must find nothing to change.
func (b *bench) measure(ctx context.Context, m module, p int) (result, error) {
	r := result{label: m.label, parallelism: p}
	for i := 0; i < b.s.runs; i++ {
		b.reg.ResetLog()
		conns := b.reg.Connections()
		cpu := childrenCPU()
		if err := os.WriteFile(b.providerCPU, nil, 0o644); err != nil {
			return r, err
		}
		start := time.Now()
		_, err := b.terraform(ctx, m, "plan", "-refresh=true", "-parallelism="+strconv.Itoa(p),
			"-detailed-exitcode", "-input=false", "-no-color", "-lock=false")
		elapsed := time.Since(start)
		if err != nil {
			return r, err
		}
		cpu = childrenCPU() - cpu
		provider, err := readTimes(b.providerCPU)
		if err != nil {
			return r, err
		}
		c := b.count()
		c.conns = b.reg.Connections() - conns
		r.times, r.cpu, r.counts = append(r.times, elapsed), append(r.cpu, cpu), append(r.counts, c)
		r.providerCPU = append(r.providerCPU, provider)
		fmt.Printf("plan -parallelism=%d: %s (CPU %s, provider %s), %d requests (%d manifest HEAD, %d manifest GET, %d token), %d connections\n",
			p, round(elapsed), round(cpu), round(provider), c.total, c.head, c.get, c.token, c.conns)
	}
	return r, nil
}

func (b *bench) count() counts {
	c := counts{
		head:  b.reg.ManifestRequests(http.MethodHead),
		get:   b.reg.ManifestRequests(http.MethodGet),
		token: b.reg.TokenRequests(),
	}
	for _, req := range b.reg.Requests() {
		c.total++
		if req.Status == http.StatusUnauthorized {
			c.unauthorized++
		}
	}
	return c
}

// childrenCPU is the CPU time of every finished child and the descendants it waited for: a
// terraform command and the provider processes it ran. On a loaded machine it is steadier than
// wall time.
func childrenCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// readTimes sums the children's CPU times the provider wrapper's `times` wrote, one pair of lines
// per provider process ("0m1.230000s 0m0.120000s", the shell's line and then its children's).
func readTimes(file string) (time.Duration, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return 0, err
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	var total time.Duration
	for i := 1; i < len(lines); i += 2 {
		for _, f := range strings.Fields(lines[i]) {
			d, err := time.ParseDuration(f)
			if err != nil {
				return 0, fmt.Errorf("provider CPU %q: %w", lines[i], err)
			}
			total += d
		}
	}
	return total, nil
}

func round(d time.Duration) time.Duration { return d.Round(10 * time.Millisecond) }
