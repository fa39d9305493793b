// Command benchplan is `make bench-plan`: how long `terraform plan` takes to resolve 500 image tags
// over 50 repositories with this provider, against kreuzwerker/docker's docker_registry_image, and
// how many requests and connections each costs the registry per plan.
//
// One in-process registry (internal/registrytest: Bearer tokens, TLS with a private CA by default)
// serves every variant. By default it adds 5 ms to every answer; with -rtt, a TCP proxy in front of
// it charges a network round trip instead, on every packet each way and on every new connection,
// so TLS handshakes and token requests pay it as they do over a WAN. Each root module is
// initialised once from a filesystem mirror, applied once (which checks that every block resolves
// to the digest the registry holds and warms the page cache), then planned -runs times at each
// -parallelism. It prints figures, our provider process's CPU among them; it asserts nothing about
// time.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// settings are the command-line flags.
type settings struct {
	terraform      string
	dockerProvider string // kreuzwerker's binary; "" benchmarks ours alone
	dockerVersion  string // the version it is mirrored as
	runs           int
	parallelism    []int
	repos, tags    int
	latency        time.Duration
	rtt            time.Duration
	variants       []string // module names; empty for all
	tls            bool
	keep           bool
}

func main() {
	var s settings
	var par string
	flag.StringVar(&s.terraform, "terraform", "terraform", "the terraform binary to run")
	flag.StringVar(&s.dockerProvider, "docker-provider", "", "kreuzwerker/docker provider binary (empty: benchmark tagpolicy alone)")
	flag.StringVar(&s.dockerVersion, "docker-version", "4.6.1-dev", "the version the docker provider is mirrored as")
	flag.IntVar(&s.runs, "runs", 3, "timed plans per module and parallelism")
	flag.StringVar(&par, "parallelism", "10,50", "comma-separated -parallelism values to plan with")
	flag.IntVar(&s.repos, "repos", 50, "repositories")
	flag.IntVar(&s.tags, "tags", 10, "tags per repository (at most 10); images = repos × tags")
	flag.DurationVar(&s.latency, "latency", 5*time.Millisecond, "latency the registry adds to every answer (0 by default with -rtt)")
	flag.DurationVar(&s.rtt, "rtt", 0, "network round trip a TCP proxy in front of the registry charges, e.g. 20ms (0: no proxy)")
	var variants string
	flag.StringVar(&variants, "variants", "", "comma-separated variants to run (empty: all): "+strings.Join(variantNames, ", "))
	flag.BoolVar(&s.tls, "tls", true, "serve HTTPS with a private CA (false: plain HTTP on loopback)")
	flag.BoolVar(&s.keep, "keep", false, "keep the working directory instead of removing it")
	flag.Parse()
	if s.rtt > 0 && !flagSet("latency") {
		s.latency = 0 // the proxy is the network; the registry answers at once
	}
	for _, v := range strings.Split(variants, ",") {
		if v = strings.TrimSpace(v); v == "" {
			continue
		}
		if !slices.Contains(variantNames, v) {
			fatal(fmt.Errorf("-variants: unknown %q; choose from %s", v, strings.Join(variantNames, ", ")))
		}
		s.variants = append(s.variants, v)
	}

	var err error
	if s.parallelism, err = parseInts(par); err != nil {
		fatal(fmt.Errorf("-parallelism: %w", err))
	}
	if s.runs < 1 || s.repos < 1 || s.tags < 1 || s.tags > len(tagSet) {
		fatal(fmt.Errorf("-runs and -repos must be at least 1, -tags between 1 and %d", len(tagSet)))
	}
	if err := run(context.Background(), s); err != nil {
		fatal(err)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "benchplan:", err)
	os.Exit(1)
}

func flagSet(name string) bool {
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

func parseInts(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%q is not a positive integer", f)
		}
		out = append(out, n)
	}
	return out, nil
}

func run(ctx context.Context, s settings) error {
	dir, err := os.MkdirTemp("", "tagpolicy-benchplan-")
	if err != nil {
		return err
	}
	if s.keep {
		defer fmt.Printf("\nThe working directory is kept at %s\n", dir)
	} else {
		defer func() { _ = os.RemoveAll(dir) }()
	}

	b, err := newBench(s, dir)
	if err != nil {
		return err
	}
	defer b.close()

	fmt.Printf("registry %s: %d images over %d repositories, Bearer auth, %s latency per answer, %s\n",
		b.reg.URL, len(b.images), s.repos, s.latency, map[bool]string{true: "TLS (private CA)", false: "plain HTTP"}[s.tls])
	if b.proxy != nil {
		fmt.Printf("network: RTT %s through a TCP proxy at %s (every packet each way, and every new connection)\n", s.rtt, b.proxy.Addr())
	}
	if s.dockerProvider == "" {
		fmt.Println("kreuzwerker/docker: no -docker-provider given; benchmarking tagpolicy alone")
	}

	var results []result
	for _, m := range b.modules() {
		fmt.Printf("\n== %s\n", m.label)
		if err := b.prepare(ctx, m); err != nil {
			return fmt.Errorf("%s: %w", m.label, err)
		}
		for _, p := range s.parallelism {
			r, err := b.measure(ctx, m, p)
			if err != nil {
				return fmt.Errorf("%s: %w", m.label, err)
			}
			results = append(results, r)
		}
	}
	fmt.Println()
	printTable(os.Stdout, results, s)
	return nil
}
