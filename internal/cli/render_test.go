package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deepreview/deepreview/internal/report"
)

// renderCmd runs deepreview render in-process in dir with stdin.
func renderCmd(t *testing.T, dir, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := Env{
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Getenv: func(string) string { return "" }, Environ: func() []string { return nil },
		Dir: dir,
	}
	code = Main(context.Background(), append([]string{"render"}, args...), env)
	return code, out.String(), errb.String()
}

// renderWant is what the report package prints for the test report.
func renderWant(t *testing.T, print func(*bytes.Buffer, *report.Report) error) string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "render-report.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := report.ReadJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := print(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestRender(t *testing.T) {
	dir, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "render-report.json"))
	if err != nil {
		t.Fatal(err)
	}
	md := renderWant(t, func(b *bytes.Buffer, r *report.Report) error { return report.Markdown(b, r) })
	js := renderWant(t, func(b *bytes.Buffer, r *report.Report) error { return report.JSON(b, r) })
	sarif := renderWant(t, func(b *bytes.Buffer, r *report.Report) error { return report.SARIF(b, r) })
	tests := []struct {
		name   string
		stdin  string
		args   []string
		code   int
		stdout string
		stderr string // a part of stderr
	}{
		{"markdown by default", "", []string{"render-report.json"}, 0, md, ""},
		{"json", "", []string{"--format", "json", "render-report.json"}, 0, js, ""},
		{"sarif, flag after the file", "", []string{"render-report.json", "-format=sarif"}, 0, sarif, ""},
		{"stdin", string(data), []string{"-"}, 0, md, ""},
		{"absolute path", "", []string{filepath.Join(dir, "render-report.json")}, 0, md, ""},
		{"missing file", "", []string{"nope.json"}, 1, "", "nope.json: no such file or directory"},
		{"bad json names the file", "", []string{"render-bad.json"}, 1, "", `render-bad.json: invalid report: json: unknown field "severity_level"`},
		{"bad stdin", "{", []string{"-"}, 1, "", "stdin: unexpected end of input"},
		{"unknown format", "", []string{"--format", "pdf", "render-report.json"}, 2, "", `unknown format "pdf"`},
		{"no file", "", nil, 2, "", "want one REPORT.json"},
		{"two files", "", []string{"a.json", "b.json"}, 2, "", "got 2 arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := renderCmd(t, dir, tt.stdin, tt.args...)
			if code != tt.code {
				t.Errorf("exit status %d, want %d (stderr %q)", code, tt.code, stderr)
			}
			if stdout != tt.stdout {
				t.Errorf("stdout differs from the report package's output:\n%.300s", stdout)
			}
			if !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr %q, want it to contain %q", stderr, tt.stderr)
			}
		})
	}
}

// TestConsolidateThenRender: consolidate's JSON is a report render reads
// back (it used to be refused: no id, round 0).
func TestConsolidateThenRender(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{"alpha.md": reviewAlpha, "beta.md": reviewBeta} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out, errb bytes.Buffer
	env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Now: time.Now,
		Getenv: func(string) string { return "" }, Environ: func() []string { return nil }, Dir: dir}
	if code := Main(context.Background(), []string{"consolidate", "--format", "json", "alpha=alpha.md", "beta=beta.md"}, env); code != 0 {
		t.Fatalf("consolidate: exit %d\n%s", code, errb.String())
	}
	code, md, errOut := renderCmd(t, dir, out.String(), "--format", "md", "-")
	if code != 0 || !strings.Contains(md, "## Critical Issues") {
		t.Fatalf("render of consolidate's JSON: exit %d\n%s\n%.300s", code, errOut, md)
	}
}

// TestConsolidateWithAgent: `deepreview consolidate` with a consolidator
// agent runs it confined, through the staged calls, and its decisions
// make the report.
func TestConsolidateWithAgent(t *testing.T) {
	r := newRVRepo(t)
	dir := t.TempDir()
	for name, text := range map[string]string{"alpha.md": reviewAlpha, "beta.md": reviewBeta} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg := r.config(map[string][]string{"judge": judgeScript()})
	code, out, errOut := r.run(t.Context(), "consolidate", "--config", cfg, "--consolidator", "judge", "--format", "json",
		"alpha="+filepath.Join(dir, "alpha.md"), "beta="+filepath.Join(dir, "beta.md"))
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	rep, err := report.ReadJSON(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if c := rep.Consolidation; c.Method != "agent" || c.Fallback != "" || len(rep.Findings) != 1 || len(rep.Dropped) != 1 {
		t.Errorf("consolidation %+v, findings %d, dropped %d", c, len(rep.Findings), len(rep.Dropped))
	}
}

// TestConsolidateReproducible: with $SOURCE_DATE_EPOCH, the same reviews
// give byte-identical output at any time; without it, the stamp is the
// clock's (so the outputs differ); a bad value is named.
func TestConsolidateReproducible(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{"alpha.md": reviewAlpha, "beta.md": reviewBeta} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := func(epoch string, now time.Time, format string) (int, string, string) {
		var out, errb bytes.Buffer
		env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Now: func() time.Time { return now },
			Getenv: func(k string) string {
				if k == "SOURCE_DATE_EPOCH" {
					return epoch
				}
				return ""
			}, Environ: func() []string { return nil }, Dir: dir}
		code := Main(context.Background(), []string{"consolidate", "--format", format, "alpha=alpha.md", "beta=beta.md"}, env)
		return code, out.String(), errb.String()
	}
	t1, t2 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), time.Date(2026, 6, 7, 8, 9, 10, 0, time.UTC)
	for _, format := range []string{"md", "json"} {
		_, a, _ := run("1700000000", t1, format)
		_, b, _ := run("1700000000", t2, format)
		if a != b || !strings.Contains(a, "20231114-221320-consolidate") {
			t.Errorf("%s with SOURCE_DATE_EPOCH: outputs differ or carry another stamp:\n%.400s", format, a)
		}
		_, c, _ := run("", t1, format)
		_, d, _ := run("", t2, format)
		if c == d {
			t.Errorf("%s without SOURCE_DATE_EPOCH: two times gave one output", format)
		}
	}
	code, _, stderr := run("yesterday", t1, "md")
	if code != 2 || !strings.Contains(stderr, `SOURCE_DATE_EPOCH "yesterday"`) {
		t.Errorf("bad SOURCE_DATE_EPOCH: exit %d, stderr %q", code, stderr)
	}
}
