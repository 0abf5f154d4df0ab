package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

const notesUsage = `[--skill] [--edit] [--repo owner/name]

Prints the context notes stored for the current repository (or --repo),
which every review of it reads; --skill prints the proposed review skill
improvements instead, which are never applied automatically. --edit opens
the file in $VISUAL, else $EDITOR, else vi.
`

// skillProposalsFile is the store's name for the proposals, beside the
// context file that store.NotesPath returns.
const skillProposalsFile = "skill-proposals.md"

// runNotes prints or edits a repository's context notes or skill proposals.
func runNotes(ctx context.Context, args []string, env Env) error {
	fs := newFlags("notes", notesUsage, env)
	skill := fs.Bool("skill", false, "the skill improvement proposals instead of the context notes")
	edit := fs.Bool("edit", false, "open the file in the editor")
	repo := fs.String("repo", "", "the repository `owner/name` (default: the current repository)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("notes: unexpected argument %q (name a repository with --repo)", pos[0])
	}
	if *repo == "" {
		if *repo, _, err = hereRepo(ctx, env, "name a repository with --repo owner/name"); err != nil {
			return err
		}
	}
	s, err := envStore(env)
	if err != nil {
		return err
	}
	path, err := s.NotesPath(*repo)
	if err != nil {
		return err
	}
	what := "context notes"
	if *skill {
		path, what = filepath.Join(filepath.Dir(path), skillProposalsFile), "skill improvement proposals"
	}
	if *edit {
		return runEditor(ctx, env, path)
	}
	data, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if strings.TrimSpace(string(data)) == "" {
		fmt.Fprintf(env.Stderr, "no %s stored for %s yet (they would be in %s)\n", what, *repo, path)
		return nil
	}
	_, err = env.Stdout.Write(data)
	return err
}

// runEditor opens path in the user's editor, attached to the terminal.
// The editor setting may hold arguments ("code --wait"), so it goes
// through the shell as git runs it.
func runEditor(ctx context.Context, env Env, path string) error {
	editor := strings.TrimSpace(env.Getenv("VISUAL"))
	if editor == "" {
		editor = strings.TrimSpace(env.Getenv("EDITOR"))
	}
	if editor == "" {
		editor = "vi"
	}
	var cmd *exec.Cmd
	if runtime.GOOS == "windows" {
		f := strings.Fields(editor)
		cmd = exec.CommandContext(ctx, f[0], append(f[1:], path)...)
	} else {
		cmd = exec.CommandContext(ctx, "sh", "-c", editor+` "$@"`, editor, path)
	}
	cmd.Dir = env.Dir
	if env.Environ != nil {
		cmd.Env = env.Environ()
	}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = env.Stdin, env.Stdout, env.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("editor %q on %s: %w", editor, path, err)
	}
	return nil
}
