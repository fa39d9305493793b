package main

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"text/tabwriter"
	"time"
)

// printTable writes one row per module and parallelism: the fastest and the median plan, the
// median CPU time of terraform and the provider together and of our provider process alone (per
// image, too), and the registry's requests and connections per plan (a range where runs
// differed). A failed write to stdout is nothing to act on.
func printTable(w io.Writer, results []result, s settings) {
	network := fmt.Sprintf("%s per answer", s.latency)
	if s.rtt > 0 {
		network = fmt.Sprintf("RTT %s", s.rtt)
	}
	_, _ = fmt.Fprintf(w, "plan -refresh=true, %d images, %s, median of %d runs\n", s.repos*s.tags, network, s.runs)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	_, _ = fmt.Fprintf(tw, "variant\t-parallelism\tmin\tmedian\tmedian CPU\tprovider CPU\tper image\tmanifest HEAD\tmanifest GET\ttoken\t401\ttotal requests\tconnections\t\n")
	for _, r := range results {
		provider, perImage := "-", "-"
		if p := median(r.providerCPU); p > 0 {
			provider = fmtSeconds(p)
			perImage = fmt.Sprintf("%.2fms", float64(p.Microseconds())/1000/float64(s.repos*s.tags))
		}
		_, _ = fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", r.label, r.parallelism,
			fmtSeconds(slices.Min(r.times)), fmtSeconds(median(r.times)), fmtSeconds(median(r.cpu)), provider, perImage,
			span(r.counts, func(c counts) int { return c.head }),
			span(r.counts, func(c counts) int { return c.get }),
			span(r.counts, func(c counts) int { return c.token }),
			span(r.counts, func(c counts) int { return c.unauthorized }),
			span(r.counts, func(c counts) int { return c.total }),
			span(r.counts, func(c counts) int { return c.conns }))
	}
	_ = tw.Flush()
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func fmtSeconds(d time.Duration) string { return fmt.Sprintf("%.2fs", d.Seconds()) }

// span is "n" when every run saw n, "lo–hi" otherwise.
func span(cs []counts, f func(counts) int) string {
	lo, hi := f(cs[0]), f(cs[0])
	for _, c := range cs[1:] {
		lo, hi = min(lo, f(c)), max(hi, f(c))
	}
	if lo == hi {
		return strconv.Itoa(lo)
	}
	return fmt.Sprintf("%d–%d", lo, hi)
}
