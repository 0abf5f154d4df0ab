package cli

import (
	"context"
	"fmt"
	"io"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/deepreview/deepreview/internal/review"
	"github.com/deepreview/deepreview/internal/store"
)

const notesUsage = `[accept|reject ID...] [--edit] [--repo owner/name]

Without a command, prints the notes kept for the current repository (or
--repo): your notes, which every review of it reads, and the proposals
for them that consolidators made, with their ids. A proposal reaches no
review until you accept it:

  deepreview notes accept 3 5   add proposals 3 and 5 to your notes
  deepreview notes reject 4     drop proposal 4 (it is not proposed again)

--edit opens your notes in $VISUAL, else $EDITOR, else vi.
`

// runNotes prints a repository's notes and proposals, decides proposals,
// or edits the notes.
func runNotes(ctx context.Context, args []string, env Env) error {
	fs := newFlags("notes", notesUsage, env)
	edit := fs.Bool("edit", false, "open your notes in the editor")
	repo := fs.String("repo", "", "the repository `owner/name` (default: the current repository)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	var verb string
	var ids []int
	if len(pos) > 0 {
		if verb, ids, err = notesCommand(pos); err != nil {
			return err
		}
		if *edit {
			return usagef("notes: --edit and %s do not go together", verb)
		}
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
	switch {
	case verb != "":
		return decide(env, s, *repo, ids, verb == "accept")
	case *edit:
		path, err := s.NotesPath(*repo)
		if err != nil {
			return err
		}
		return runEditor(ctx, env, path)
	}
	return printNotes(env, s, *repo)
}

// notesCommand parses "accept|reject ID...".
func notesCommand(pos []string) (string, []int, error) {
	verb := pos[0]
	if verb != "accept" && verb != "reject" {
		return "", nil, usagef("notes: unknown command %q: want accept or reject (name a repository with --repo)", verb)
	}
	if len(pos) == 1 {
		return "", nil, usagef("notes %s: name the proposals' ids (see 'deepreview notes')", verb)
	}
	var ids []int
	for _, a := range pos[1:] {
		id, err := strconv.Atoi(strings.TrimPrefix(a, "#"))
		if err != nil || id <= 0 {
			return "", nil, usagef("notes %s: %q is not a proposal id", verb, a)
		}
		ids = append(ids, id)
	}
	return verb, ids, nil
}

func decide(env Env, s *store.Store, repo string, ids []int, accept bool) error {
	decided, err := s.Decide(repo, ids, accept, envNow(env))
	if err != nil {
		return fmt.Errorf("%s: %w (see 'deepreview notes')", repo, err)
	}
	for _, p := range decided {
		if accept {
			fmt.Fprintf(env.Stderr, "deepreview: accepted %d; every later review of %s reads it: %s\n", p.ID, review.RepoLabel(repo), p.Text)
		} else {
			fmt.Fprintf(env.Stderr, "deepreview: rejected %d: %s\n", p.ID, p.Text)
		}
	}
	return nil
}

// printNotes prints the user's notes and the pending proposals.
func printNotes(env Env, s *store.Store, repo string) error {
	n, err := s.Notes(repo)
	if err != nil {
		return err
	}
	if len(n.Accepted) == 0 && len(n.Pending) == 0 {
		path, _ := s.NotesPath(repo)
		fmt.Fprintf(env.Stderr, "no notes or proposals stored for %s yet (your notes would be in %s)\n", review.RepoLabel(repo), path)
		return nil
	}
	w := env.Stdout
	if len(n.Accepted) > 0 {
		fmt.Fprintf(w, "Your notes for %s, which every review of it reads (deepreview notes --edit):\n\n", review.RepoLabel(repo))
		for _, it := range n.Accepted {
			fmt.Fprintf(w, "- %s\n", it)
		}
	}
	if len(n.Pending) > 0 {
		if len(n.Accepted) > 0 {
			fmt.Fprintln(w)
		}
		writeProposals(w, n.Pending)
	}
	return nil
}

func writeProposals(w io.Writer, ps []store.Proposal) {
	fmt.Fprintf(w, "Proposals, used by no review until you accept them (deepreview notes accept|reject ID...):\n\n")
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	old := 0
	for _, p := range ps {
		from := "from review " + p.Review
		if p.BeforeConsent() {
			from, old = "stored before deepreview asked for consent", old+1
		}
		fmt.Fprintf(tw, "%d\t%s\t%s (%s)\n", p.ID, p.Kind, p.Text, from)
	}
	tw.Flush()
	if old > 0 {
		fmt.Fprintf(w, "\n%d of these were used by every review before deepreview asked for consent; now none is until you accept it.\n", old)
	}
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
