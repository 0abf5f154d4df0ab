package finding

import (
	"fmt"
	"strconv"
	"strings"
)

// AppendixReview is one agent's original review from the appendix of a
// consolidated report.
type AppendixReview struct {
	Agent string // lower-case short name: claude, codex, gemini, …
	Model string // display label from the heading ("Claude Opus 4.6"), or ""
	Pass  int    // 1 when the heading names no pass
	Text  string // the review's raw Markdown
}

// agentNames are the agents a plain (unbracketed) heading may name.
var agentNames = map[string]bool{
	"claude": true, "codex": true, "gemini": true, "copilot": true, "cursor": true,
	"aider": true, "opencode": true, "qwen": true, "amp": true, "goose": true,
}

// SplitAppendix splits the appendix of a consolidated report into one
// review per agent heading. The appendix opens at a heading of level 1 to
// 3 that starts with "Appendix" ("## Appendix: Original Reviews", "## 4.
// Appendix: …"); an appendix heading may itself name the agent ("##
// Appendix: [Claude]"). Agent headings are of any level from 2 to 4 and of
// every form ("### [Claude] — Pass 2", "### Claude Opus 4.6", "#### [Codex
// GPT 5.4]", "### [Gemini] Gemini 3.1 Pro"); the first one fixes the level
// of the others, so the agents' own headings ("### Executive Summary") do
// not split. The appendix ends at the report's "## Resolution" section
// or at a second appendix that names no agent.
//
// It scans lines rather than parsing Markdown: reviews wrapped in fences
// with unbalanced inner fences are common, and an agent heading at the
// level of the others splits even inside a fence left open, so one broken
// review never swallows the next.
func SplitAppendix(src []byte) ([]AppendixReview, error) {
	lines := splitLines(src)
	var (
		out           []AppendixReview
		inAppendix    bool
		level         int // level of the agent headings, once seen
		appendixLevel int
		open          fence
		inFence       bool
		body          strings.Builder
		off           int
	)
	flush := func() {
		if len(out) > 0 {
			out[len(out)-1].Text = trimRaw(body.String())
		}
		body.Reset()
	}
	for _, line := range lines {
		off += len(line)
		if inFence {
			if f, ok := fenceOf(line); ok && f.closes(open) {
				inFence = false
			} else if lvl, txt, ok := headingOf(line); !ok || !(lvl <= 3 && isAppendix(txt) || lvl == level && isAgent(txt) || lvl <= 2 && isResolution(txt)) {
				body.Write(line)
				continue
			}
			inFence = false
		}
		lvl, txt, isHeading := headingOf(line)
		switch {
		case isHeading && lvl <= 3 && isAppendix(txt):
			r, named := appendixAgent(txt)
			if inAppendix && !named && lvl <= appendixLevel {
				flush()
				return finish(out)
			}
			if !inAppendix {
				inAppendix, appendixLevel = true, lvl
			}
			if named && (level == 0 || lvl == level) {
				flush()
				level = lvl
				out = append(out, r)
			}
			continue
		case !inAppendix:
			if f, ok := fenceOf(line); ok {
				open, inFence = f, true
			}
			continue
		case isHeading && lvl <= 2 && isResolution(txt):
			flush()
			return finish(out)
		case isHeading && lvl >= 2 && lvl <= 4 && (level == 0 || lvl == level):
			if r, ok := agentHeading(txt); ok {
				flush()
				level = lvl
				out = append(out, r)
				continue
			}
		}
		if f, ok := fenceOf(line); ok {
			open, inFence = f, true
		}
		if len(out) > 0 {
			body.Write(line)
		}
	}
	if !inAppendix {
		return nil, fmt.Errorf("no %q section", "## Appendix: Original Reviews")
	}
	flush()
	return finish(out)
}

func finish(out []AppendixReview) ([]AppendixReview, error) {
	if len(out) == 0 {
		return nil, fmt.Errorf("the appendix holds no agent review headings (### [Agent] — Pass N)")
	}
	return out, nil
}

