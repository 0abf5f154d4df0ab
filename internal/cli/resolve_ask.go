package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/report"
	"github.com/deepreview/deepreview/internal/safetext"
)

// This file holds the questions 'deepreview resolve' asks on a terminal:
// a loop over an io.Reader and an io.Writer, so tests script it. The
// terminal and the store are wired in resolve_tty.go.

// askItem is one finding to ask about, with what was recorded for it
// before (nil: nothing).
type askItem struct {
	Finding report.Finding
	Had     *report.Resolved
}

// The answers to the action question besides report.Actions.
const (
	askNext = "next"
	askQuit = "quit"
)

// askChoices maps each accepted answer to its action: the letter, and
// the words a user may type instead.
var askChoices = map[string]string{
	"f": report.ActionFixed, "fixed": report.ActionFixed, "fix": report.ActionFixed,
	"t": report.ActionTestWritten, "test": report.ActionTestWritten, "test-written": report.ActionTestWritten,
	"d": report.ActionDocsUpdated, "docs": report.ActionDocsUpdated, "documentation-updated": report.ActionDocsUpdated,
	"c": report.ActionCommented, "comment": report.ActionCommented, "commented": report.ActionCommented,
	"s": report.ActionSkipped, "skip": report.ActionSkipped, "skipped": report.ActionSkipped,
	"n": askNext, "next": askNext, "leave": askNext,
	"q": askQuit, "quit": askQuit,
}

const askMenu = "[f]ixed [t]est written [d]ocs updated [c]ommented [s]kipped [n]ext [q]uit"

// askBack, typed for a commit list or a reason, goes back to the action
// question: a mistaken s need not be given a reason.
const askBack = "<"

// errAskQuit stops the questions: q or the end of input.
var errAskQuit = errors.New("quit")

// asker asks on out and reads the answers from lines.
type asker struct {
	ctx   context.Context
	lines <-chan string
	out   io.Writer
	// commits are offered for fixed, test written and documentation
	// updated: Enter takes them.
	commits []string
}

// askResolutions asks about each item in turn and calls save with each
// answer when it is given, so stopping — q, the end of input (Ctrl-D) or
// ctx's end (Ctrl-C) — loses nothing answered. It returns the answers
// saved and whether the user stopped before the last item; its error is
// ctx's or save's.
func askResolutions(ctx context.Context, in io.Reader, out io.Writer, items []askItem, commits []string,
	save func(id string, x report.Resolved) error) (map[string]report.Resolved, bool, error) {
	stop := make(chan struct{})
	defer close(stop)
	a := &asker{ctx: ctx, lines: readLines(in, stop), out: out, commits: commits}
	answers := map[string]report.Resolved{}
	for i, it := range items {
		a.show(i, len(items), it)
		x, ok, err := a.one(it.Finding.ID)
		if errors.Is(err, errAskQuit) {
			return answers, true, nil
		}
		if err != nil {
			return answers, true, err
		}
		if !ok {
			continue
		}
		if err := save(it.Finding.ID, x); err != nil {
			return answers, true, err
		}
		answers[it.Finding.ID] = x
		fmt.Fprintf(out, "  recorded: %s\n", termLine(describeResolved(x)))
	}
	return answers, false, nil
}

// readLines sends r's lines until its end or stop. A read blocks, so it
// runs on its own: ctx can end the questions while it waits (on a
// terminal it waits until the process exits).
func readLines(r io.Reader, stop <-chan struct{}) <-chan string {
	ch := make(chan string)
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			select {
			case ch <- sc.Text():
			case <-stop:
				return
			}
		}
	}()
	return ch
}

// show writes the finding: its id, severity, title and locations, and
// what was recorded for it. They come from the agents: one line each,
// made safe for a terminal.
func (a *asker) show(i, n int, it askItem) {
	f := it.Finding
	fmt.Fprintf(a.out, "\n%s (%d of %d)  %s  %s\n", termLine(f.ID), i+1, n, termLine(string(f.Severity)), termLine(f.Title))
	if loc := termLocations(f.Locations); loc != "" {
		fmt.Fprintf(a.out, "  %s\n", loc)
	}
	if it.Had != nil {
		fmt.Fprintf(a.out, "  recorded before: %s\n", termLine(describeResolved(*it.Had)))
	}
}

