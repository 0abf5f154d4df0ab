package prompt

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSkill(t *testing.T) {
	withRepoSkill := t.TempDir()
	os.MkdirAll(filepath.Join(withRepoSkill, ".deepreview"), 0o755)
	os.WriteFile(filepath.Join(withRepoSkill, ".deepreview", "skill.md"), []byte("repo skill\n"), 0o644)
	configured := filepath.Join(t.TempDir(), "mine.md")
	os.WriteFile(configured, []byte("configured skill\n"), 0o644)
	empty := filepath.Join(t.TempDir(), "empty.md")
	os.WriteFile(empty, []byte(" \n"), 0o644)

	tests := []struct {
		name, repo, configured string
		text, source, err      string
	}{
		{"builtin", t.TempDir(), "", DefaultSkill(), Builtin, ""},
		{"no repo", "", "", DefaultSkill(), Builtin, ""},
		{"repo's own", withRepoSkill, "", "repo skill\n", RepoSkillPath, ""},
		{"configured wins", withRepoSkill, configured, "configured skill\n", configured, ""},
		{"configured missing", withRepoSkill, configured + ".gone", "", "", "mine.md.gone: no such file"},
		{"configured empty", "", empty, "", "", "empty.md is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var tree fs.FS
			if tt.repo != "" {
				tree = os.DirFS(tt.repo)
			}
			text, source, err := Skill(tree, tt.configured)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || text != tt.text || source != tt.source {
				t.Errorf("Skill = %.40q, %q, %v", text, source, err)
			}
		})
	}
}

// TestDefaultSkill checks that the embedded skill states the format the
// parser reads (spec §2) and the review rules the real reports asked for.
func TestDefaultSkill(t *testing.T) {
	s := DefaultSkill()
	for _, want := range []string{
		"## Executive Summary", "### Critical Issues", "### Important Issues", "### Suggestions",
		"## Design Observations", "## Testing Assessment", "## Documentation Assessment",
		"## Acknowledged Limitations", "## Coverage Summary",
		"`C1.`", "(important, regression)", "`regression`", "`gap`", "`enhancement`", "`documentation`",
		"**Concerns**", "(in-scope)", "(future)", "**Strengths**", "ranked by risk",
		"Reviewed, no issues", "Trivial", "`None.`",
		"merge base", "Read only", "exact code excerpt", "Acknowledged Limitations", "every changed file",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("default skill lacks %q", want)
		}
	}
	// Section order is the order of spec §2.
	last := -1
	for _, h := range []string{"## Executive Summary", "## Findings", "### Critical Issues", "### Important Issues", "### Suggestions", "## Design Observations", "## Testing Assessment", "## Documentation Assessment", "## Acknowledged Limitations", "## Coverage Summary"} {
		i := strings.Index(s, "    "+h+"\n")
		if i <= last {
			t.Errorf("%q out of order in the format block", h)
		}
		last = i
	}
}
