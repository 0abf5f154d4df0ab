package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deepreview/deepreview/internal/report"
)

// status answers a commit status with GitHub's recorded answer to one
// (../forge/testdata/github/status-create.body), with what was sent.
func (g *fakeGitHub) status(w http.ResponseWriter, r *http.Request, sha string) {
	var in map[string]any
	json.NewDecoder(r.Body).Decode(&in)
	var out map[string]any
	g.decode("status-create.body", &out)
	for k, v := range in {
		out[k] = v
	}
	in["sha"] = sha
	g.statuses = append(g.statuses, in)
	ghJSON(w, 201, out)
}

// prRepo is newRVRepo with a local stand-in of PyGithub/PyGithub on
// GitHub, whose pull request 31 is the branch feature.
func prRepo(t *testing.T) (*rvRepo, *fakeGitHub) {
	r := newRVRepo(t)
	bare := filepath.Join(t.TempDir(), "PyGithub.git")
	r.git("clone", "-q", "--bare", r.dir, bare)
	r.git("--git-dir", bare, "update-ref", "refs/heads/topic/RewriteWithGeneratedCode", "main")
	r.git("--git-dir", bare, "update-ref", "refs/pull/31/head", "feature")
	r.git("config", "url."+bare+".insteadOf", "https://github.com/PyGithub/PyGithub.git")
	r.git("checkout", "-q", "main")
	gh, srv := newFakeGitHub(t)
	r.env["DEEPREVIEW_GITHUB_API_URL"] = srv.URL
	return r, gh
}

// TestFailOnExitCodes reviews a change whose verdict is Rework (alpha and
// beta report a critical finding) and one whose verdict is Merge with
// optional fixes, at each --fail-on level, and checks the exit status.
// The report is printed whatever the status.
func TestFailOnExitCodes(t *testing.T) {
	const suggestionOnly = "## Executive Summary\nFine.\n## Findings\n### Critical Issues\nNone.\n### Important Issues\nNone.\n### Suggestions\n" +
		"S1. **`Get` has no doc comment** — `kv.go:5` (suggestion, documentation)\n\nExported without a comment.\n"
	r := newRVRepo(t)
	rework := r.config(map[string][]string{"alpha": agentScript(t, reviewAlpha, ""), "beta": agentScript(t, reviewBeta, "")})
	optional := r.config(map[string][]string{"alpha": agentScript(t, suggestionOnly, "")})
	for _, tt := range []struct {
		config, failOn string
		want           int
	}{
		{rework, "", 0}, {rework, "never", 0}, {rework, "fixes", 3}, {rework, "rework", 3},
		{optional, "never", 0}, {optional, "fixes", 0}, {optional, "rework", 0},
	} {
		args := []string{"review", "--base", "main", "--config", tt.config, "--format", "json"}
		if tt.failOn != "" {
			args = append(args, "--fail-on", tt.failOn)
		}
		code, out, errOut := r.run(t.Context(), args...)
		rep, err := report.ReadJSON(strings.NewReader(out))
		if err != nil {
			t.Fatalf("--fail-on %q: no report printed: %v\n%s", tt.failOn, err, errOut)
		}
		if code != tt.want {
			t.Errorf("verdict %q, --fail-on %q: exit %d, want %d\n%s", rep.Verdict.Decision, tt.failOn, code, tt.want, errOut)
		}
		if code == 3 && !strings.Contains(errOut, "reaches --fail-on "+tt.failOn) {
			t.Errorf("exit 3 without saying why:\n%s", errOut)
		}
	}
}

// TestPostSetsStatus posts a review of PyGithub/PyGithub#31 as recorded
// by GitHub: the commit status on the reviewed head carries the verdict,
// fails at --fail-on, and links to the report comment; --github-output
// lists the outputs.
func TestPostSetsStatus(t *testing.T) {
	r, gh := prRepo(t)
	cfg := r.config(map[string][]string{"alpha": agentScript(t, reviewAlpha, ""), "beta": agentScript(t, reviewBeta, "")})
	head := strings.TrimSpace(r.git("rev-parse", "feature"))
	outFile := filepath.Join(t.TempDir(), "github_output")
	for round, failOn := range []string{"never", "rework"} {
		code, _, errOut := r.run(t.Context(), "review", "PyGithub/PyGithub#31", "--post", "--config", cfg, "--fail-on", failOn, "--github-output", outFile)
		want := map[string]int{"never": 0, "rework": 3}[failOn]
		if code != want {
			t.Fatalf("--fail-on %s: exit %d, want %d\n%s", failOn, code, want, errOut)
		}
		st := gh.statuses[round]
		wantState := map[string]string{"never": "success", "rework": "failure"}[failOn]
		if st["sha"] != head || st["state"] != wantState || st["context"] != "deepreview" ||
			st["description"] != "Rework: 1 critical, 1 suggestion" ||
			st["target_url"] != "https://github.com/PyGithub/PyGithub/pull/31#issuecomment-900002" {
			t.Errorf("round %d status %v", round+1, st)
		}
	}
	b, err := os.ReadFile(outFile)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 8 || lines[0] != "verdict=Rework" || !strings.HasPrefix(lines[1], "review-id=") ||
		!strings.HasPrefix(lines[2], "report-dir="+r.home) || lines[3] != "comment-url=https://github.com/PyGithub/PyGithub/pull/31#issuecomment-900002" {
		t.Errorf("github output:\n%s", b)
	}
}

// TestReviewPostRefused: an agent's output holds a GitHub token; --post
// refuses to publish even the redacted report, says why, and still prints
// and stores it (done, not failed). --post-anyway posts it.
func TestReviewPostRefused(t *testing.T) {
	r, gh := prRepo(t)
	token := "ghp_" + strings.Repeat("Z9y8X7w6", 5)[:36]
	leaky := strings.Replace(reviewAlpha, "The map is never made, so Put panics.", "The map is never made; also I saw "+token+".", 1)
	cfg := r.config(map[string][]string{"alpha": agentScript(t, leaky, "")})
	code, out, errOut := r.run(t.Context(), "review", "PyGithub/PyGithub#31", "--post", "--config", cfg)
	if code != 1 || !strings.Contains(errOut, "--post-anyway") || !strings.Contains(out, "## Critical Issues") {
		t.Fatalf("exit %d, want 1 with the report printed and the reason\nstderr: %s\nstdout: %.300s", code, errOut, out)
	}
	for _, q := range gh.requests {
		if strings.HasPrefix(q, "POST ") || strings.HasPrefix(q, "PATCH ") {
			t.Errorf("posted despite the refusal: %s", q)
		}
	}
	if rep, _ := r.stored(); rep == nil || rep.Round != 1 {
		t.Errorf("the refused review is not stored as round 1: %+v", rep)
	}
	if code, _, errOut := r.run(t.Context(), "review", "PyGithub/PyGithub#31", "--post", "--post-anyway", "--config", cfg); code != 0 {
		t.Fatalf("--post-anyway: exit %d\n%s", code, errOut)
	}
	if len(gh.comments) < 2 || strings.Contains(fmt.Sprint(gh.comments), token) {
		t.Errorf("--post-anyway did not post the redacted report")
	}
}
