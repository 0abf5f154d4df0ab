package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/deepreview/deepreview/internal/report"
)

// TestReviewStoreUnwritable: an agent replaces the review's folder with a
// file while the review runs (what a store that cannot be written looks
// like, even to root, whom chmod does not stop). The report still goes
// to stdout, and the error says what was not stored.
func TestReviewStoreUnwritable(t *testing.T) {
	r := newRVRepo(t)
	// alpha waits for beta to be under way (its transcript open), so that
	// the folder moves under both agents, whichever deepreview starts
	// first; then it replaces the review's folder with a file.
	sabotage := `i=0; until ls ` + r.home + `/reviews/*/agents/beta/transcript.jsonl >/dev/null 2>&1 || [ $i -ge 500 ]; do sleep 0.01; i=$((i+1)); done; ` +
		`for d in ` + r.home + `/reviews/*; do mv "$d" "$d.moved" && : > "$d"; done;`
	cfg := r.config(map[string][]string{
		"alpha": agentScript(t, reviewAlpha, sabotage),
		"beta":  agentScript(t, reviewBeta, "sleep 0.2;"),
	})
	// The agent stands in for a failing disk: it must reach the store, so
	// it runs unconfined (the sandbox would stop it, rightly).
	code, out, errOut := r.run(t.Context(), "review", "--config", cfg, "--format", "json", "--sandbox", "off")
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, errOut)
	}
	rep, err := report.ReadJSON(strings.NewReader(out))
	if err != nil {
		t.Fatalf("stdout is not the report: %v\n%.300s", err, out)
	}
	if len(rep.Findings) == 0 || len(rep.Retro.Agents) != 2 {
		t.Errorf("the report lost the agents' findings: %d findings, %d agents", len(rep.Findings), len(rep.Retro.Agents))
	}
	for _, want := range []string{"the report is not stored: could not write in " + r.home + "/reviews/",
		// beta's folder fails as "not a directory" or "file exists",
		// depending on whether alpha's sabotage or beta's write came first.
		"agents/alpha (not a directory)", "agents/beta (", "report.json (not a directory)",
		"the report above is all there is of it"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if strings.Contains(errOut, "stored in") {
		t.Errorf("stderr claims the review was stored:\n%s", errOut)
	}
	// The agents' transcripts were written through open files before the
	// folder moved: they are in the moved folder.
	moved, _ := filepath.Glob(filepath.Join(r.home, "reviews", "*.moved", "agents", "*", "transcript.jsonl"))
	if len(moved) != 2 {
		t.Errorf("transcripts in the moved folder: %v", moved)
	}
	t.Logf("stderr:\n%s", errOut)
}
