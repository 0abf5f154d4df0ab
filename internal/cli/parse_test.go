package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deepreview/deepreview/internal/finding"
)

const sampleReview = `Now I have all the context. Let me write the review.

### Executive Summary

Adds a write-ahead log.

### Findings

#### Critical Issues

None.

#### Important Issues

I1. **` + "`Flush`" + ` drops the last batch** — ` + "`store/wal.go:88-97`" + ` (important, regression)

The last batch is never written.

Fix: flush before close.

#### Suggestions

None.

### Coverage Summary

| File | Status |
|------|--------|
| ` + "`store/wal.go`" + ` | **I1** |
| ` + "`cmd/kv/main.go`" + ` | Reviewed, no issues |
`

func runCLI(t *testing.T, dir, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := Env{
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Getenv: func(string) string { return "" }, Environ: func() []string { return nil },
		Now: time.Now, Dir: dir,
	}
	code := Main(context.Background(), args, env)
	return code, out.String(), errb.String()
}

func TestParseCommand(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("review.md", sampleReview)
	write("pointer.md", "See `/tmp/review-claude.md` for the review.\n")
	report, err := os.ReadFile("../finding/testdata/reports/20260415-184215-pr-316.md")
	if err != nil {
		t.Fatal(err)
	}
	write("report.md", string(report))
	// A report without an appendix. (The oldest fixture report's "## 4.
	// Appendix: Original Reviews" is an appendix the parser now reads.)
	write("old.md", "# Deep Review: 20260313-123900-rotate-serial-logs\n\n## 1. Consolidated Review\n\n### Executive Summary\n\nText.\n")

	tests := []struct {
		name     string
		stdin    string
		args     []string
		code     int
		stdout   []string // substrings
		stderr   []string
		findings int // -1: stdout is not a single review
	}{
		{"json", "", []string{"parse", "--agent", "claude", "review.md"}, 0, []string{`"agent": "claude"`, `"id": "I1"`, `"start_line": 88`, `"status": "no-issues"`}, nil, 1},
		{"flags after file", "", []string{"parse", "review.md", "--format", "json"}, 0, []string{`"finding_ids": [`}, nil, 1},
		{"stdin", sampleReview, []string{"parse", "-"}, 0, []string{`"fix": "Fix: flush before close."`}, nil, 1},
		{"markdown", "", []string{"parse", "--format", "md", "review.md"}, 0, []string{"## Findings", "I1. **`Flush` drops the last batch** — `store/wal.go:88-97` (important, regression)", "### Critical Issues\n\nNone."}, nil, -1},
		{"appendix", "", []string{"parse", "--appendix", "report.md"}, 0, []string{`"agent": "gemini"`, `"agent": "codex"`, `"agent": "claude"`, `"pass": 1`}, nil, -1},
		{"no findings section", "", []string{"parse", "pointer.md"}, 1, nil, []string{"pointer.md: no findings section"}, -1},
		{"no appendix", "", []string{"parse", "--appendix", "old.md"}, 1, nil, []string{"old.md: no \"## Appendix: Original Reviews\" section"}, -1},
		{"missing file", "", []string{"parse", "missing.md"}, 1, nil, []string{"missing.md"}, -1},
		{"bad format", "", []string{"parse", "--format", "xml", "review.md"}, 2, nil, []string{"--format must be json or md"}, -1},
		{"no file", "", []string{"parse"}, 2, nil, []string{"want one FILE"}, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, dir, tt.stdin, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.code, stderr)
			}
			for _, s := range tt.stdout {
				if !strings.Contains(stdout, s) {
					t.Errorf("stdout lacks %q:\n%s", s, stdout)
				}
			}
			for _, s := range tt.stderr {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr)
				}
			}
			if tt.findings >= 0 {
				var r finding.Review
				if err := json.Unmarshal([]byte(stdout), &r); err != nil {
					t.Fatalf("stdout is not a review: %v", err)
				}
				if len(r.Findings) != tt.findings {
					t.Errorf("%d findings, want %d", len(r.Findings), tt.findings)
				}
			}
		})
	}
}

// TestParseAppendixFailures checks that reviews that are only pointers are
// listed with their reason and fail the command.
func TestParseAppendixFailures(t *testing.T) {
	code, stdout, stderr := runCLI(t, "", "", "parse", "--appendix", "../finding/testdata/reports/20260422-170229-pr-336.md")
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("%d reviews, want 3", len(got))
	}
	for _, r := range got {
		if r["error"] == "" || r["text"] == "" {
			t.Errorf("failure without reason or text: %v", r)
		}
	}
	if strings.Count(stderr, "no findings section") != 3 {
		t.Errorf("stderr does not name the three failures:\n%s", stderr)
	}
}
