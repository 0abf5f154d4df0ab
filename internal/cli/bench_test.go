package cli

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/deepreview/deepreview/internal/report"
)

// benchEnv reads a positive integer knob of the benchmarks.
func benchEnv(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// bigRepo makes a repository of files files of about size bytes in all,
// on main, and a branch that changes changed of them, checked out.
func bigRepo(b *testing.B, files, size, changed int) string {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "big")
	git := func(args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
			"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	git("init", "-q", "-b", "main")
	rng := rand.New(rand.NewPCG(1, 2))
	line := func() string {
		return fmt.Sprintf("\tx%d := %d // %x\n", rng.IntN(1000), rng.IntN(1<<30), rng.Uint64())
	}
	write := func(i int, extra string) {
		p := filepath.Join(dir, fmt.Sprintf("pkg%03d", i%300), fmt.Sprintf("f%05d.go", i))
		var buf bytes.Buffer
		fmt.Fprintf(&buf, "package pkg%03d\n\nfunc F%d() {\n", i%300, i)
		for buf.Len() < size/files {
			buf.WriteString(line())
		}
		buf.WriteString(extra + "}\n")
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
			b.Fatal(err)
		}
		// Files older than the index, as in a working tree in use: freshly
		// written ones are "racily clean" to git, which then rereads them
		// all to tell whether they changed.
		old := time.Now().Add(-time.Hour)
		if err := os.Chtimes(p, old, old); err != nil {
			b.Fatal(err)
		}
	}
	for i := range files {
		write(i, "")
	}
	git("add", ".")
	git("commit", "-qm", "base")
	git("checkout", "-qb", "feature")
	for i := range changed {
		write(i*(files/changed), "\t_ = 1 // changed\n")
	}
	git("commit", "-qam", "change many files")
	git("update-index", "-q", "--refresh")
	return dir
}

// sleeper is a command agent that reads its prompt, says when it started
// (stderr, nanoseconds since the epoch), sleeps, then prints a review.
func sleeper(d time.Duration) []string {
	review := "## Executive Summary\n\nFine.\n\n## Findings\n\n### Critical Issues\n\nNone.\n\n### Important Issues\n\nNone.\n\n### Suggestions\n\nNone.\n"
	return []string{"sh", "-c", fmt.Sprintf("cat >/dev/null; date +%%s%%N >&2; sleep %g; cat <<'END'\n%s\nEND\n", d.Seconds(), review)}
}

// BenchmarkReviewBigRepo reviews a change of DEEPREVIEW_BENCH_CHANGED
// files (default 2,000) in a repository of DEEPREVIEW_BENCH_FILES files
// (15,000) and DEEPREVIEW_BENCH_BYTES bytes (100 MB), with three command
// agents sleeping 2, 4 and 8 s and no consolidator, and reports the
// wall-clock as a ratio to the slowest agent, the time from launch to the
// first agent's start, and the bytes the review left in the store and
// checked out. scripts/bench.sh runs it.
func BenchmarkReviewBigRepo(b *testing.B) {
	files := benchEnv("DEEPREVIEW_BENCH_FILES", 15000)
	size := benchEnv("DEEPREVIEW_BENCH_BYTES", 100<<20)
	changed := benchEnv("DEEPREVIEW_BENCH_CHANGED", 2000)
	dir := bigRepo(b, files, size, changed)
	slowest := 8 * time.Second
	cfg := benchConfig(b, map[string][]string{"a": sleeper(2 * time.Second), "b": sleeper(4 * time.Second), "c": sleeper(slowest)})
	var wall, first time.Duration
	var stored int64
	for b.Loop() {
		home := b.TempDir()
		env := benchCLIEnv(b, dir, home)
		start := time.Now()
		var out, errb bytes.Buffer
		env.Stdout, env.Stderr = &out, &errb
		if code := Main(context.Background(), []string{"review", "--config", cfg, "--format", "json"}, env); code != 0 {
			b.Fatalf("exit %d\n%s", code, errb.String())
		}
		wall = time.Since(start)
		b.Logf("progress:\n%s", errb.String())
		rep, err := report.ReadJSON(&out)
		if err != nil {
			b.Fatal(err)
		}
		first = firstStart(b, filepath.Join(home, "reviews", rep.ID, "agents")).Sub(start)
		stored = duBytes(home)
	}
	b.ReportMetric(wall.Seconds()/slowest.Seconds(), "wall/slowest")
	b.ReportMetric(first.Seconds(), "s-to-first-agent")
	b.ReportMetric(float64(stored)/(1<<20), "MiB-stored")
}

// firstStart is the earliest start an agent of the review wrote to its
// stderr.
func firstStart(b *testing.B, agents string) time.Time {
	var first time.Time
	entries, _ := os.ReadDir(agents)
	for _, e := range entries {
		raw, _ := os.ReadFile(filepath.Join(agents, e.Name(), "stderr.txt"))
		ns, err := strconv.ParseInt(strings.TrimSpace(string(raw)), 10, 64)
		if err != nil {
			continue
		}
		if t := time.Unix(0, ns); first.IsZero() || t.Before(first) {
			first = t
		}
	}
	if first.IsZero() {
		b.Fatal("no agent said when it started")
	}
	return first
}

