package review

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/deepreview/deepreview/internal/forge"
	"github.com/deepreview/deepreview/internal/prompt"
	"github.com/deepreview/deepreview/internal/report"
)

// ContextFile is the repository's own context notes for reviewers.
const ContextFile = ".deepreview/context.md"

// buildPrompt writes the review prompt every agent gets, and names the
// skill it used. The skill and the context notes are read from the
// snapshot, which holds the base revision's .deepreview/ (or from the
// configured skill file): a change must not be able to rewrite the
// instructions it is reviewed by.
func buildPrompt(req Request, deps Deps, ch *change, h *history, tree fs.FS, whole prompt.Whole, since *prompt.Since, round int) (string, string, error) {
	skill, source, err := prompt.Skill(tree, req.SkillPath)
	if err != nil {
		return "", "", err
	}
	if source == prompt.RepoSkillPath {
		source = fmt.Sprintf("%s at base %.7s", source, ch.ws.Base)
	}
	repoContext, err := readOptional(tree, ContextFile)
	if err != nil {
		return "", "", err
	}
	notes, err := deps.Store.Notes(repoKey(ch.report))
	if err != nil {
		return "", "", err
	}
	in := prompt.Input{
		Skill:       skill,
		Change:      promptChange(ch),
		Commits:     promptCommits(ch.report.Commits),
		Files:       promptFiles(ch),
		RepoContext: repoContext,
		Notes:       bullets(notes.Accepted), // proposals reach no prompt until accepted
		Round:       max(round, 1),           // the store's round: unique even when reviews run at once
		Whole:       whole,
		Since:       since,
		Threads:     promptThreads(ch.threads),
	}
	if h.prev != nil {
		in.Previous = promptPrevious(h.prev.Findings, h)
	}
	in.Declined = h.promptDeclines()
	return prompt.Build(in), prompt.Label(skill, source), nil
}

func readOptional(tree fs.FS, name string) (string, error) {
	data, err := fs.ReadFile(tree, name)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	return string(data), err
}

func promptChange(ch *change) prompt.Change {
	c := prompt.Change{
		Repo: ch.report.Repo, PR: ch.report.PR, URL: ch.report.PRURL, Branch: ch.report.Branch,
		BaseRef: ch.ws.BaseRef, Title: ch.report.Title, Author: ch.report.Author,
		MergeBase: ch.ws.Base, Head: ch.ws.Head,
	}
	if ch.pr != nil {
		c.Body, c.BaseRef = ch.pr.Body, ch.pr.BaseRef
	}
	return c
}

func promptCommits(cs []report.Commit) []prompt.Commit {
	out := make([]prompt.Commit, len(cs))
	for i, c := range cs {
		out[i] = prompt.Commit{SHA: c.SHA, Subject: c.Subject}
	}
	return out
}

func promptFiles(ch *change) []prompt.File {
	out := make([]prompt.File, len(ch.ws.Files))
	for i, f := range ch.ws.Files {
		out[i] = prompt.File{Path: f.Path, Additions: f.Added, Deletions: f.Removed}
		if f.OldPath != "" {
			out[i].Status = "renamed from " + f.OldPath
		}
	}
	return out
}

func promptPrevious(fs []report.Finding, h *history) []prompt.Previous {
	out := make([]prompt.Previous, len(fs))
	for i, f := range fs {
		out[i] = prompt.Previous{ID: f.ID, Severity: f.Severity, Title: f.Title, Locations: f.Locations, Fingerprint: f.Fingerprint,
			Resolution: h.resolutionText(f.ID)}
	}
	return out
}

func bullets(items []string) string {
	var b strings.Builder
	for _, it := range items {
		b.WriteString("- " + it + "\n")
	}
	return b.String()
}

// maxDiff bounds the diff put into a prompt; a larger one is left to the
// agent to read from the file, in pieces.
const maxDiff = 256 << 10

// diffSection is the change's diff for agents that cannot run git: gemini
// reviews without a shell tool. The whole diff, or none: a diff too large
// for the prompt is never cut, the prompt points to its file instead.
func diffSection(w prompt.Whole) string {
	if w.DiffBytes > maxDiff {
		return fmt.Sprintf("\n\n## The diff\n\nYou have no shell. The diff is %d KiB, too large to include here: read `%s` with your file tool, %d lines at a time, until you have read all %d lines.\n",
			w.DiffBytes>>10, w.Diff, 2000, w.DiffLines)
	}
	out, err := os.ReadFile(w.Diff)
	if err != nil {
		return fmt.Sprintf("\n\n## The diff\n\n(unavailable here: %v; read `%s` with your file tool)\n", err, w.Diff)
	}
	fence := strings.Repeat("`", max(3, longestRun(string(out), '`')+1))
	return fmt.Sprintf("\n\n## The diff\n\nYou have no shell, so here is the whole diff (also in `%s`):\n\n%sdiff\n%s\n%s\n", w.Diff, fence, out, fence)
}

// longestRun is the length of the longest run of c in s.
func longestRun(s string, c byte) int {
	best, n := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			n++
			best = max(best, n)
		} else {
			n = 0
		}
	}
	return best
}

// reviewState says what kind of review a summary is ("approved",
// "changes requested", "commented", "dismissed"; "review" for a state
// GitHub may add), "" for a thread on lines.
func reviewState(t forge.Thread) string {
	if !t.Summary {
		return ""
	}
	switch t.State {
	case "APPROVED":
		return "approved"
	case "CHANGES_REQUESTED":
		return "changes requested"
	case "COMMENTED":
		return "commented"
	case "DISMISSED":
		return "dismissed"
	}
	return "review"
}

func promptThreads(ts []forge.Thread) []prompt.Thread {
	if ts == nil {
		return nil
	}
	out := make([]prompt.Thread, len(ts))
	for i, t := range ts {
		out[i] = prompt.Thread{Author: t.Author, Path: t.Path, Line: t.Line, Outdated: t.Outdated, Resolved: t.Resolved,
			Review: reviewState(t), Body: t.Body, Replies: t.Replies}
	}
	return out
}
