package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNotesShow(t *testing.T) {
	fx := newStoreFixture(t)
	if _, err := fx.store.AddContext("acme/widget", []string{"The WAL is fsynced by the caller, not by Append."}); err != nil {
		t.Fatal(err)
	}
	if _, err := fx.store.AddSkillProposals("acme/widget", []string{"Ask agents to run go vet before reporting."}); err != nil {
		t.Fatal(err)
	}
	if _, err := fx.store.AddContext("plain", []string{"A local repository's notes live under its folder name."}); err != nil {
		t.Fatal(err)
	}
	const (
		widgetContext = "# Repository context: acme/widget\n\n- The WAL is fsynced by the caller, not by Append.\n"
		widgetSkill   = "# Proposed review skill improvements (never applied automatically): acme/widget\n\n- Ask agents to run go vet before reporting.\n"
		plainContext  = "# Repository context: plain\n\n- A local repository's notes live under its folder name.\n"
	)
	otherDir := filepath.Join(fx.home, "repos", "acme", "other")
	tests := []struct {
		name   string
		dir    string
		args   []string
		code   int
		stdout string
		stderr string // a part of stderr
	}{
		{"context of the current repository", fx.widget, nil, 0, widgetContext, ""},
		{"skill proposals", fx.topic, []string{"--skill"}, 0, widgetSkill, ""},
		{"--repo outside a repository", fx.outside, []string{"--repo", "acme/widget"}, 0, widgetContext, ""},
		{"a local repository", fx.plain, nil, 0, plainContext, ""},
		{"nothing stored", fx.widget, []string{"--repo", "acme/other"}, 0, "",
			"no context notes stored for acme/other yet (they would be in " + filepath.Join(otherDir, "context.md") + ")\n"},
		{"no proposals stored", fx.plain, []string{"--skill"}, 0, "",
			"no skill improvement proposals stored for plain yet (they would be in " + filepath.Join(fx.home, "repos", "plain", "skill-proposals.md") + ")\n"},
		{"outside a repository", fx.outside, nil, 1, "", "is not a git work tree: "},
		{"outside a repository, the hint", fx.outside, nil, 1, "", "; name a repository with --repo owner/name\n"},
		{"bad --repo", fx.outside, []string{"--repo", "a/b/c"}, 1, "", `repository "a/b/c": want owner/name or a folder name`},
		{"an argument", fx.widget, []string{"acme/widget"}, 2, "", `unexpected argument "acme/widget" (name a repository with --repo)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := fx.run(t, tt.dir, append([]string{"notes"}, tt.args...)...)
			if code != tt.code || stdout != tt.stdout || !strings.Contains(stderr, tt.stderr) || tt.stderr == "" && stderr != "" {
				t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s\nwant exit %d, stdout:\n%s\nstderr containing %q", code, stdout, stderr, tt.code, tt.stdout, tt.stderr)
			}
		})
	}
}

// editorScript writes a shell script that appends line to the file it is
// given (its last argument), as an editor would save it.
func editorScript(t *testing.T, line string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "editor")
	script := "#!/bin/sh\nfor file; do :; done\necho '" + line + "' >> \"$file\"\n"
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestNotesEdit(t *testing.T) {
	fx := newStoreFixture(t)
	fx.getenv["EDITOR"] = editorScript(t, "- added by the editor")

	// A first edit creates the file; notes then prints it.
	if code, stdout, stderr := fx.run(t, fx.widget, "notes", "--edit"); code != 0 || stdout != "" || stderr != "" {
		t.Fatalf("notes --edit: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if _, stdout, _ := fx.run(t, fx.widget, "notes"); stdout != "- added by the editor\n" {
		t.Errorf("notes after --edit = %q", stdout)
	}
	// The store reads what the editor wrote.
	if n, err := fx.store.Notes("acme/widget"); err != nil || len(n.Context) != 1 || n.Context[0] != "added by the editor" {
		t.Errorf("store notes after --edit = %+v, %v", n, err)
	}

	// --skill edits the proposals; VISUAL comes before EDITOR, and may hold
	// arguments.
	fx.getenv["VISUAL"] = editorScript(t, "- from visual") + " --wait"
	if code, _, stderr := fx.run(t, fx.outside, "notes", "--skill", "--edit", "--repo", "acme/widget"); code != 0 {
		t.Fatalf("notes --skill --edit: exit %d, stderr %q", code, stderr)
	}
	if _, stdout, _ := fx.run(t, fx.widget, "notes", "--skill"); stdout != "- from visual\n" {
		t.Errorf("notes --skill after --edit = %q", stdout)
	}
	if _, stdout, _ := fx.run(t, fx.widget, "notes"); stdout != "- added by the editor\n" {
		t.Errorf("notes after editing the proposals = %q", stdout)
	}

	// An editor that fails is an error naming it.
	fx.getenv["VISUAL"] = "false"
	code, _, stderr := fx.run(t, fx.widget, "notes", "--edit")
	if want := `deepreview: editor "false" on ` + filepath.Join(fx.home, "repos", "acme", "widget", "context.md") + ": exit status 1\n"; code != 1 || stderr != want {
		t.Errorf("failing editor: exit %d, stderr %q, want %q", code, stderr, want)
	}
}