func duBytes(dir string) int64 {
	var n int64
	_ = filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			n += fi.Size()
		}
		return nil
	})
	return n
}

func benchConfig(b *testing.B, agents map[string][]string) string {
	var s strings.Builder
	s.WriteString("default_agents = [\"a\", \"b\", \"c\"]\nconsolidator = \"none\"\n")
	for name, argv := range agents {
		fmt.Fprintf(&s, "[agents.%s]\nkind = \"command\"\ncommand = %s\ntimeout = \"2m\"\n", name, tomlList(argv))
	}
	f := filepath.Join(b.TempDir(), "config.toml")
	if err := os.WriteFile(f, []byte(s.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	return f
}

func benchCLIEnv(b *testing.B, dir, home string) Env {
	vars := map[string]string{"PATH": os.Getenv("PATH"), "HOME": b.TempDir(), "DEEPREVIEW_HOME": home, "XDG_CONFIG_HOME": b.TempDir()}
	return Env{
		Stdin:  strings.NewReader(""),
		Getenv: func(k string) string { return vars[k] },
		Environ: func() []string {
			var l []string
			for k, v := range vars {
				l = append(l, k+"="+v)
			}
			return l
		},
		Now: time.Now, Dir: dir,
	}
}

// reviewWith is a command agent that sleeps d, then prints a review with
// n suggestions on calc.go.
func reviewWith(d time.Duration, n int) []string {
	var b strings.Builder
	b.WriteString("## Executive Summary\n\nFine.\n\n## Findings\n\n### Critical Issues\n\nNone.\n\n### Important Issues\n\nNone.\n\n### Suggestions\n\n")
	for i := range n {
		fmt.Fprintf(&b, "S%d. **Nit number %d** — `kv.go:%d` (suggestion, documentation)\n\nA nit.\n\n", i+1, i+1, i+1)
	}
	return []string{"sh", "-c", fmt.Sprintf("cat >/dev/null; sleep %g; cat <<'END'\n%s\nEND\n", d.Seconds(), b.String())}
}

// modelJudge is a consolidator command agent whose latency models a
// model's: 0.5 s per call plus 0.45 s per finding it is asked to decide.
// It keeps every finding it is asked about, and writes the prose when
// asked for nothing else.
func modelJudge(agents ...string) []string {
	var retro []string
	for _, a := range agents {
		retro = append(retro, fmt.Sprintf(`{"agent": %q, "narrative": "Fine."}`, a))
	}
	prose := `{"verdict_reason": "nits only", "summary": "Nits.", "design_observations": [], "testing_assessment": "",
 "documentation_assessment": "", "acknowledged_limitations": [], "retro": [` + strings.Join(retro, ", ") + `],
 "process_notes": {"repo_context_updates": [], "skill_improvements": []}}`
	script := `p=$(cat)
keys=$(printf '%s\n' "$p" | sed -n 's/^### ` + "`" + `\([^` + "`" + `]*\)` + "`" + `.*/\1/p')
n=$(printf '%s\n' "$keys" | grep -c .)
sleep $(awk "BEGIN{print 0.5+0.45*$n}")
if [ "$n" -eq 0 ]; then cat <<'END'
` + prose + `
END
exit 0; fi
printf '{"findings": ['; sep=
for k in $keys; do
  printf '%s{"finding": "%s", "keep": true, "severity": "suggestion", "severity_reason": "", "title": "", "same_as": "", "drop_reason": "", "false_positive": false}' "$sep" "$k"; sep=,
done
printf ']}\n'`
	return []string{"sh", "-c", script}
}

// BenchmarkReviewSeedShape is the seed report's shape: agents taking 4.7 s,
// 7.75 s and 4.9 s with 9, 3 and 1 findings, and a consolidator agent
// whose latency models a model's. It reports the wall-clock as a ratio to
// the slowest agent, and whether the report was consolidated by the agent.
func BenchmarkReviewSeedShape(b *testing.B) {
	dir := bigRepo(b, 20, 20<<10, 2)
	slowest := 7750 * time.Millisecond
	agents := map[string][]string{"a": reviewWith(4700*time.Millisecond, 9), "b": reviewWith(slowest, 3),
		"c": reviewWith(4900*time.Millisecond, 1), "judge": modelJudge("a", "b", "c")}
	cfg := benchConfig(b, agents)
	var wall time.Duration
	method := 0.0
	for b.Loop() {
		env := benchCLIEnv(b, dir, b.TempDir())
		var out, errb bytes.Buffer
		env.Stdout, env.Stderr = &out, &errb
		start := time.Now()
		if code := Main(context.Background(), []string{"review", "--config", cfg, "--consolidator", "judge", "--format", "json"}, env); code != 0 {
			b.Fatalf("exit %d\n%s", code, errb.String())
		}
		wall = time.Since(start)
		b.Logf("progress:\n%s", errb.String())
		rep, err := report.ReadJSON(&out)
		if err != nil {
			b.Fatal(err)
		}
		if rep.Consolidation.Method == "agent" && rep.Consolidation.Fallback == "" {
			method = 1
		}
	}
	b.ReportMetric(wall.Seconds()/slowest.Seconds(), "wall/slowest")
	b.ReportMetric(method, "by-agent")
}
