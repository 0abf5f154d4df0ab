package cli

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deepreview/deepreview/internal/report"
)

func TestShowReport(t *testing.T) {
	fx := newStoreFixture(t)
	render := func(id string, print func(io.Writer, *report.Report) error) string {
		var b bytes.Buffer
		if err := print(&b, fx.reports[id]); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	pr7, feature, other := fx.ids[fxPR7Done], fx.ids[fxFeature], fx.ids[fxOther]
	tests := []struct {
		name string
		dir  string
		args []string
		want string
	}{
		{"exact id", fx.outside, []string{pr7}, render(pr7, report.Markdown)},
		{"unique prefix", fx.outside, []string{"20250131-18"}, render(other, report.Markdown)},
		{"json", fx.outside, []string{pr7, "--format", "json"}, render(pr7, report.JSON)},
		{"sarif", fx.outside, []string{"--format=sarif", other}, render(other, report.SARIF)},
		{"latest of the current branch", fx.widget, nil, render(feature, report.Markdown)},
		{"latest by name", fx.widget, []string{"latest", "--format", "json"}, render(feature, report.JSON)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := fx.run(t, tt.dir, append([]string{"show"}, tt.args...)...)
			if code != 0 || stderr != "" {
				t.Fatalf("exit %d, stderr:\n%s", code, stderr)
			}
			if stdout != tt.want {
				t.Errorf("stdout:\n%s\nwant:\n%s", stdout, tt.want)
			}
		})
	}
	// What the review stored as its Markdown is what show prints.
	stored, err := os.ReadFile(filepath.Join(fx.home, "reviews", pr7, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	if _, stdout, _ := fx.run(t, fx.outside, "show", pr7); stdout != string(stored) {
		t.Errorf("show %s differs from its report.md", pr7)
	}
}

func TestShowWithoutReport(t *testing.T) {
	fx := newStoreFixture(t)
	failed, running := fx.ids[fxPR7Failed], fx.ids[fxMain]
	folder := func(id string) string { return filepath.Join(fx.home, "reviews", id) }
	failedStatus := "review " + failed + " of acme/widget#7, an attempt at round 2: failed\n" +
		"started: 2025-01-31 15:25\n" +
		"error:   every agent failed: claude: exit status 1\n         see its stderr\n" +
		"folder:  " + folder(failed) + "\n" +
		"no agent files yet\n"
	runningStatus := "review " + running + " of acme/widget@main, round 1: running\n" +
		"started: 2025-01-31 17:25\n" +
		"folder:  " + folder(running) + "\n" +
		"agent files:\n" +
		"  agents/claude/transcript.jsonl (3 bytes)\n"
	tests := []struct {
		name           string
		dir            string
		args           []string
		stdout, stderr string
	}{
		{"failed", fx.outside, []string{failed}, failedStatus,
			"deepreview: review " + failed + " has no report: it is failed\n"},
		{"running", fx.outside, []string{running}, runningStatus,
			"deepreview: review " + running + " has no report: it is running\n"},
		{"json keeps stdout clean", fx.outside, []string{running, "--format", "json"}, "",
			runningStatus + "deepreview: review " + running + " has no report: it is running\n"},
		// No review of branch topic: the newest of the repository.
		{"latest of the repository", fx.topic, nil, runningStatus,
			"deepreview: review " + running + " has no report: it is running\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := fx.run(t, tt.dir, append([]string{"show"}, tt.args...)...)
			if code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			if stdout != tt.stdout || stderr != tt.stderr {
				t.Errorf("stdout:\n%s\nstderr:\n%s\nwant stdout:\n%s\nstderr:\n%s", stdout, stderr, tt.stdout, tt.stderr)
			}
		})
	}
}

func TestShowErrors(t *testing.T) {
	fx := newStoreFixture(t)
	feature := fx.ids[fxFeature]
	if err := os.WriteFile(filepath.Join(fx.home, "reviews", feature, "report.json"), []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		dir    string
		args   []string
		code   int
		stderr string // a part of stderr
	}{
		{"no such review", fx.outside, []string{"20240101"}, 1, `no review "20240101" in ` + fx.home},
		{"ambiguous prefix", fx.outside, []string{"20250131-1"}, 1, `review id "20250131-1" is ambiguous: ` + strings.Join(fx.ids, ", ")},
		{"not an id", fx.outside, []string{"../x"}, 1, `review id "../x": not an id`},
		{"broken report", fx.outside, []string{feature}, 1, "review " + feature + ": report.json: unexpected end of JSON input"},
		{"nothing stored for the repository", fx.plain, nil, 1, "no reviews stored for plain in " + fx.home},
		{"latest outside a repository", fx.outside, nil, 1, "is not a git work tree: "},
		{"unknown format", fx.outside, []string{feature, "--format", "pdf"}, 2, `unknown format "pdf": want md, json, sarif, rdjsonl or html`},
		{"two ids", fx.outside, []string{"a", "b"}, 2, "want at most one review ID, got 2 arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := fx.run(t, tt.dir, append([]string{"show"}, tt.args...)...)
			if code != tt.code || stdout != "" || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d and %q in stderr", code, stdout, stderr, tt.code, tt.stderr)
			}
		})
	}
}
