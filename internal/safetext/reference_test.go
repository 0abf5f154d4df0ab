package safetext

import (
	"strings"
	"testing"
)

// TestReferences: issue references in agent text are broken like
// mentions, so a report posted on a PR puts no event in other
// repositories' issues; in code they stay as written.
func TestReferences(t *testing.T) {
	in := "Fixes #12, see other/repo#345 and `#7 in code`."
	for name, out := range map[string]string{"Markdown": Markdown(in), "Inline": Inline(in), "Cell": Cell(in)} {
		if strings.Contains(out, "#12") || strings.Contains(out, "repo#345") {
			t.Errorf("%s: a reference survives: %q", name, out)
		}
		if !strings.Contains(out, "#\u200b12") || !strings.Contains(out, "`#7 in code`") {
			t.Errorf("%s: %q", name, out)
		}
	}
	if got := Markdown("# Title"); strings.Contains(got, "\u200b") {
		t.Errorf("a heading marker is not a reference: %q", got)
	}
}
