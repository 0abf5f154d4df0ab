package review

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/deepreview/deepreview/internal/gitcmd"
	"github.com/deepreview/deepreview/internal/prompt"
	"github.com/deepreview/deepreview/internal/report"
)

// ContextFile is the repository's own context notes for reviewers.
const ContextFile = ".deepreview/context.md"

// buildPrompt writes the review prompt every agent gets. The skill comes
// from the user's checkout (or the configured path), never from the
// change under review: a pull request must not be able to rewrite the
// instructions it is reviewed by. The context notes are read from the
// reviewed tree, where they describe the code as it is at head.
func buildPrompt(ctx context.Context, req Request, deps Deps, ch *change, prev *report.Report, tree string) (string, error) {
	skill, _, err := prompt.Skill(ch.ws.RepoDir, req.SkillPath)
	if err != nil {
		return "", err
	}
	repoContext, err := readOptional(filepath.Join(tree, filepath.FromSlash(ContextFile)))
	if err != nil {
		return "", err
	}
	notes, err := deps.Store.Notes(ch.report.Repo)
	if err != nil {
		return "", err
	}
	in := prompt.Input{
		Skill:       skill,
		Change:      promptChange(ch),
		Commits:     promptCommits(ch.report.Commits),
		Files:       promptFiles(ch),
		RepoContext: repoContext,
		Notes:       bullets(notes.Accepted), // proposals reach no prompt until accepted
		Round:       1,
	}
	if prev != nil {
		in.Round = prev.Round + 1
		in.Previous = promptPrevious(prev.Findings)
	}
	return prompt.Build(in), nil
}

func readOptional(path string) (string, error) {
	data, err := os.ReadFile(path)
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

func promptPrevious(fs []report.Finding) []prompt.Previous {
	out := make([]prompt.Previous, len(fs))
	for i, f := range fs {
		out[i] = prompt.Previous{ID: f.ID, Severity: f.Severity, Title: f.Title, Locations: f.Locations}
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

// maxDiff bounds the diff put into a prompt; past it the agent reads the
// files themselves.
const maxDiff = 256 << 10

// diffSection is the change's diff for agents that cannot run git: gemini
// reviews in plan mode, which is read-only but has no shell tool.
func diffSection(ctx context.Context, ch *change) string {
	out, err := gitcmd.Output(ctx, ch.ws.RepoDir, "diff", "--no-color", "--no-ext-diff", ch.ws.Base+".."+ch.ws.Head)
	if err != nil {
		return "\n\n## The diff\n\n(unavailable: " + err.Error() + "; read the changed files instead)\n"
	}
	note := ""
	if len(out) > maxDiff {
		out, note = out[:maxDiff], fmt.Sprintf("\n(cut at %d KiB: read the remaining changed files yourself)\n", maxDiff>>10)
	}
	fence := strings.Repeat("`", max(3, longestRun(string(out), '`')+1))
	return fmt.Sprintf("\n\n## The diff\n\nYou have no shell, so here is `git diff %.12s..%.12s`:\n\n%sdiff\n%s\n%s\n%s", ch.ws.Base, ch.ws.Head, fence, out, fence, note)
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
