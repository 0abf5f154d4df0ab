package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deepreview/deepreview/internal/review"
	"github.com/deepreview/deepreview/internal/store"
)

func TestNotesShowAndDecide(t *testing.T) {
	fx := newStoreFixture(t)
	if _, err := fx.store.Propose("acme/widget", "20250131-142501-pr-7", store.ContextNote,
		[]string{"The WAL is fsynced by the caller, not by Append."}, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := fx.store.Propose("acme/widget", "20250131-142501-pr-7", store.SkillNote,
		[]string{"Ask agents to run go vet before reporting."}, time.Now()); err != nil {
		t.Fatal(err)
	}
	const pending = "Proposals, used by no review until you accept them (deepreview notes accept|reject ID...):\n\n" +
		"1  context  The WAL is fsynced by the caller, not by Append. (from review 20250131-142501-pr-7)\n" +
		"2  skill    Ask agents to run go vet before reporting. (from review 20250131-142501-pr-7)\n"
	notesPath := filepath.Join(fx.home, "repos", "acme", "widget", "notes.md")
	tests := []struct {
		name   string
		dir    string
		args   []string
		code   int
		stdout string
		stderr string // a part of stderr
	}{
		{"pending only", fx.widget, nil, 0, pending, ""},
		{"--repo outside a repository", fx.outside, []string{"--repo", "acme/widget"}, 0, pending, ""},
		{"nothing stored", fx.plain, nil, 0, "", "no notes or proposals stored for plain yet (your notes would be in " +
			filepath.Join(fx.home, "repos", localID(t, fx.plain), "notes.md") + ")\n"},
		{"accept", fx.widget, []string{"accept", "#1"}, 0, "", "deepreview: accepted 1; every later review of acme/widget reads it: The WAL"},
		{"accepted and pending", fx.topic, nil, 0, "Your notes for acme/widget, which every review of it reads (deepreview notes --edit):\n\n" +
			"- The WAL is fsynced by the caller, not by Append.\n\n" +
			"Proposals, used by no review until you accept them (deepreview notes accept|reject ID...):\n\n" +
			"2  skill  Ask agents to run go vet before reporting. (from review 20250131-142501-pr-7)\n", ""},
		{"accept twice", fx.widget, []string{"accept", "1"}, 1, "", "acme/widget: proposal 1 is already accepted (see 'deepreview notes')"},
		{"reject, flag after", fx.outside, []string{"reject", "2", "--repo", "acme/widget"}, 0, "", "deepreview: rejected 2: Ask agents"},
		{"unknown id", fx.widget, []string{"reject", "9"}, 1, "", "no proposal 9"},
		{"no ids", fx.widget, []string{"accept"}, 2, "", "name the proposals' ids"},
		{"bad id", fx.widget, []string{"accept", "x"}, 2, "", `"x" is not a proposal id`},
		{"unknown command", fx.widget, []string{"acme/widget"}, 2, "", `unknown command "acme/widget": want accept or reject`},
		{"outside a repository", fx.outside, nil, 1, "", "is not a git work tree: "},
		{"bad --repo", fx.outside, []string{"--repo", "a/b/c"}, 1, "", `repository "a/b/c": want owner/name or a folder name`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := fx.run(t, tt.dir, append([]string{"notes"}, tt.args...)...)
			if code != tt.code || stdout != tt.stdout || !strings.Contains(stderr, tt.stderr) || tt.stderr == "" && stderr != "" {
				t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s\nwant exit %d, stdout:\n%s\nstderr containing %q", code, stdout, stderr, tt.code, tt.stdout, tt.stderr)
			}
		})
	}
	if b, _ := os.ReadFile(notesPath); string(b) != "# Your notes for reviews of acme/widget\n\n- The WAL is fsynced by the caller, not by Append.\n" {
		t.Errorf("notes.md:\n%s", b)
	}
}

// TestNotesBeforeConsent: notes an older deepreview stored (and applied)
// without asking are listed as pending, and the listing says so.
func TestNotesBeforeConsent(t *testing.T) {
	fx := newStoreFixture(t)
	dir := filepath.Join(fx.home, "repos", "acme", "widget")
	os.MkdirAll(dir, 0o700)
	os.WriteFile(filepath.Join(dir, "context.md"), []byte("# Repository context: acme/widget\n\n- Tests need Docker.\n"), 0o600)
	_, stdout, _ := fx.run(t, fx.widget, "notes")
	for _, want := range []string{
		"1  context  Tests need Docker. (stored before deepreview asked for consent)\n",
		"1 of these were used by every review before deepreview asked for consent; now none is until you accept it.\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("notes:\n%s\nwant %q in it", stdout, want)
		}
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

	// A first edit creates the file; notes then prints it, and the store
	// reads it as the user's.
	if code, stdout, stderr := fx.run(t, fx.widget, "notes", "--edit"); code != 0 || stdout != "" || stderr != "" {
		t.Fatalf("notes --edit: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if _, stdout, _ := fx.run(t, fx.widget, "notes"); !strings.HasSuffix(stdout, "\n- added by the editor\n") {
		t.Errorf("notes after --edit = %q", stdout)
	}
	if n, err := fx.store.Notes("acme/widget"); err != nil || len(n.Accepted) != 1 || n.Accepted[0] != "added by the editor" {
		t.Errorf("store notes after --edit = %+v, %v", n, err)
	}
	// VISUAL comes before EDITOR, and may hold arguments.
	fx.getenv["VISUAL"] = editorScript(t, "- from visual") + " --wait"
	if code, _, stderr := fx.run(t, fx.outside, "notes", "--edit", "--repo", "acme/widget"); code != 0 {
		t.Fatalf("notes --edit --repo: exit %d, stderr %q", code, stderr)
	}
	if n, _ := fx.store.Notes("acme/widget"); len(n.Accepted) != 2 || n.Accepted[1] != "from visual" {
		t.Errorf("after VISUAL: %q", n.Accepted)
	}
	// An editor that fails is an error naming it.
	fx.getenv["VISUAL"] = "false"
	code, _, stderr := fx.run(t, fx.widget, "notes", "--edit")
	if want := `deepreview: editor "false" on ` + filepath.Join(fx.home, "repos", "acme", "widget", "notes.md") + ": exit status 1\n"; code != 1 || stderr != want {
		t.Errorf("failing editor: exit %d, stderr %q, want %q", code, stderr, want)
	}
	if code, _, stderr := fx.run(t, fx.widget, "notes", "--edit", "accept", "1"); code != 2 || !strings.Contains(stderr, "do not go together") {
		t.Errorf("--edit with accept: exit %d, %q", code, stderr)
	}
}

// localID is the RepoID of the repository without a GitHub remote at dir.
func localID(t *testing.T, dir string) string {
	t.Helper()
	id, _, _, err := review.HereRepo(t.Context(), dir)
	if err != nil || !strings.HasPrefix(id, review.LocalPrefix) {
		t.Fatalf("RepoID of %s = %q, %v", dir, id, err)
	}
	return filepath.FromSlash(id)
}