// isResolution reports whether a heading opens the report's Resolution
// section, which follows the appendix.
func isResolution(txt string) bool {
	return strings.HasPrefix(strings.ToLower(strings.Trim(txt, "*_ ")), "resolution")
}

// isAppendix reports whether a heading opens an appendix: "Appendix: …",
// "4. Appendix", "Appendix — [Claude]".
func isAppendix(txt string) bool {
	s := strings.TrimLeft(txt, "0123456789. ")
	return strings.HasPrefix(strings.ToLower(strings.Trim(s, "*_ ")), "appendix")
}

// appendixAgent reads the agent an appendix heading names: "Appendix:
// [Claude]", "Appendix — Codex GPT 5.4 (pass 2)".
func appendixAgent(txt string) (AppendixReview, bool) {
	s := strings.TrimLeft(txt, "0123456789. ")
	s = strings.Trim(s, "*_ ")
	s = strings.TrimSpace(s[len("appendix"):])
	s = strings.TrimSpace(strings.TrimLeft(s, ":—–- "))
	if s == "" {
		return AppendixReview{}, false
	}
	return agentHeading(s)
}

// isAgent reports whether a heading text names an agent.
func isAgent(txt string) bool {
	_, ok := agentHeading(txt)
	return ok
}

// agentHeading reads an agent heading: "[Claude] — Pass 2", "Claude Opus
// 4.6", "[Claude] Opus 4.6", "[Gemini 3.1 Pro]", "[Codex]", "[Claude] —
// Claude Opus 4.7", "Claude Opus 4.6 Review", "Claude (pass 2 of 3)".
func agentHeading(txt string) (AppendixReview, bool) {
	r := AppendixReview{Pass: 1}
	s := strings.TrimSpace(strings.Trim(strings.TrimSpace(txt), "*_"))
	bracketed := strings.HasPrefix(s, "[")
	if bracketed {
		j := strings.IndexByte(s, ']')
		if j < 0 {
			return r, false
		}
		s = strings.TrimSpace(s[1:j] + " " + s[j+1:])
	}
	label, pass := cutPass(s)
	if pass > 0 {
		r.Pass = pass
	}
	words := strings.Fields(dashSpaces.Replace(label))
	if len(words) == 0 {
		return r, false
	}
	r.Agent = strings.ToLower(strings.Trim(words[0], "*_`:"))
	if !agentNames[r.Agent] && !(bracketed && r.Agent != "" && len(words) <= 4) {
		return r, false
	}
	if !bracketed && len(words) > 5 {
		return r, false // prose that starts with an agent's name
	}
	// "[Claude] — Claude Opus 4.7" names the agent twice.
	if len(words) > 1 && strings.EqualFold(words[1], words[0]) {
		words = words[1:]
	}
	if n := len(words); n > 1 && strings.EqualFold(words[n-1], "review") {
		words = words[:n-1]
	}
	if len(words) > 1 {
		r.Model = strings.Join(words, " ")
	}
	return r, true
}

// cutPass removes a trailing "— Pass N" (or "(pass N)", "Pass N of M")
// from s.
func cutPass(s string) (string, int) {
	low := asciiLower(s) // byte for byte: i cuts s
	i := strings.LastIndex(low, "pass")
	if i < 0 || (i > 0 && low[i-1] != ' ' && low[i-1] != '(') {
		return strings.TrimRight(s, " —–-:"), 0
	}
	rest := strings.TrimLeft(s[i+4:], " ")
	j := 0
	for j < len(rest) && j < 6 && rest[j] >= '0' && rest[j] <= '9' {
		j++
	}
	n, err := strconv.Atoi(rest[:j])
	if err != nil || n < 0 || n > 1000 {
		return strings.TrimRight(s, " —–-:"), 0
	}
	label := strings.TrimRight(s[:i], " —–-:(")
	return label, n
}

// dashSpaces turns the dashes of a heading into spaces. (A Replacer is
// immutable once built and safe for concurrent use.)
var dashSpaces = strings.NewReplacer("—", " ", "–", " ", " - ", " ")
