package agent

import (
	"os/exec"
	"sync"
	"testing"
	"time"
)

// benchD is how long each fake agent of the overhead benchmark takes.
const benchD = 2 * time.Second

// BenchmarkRunAllOverhead runs three fake agents that each take D=2s and
// reports the wall clock divided by D: the cost of starting, watching and
// recording them in parallel (goal: at most 1.02). The "direct"
// sub-benchmark runs the same three with bare os/exec, the floor on this
// machine. Run with -benchtime=3x.
func BenchmarkRunAllOverhead(b *testing.B) {
	env := map[string]string{"FAKE_MODE": "sleep", "FAKE_SLEEP": benchD.String(), "FAKE_MARK": b.Name()}
	b.Run("runner", func(b *testing.B) {
		r := &Runner{Environ: []string{"PATH=/usr/bin:/bin", "HOME=" + b.TempDir()}}
		var jobs []Job
		for _, name := range []string{"a", "b", "c"} {
			jobs = append(jobs, Job{
				Spec:   Spec{Name: name, Kind: Claude, Command: []string{fakeAgent}, Env: env},
				Prompt: "Review this change.\n", Dir: b.TempDir(), OutDir: b.TempDir(),
			})
		}
		start := time.Now()
		for b.Loop() {
			for _, res := range r.RunAll(b.Context(), jobs, nil) {
				if !res.OK() {
					b.Fatalf("%s: %s", res.Name, res.Err)
				}
			}
		}
		b.ReportMetric(float64(time.Since(start))/float64(b.N)/float64(benchD), "wall/D")
	})
	b.Run("direct", func(b *testing.B) {
		start := time.Now()
		for b.Loop() {
			var wg sync.WaitGroup
			for range 3 {
				wg.Go(func() {
					cmd := exec.Command(fakeAgent)
					cmd.Env = []string{"FAKE_MODE=sleep", "FAKE_SLEEP=" + benchD.String()}
					if err := cmd.Run(); err != nil {
						b.Error(err)
					}
				})
			}
			wg.Wait()
		}
		b.ReportMetric(float64(time.Since(start))/float64(b.N)/float64(benchD), "wall/D")
	})
}