// one asks for the action on finding id, then its detail. ok is false
// when the user leaves the finding for later.
func (a *asker) one(id string) (x report.Resolved, ok bool, err error) {
	for {
		l, err := a.line(askMenu + ": ")
		if err != nil {
			return x, false, err
		}
		action, known := askChoices[strings.ToLower(l)]
		switch {
		case !known:
			fmt.Fprintf(a.out, "  %q is not an answer: type one letter of f, t, d, c, s, n, q and Enter\n", l)
			continue
		case action == askNext:
			return x, false, nil
		case action == askQuit:
			return x, false, errAskQuit
		}
		d, back, err := a.detail(id, action)
		if err != nil || !back {
			return d, err == nil, err
		}
	}
}

// detail asks what the action needs: the commits, or the reason. back
// is set when the user typed askBack.
func (a *asker) detail(id, action string) (x report.Resolved, back bool, err error) {
	for {
		x = report.Resolved{Action: action}
		var l string
		if l, err = a.line(a.detailPrompt(action)); err != nil {
			return x, false, err
		}
		if l == askBack {
			return x, true, nil
		}
		switch action {
		case report.ActionFixed, report.ActionTestWritten, report.ActionDocsUpdated:
			x.Commits = a.commitsOf(l)
		default:
			if l == "" {
				fmt.Fprintf(a.out, "  %s needs a reason: type it (or %s to choose another action)\n", action, askBack)
				continue
			}
			x.Reason = l
		}
		// The rule the flags and the file obey (resolve.go).
		if err := checkResolved(id, x); err != nil {
			fmt.Fprintf(a.out, "  %v\n", err)
			continue
		}
		return x, false, nil
	}
}

func (a *asker) detailPrompt(action string) string {
	switch action {
	case report.ActionFixed, report.ActionTestWritten, report.ActionDocsUpdated:
		if len(a.commits) > 0 {
			return fmt.Sprintf("  commits (Enter: %s; - none): ", strings.Join(a.commits, " "))
		}
		return "  commits (SHAs, comma or space separated; Enter: none): "
	case report.ActionSkipped:
		return "  reason (required; later rounds respect it): "
	}
	return "  your comment (required): "
}

// commitsOf reads an answer to the commits question.
func (a *asker) commitsOf(l string) []string {
	switch l {
	case "":
		return a.commits
	case "-":
		return nil
	}
	return strings.FieldsFunc(l, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
}

// line writes prompt and returns the next line typed, trimmed; io.EOF at
// the end of input, ctx's error at its end.
func (a *asker) line(prompt string) (string, error) {
	fmt.Fprint(a.out, prompt)
	select {
	case <-a.ctx.Done():
		fmt.Fprintln(a.out)
		return "", a.ctx.Err()
	case l, ok := <-a.lines:
		if !ok {
			fmt.Fprintln(a.out) // the prompt's line, left open by Ctrl-D
			return "", errAskQuit
		}
		return strings.TrimSpace(l), nil
	}
}

// termLine makes text from an agent one safe line of a terminal: no
// escape sequence (OSC 52 writes the clipboard), no control character,
// no line break that could forge a prompt; cut to 200 runes.
func termLine(s string) string {
	return oneLine(strings.Join(strings.Fields(safetext.Terminal(s)), " "), 200)
}

// termLocations writes the locations as path:lines, made safe.
func termLocations(locs []finding.Location) string {
	parts := make([]string, 0, len(locs))
	for _, l := range locs {
		s := l.Path
		switch {
		case l.StartLine <= 0:
		case l.EndLine <= l.StartLine:
			s += fmt.Sprintf(":%d", l.StartLine)
		default:
			s += fmt.Sprintf(":%d-%d", l.StartLine, l.EndLine)
		}
		parts = append(parts, s)
	}
	return termLine(strings.Join(parts, ", "))
}
