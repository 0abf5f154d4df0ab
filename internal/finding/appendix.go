package finding

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
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

// SplitAppendix splits the "## Appendix: Original Reviews" section of a
// consolidated report into one review per agent heading ("### [Claude] —
// Pass 1", "### Claude Opus 4.6", "### [Codex GPT 5.4]"). The agents' own
// "### Executive Summary" headings do not split. The appendix ends at the
// report's "## Resolution" section, when there is one.
func SplitAppendix(src []byte) ([]AppendixReview, error) {
	doc := markdown.Parser().Parse(text.NewReader(src))
	type head struct {
		start, body int
		r           AppendixReview
	}
	var heads []head
	inAppendix, end := false, len(src)
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		h, ok := n.(*ast.Heading)
		if !ok || h.Pos() < 0 {
			continue
		}
		txt := inlineText(h, src)
		low := strings.ToLower(txt)
		switch {
		case h.Level <= 2 && strings.HasPrefix(low, "appendix"):
			if inAppendix {
				end = lineStart(src, h.Pos())
				break
			}
			inAppendix = true
		case !inAppendix:
		case h.Level <= 2 && strings.HasPrefix(low, "resolution"):
			end = lineStart(src, h.Pos())
		case h.Level == 3:
			if r, ok := agentHeading(txt); ok && end == len(src) {
				heads = append(heads, head{start: lineStart(src, h.Pos()), body: lineEnd(src, h.Pos()), r: r})
			}
		}
		if end != len(src) {
			break
		}
	}
	if !inAppendix {
		return nil, fmt.Errorf("no %q section", "## Appendix: Original Reviews")
	}
	if len(heads) == 0 {
		return nil, fmt.Errorf("the appendix holds no agent review headings (### [Agent] — Pass N)")
	}
	out := make([]AppendixReview, len(heads))
	for i, h := range heads {
		stop := end
		if i+1 < len(heads) {
			stop = heads[i+1].start
		}
		h.r.Text = ""
		if h.body < stop {
			h.r.Text = trimRaw(string(src[h.body:stop]))
		}
		out[i] = h.r
	}
	return out, nil
}

// agentHeading reads an agent heading: "[Claude] — Pass 2", "Claude Opus
// 4.6", "[Claude] Opus 4.6", "[Gemini 3.1 Pro]", "[Codex]".
func agentHeading(txt string) (AppendixReview, bool) {
	r := AppendixReview{Pass: 1}
	s := strings.TrimSpace(txt)
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
	words := strings.Fields(label)
	if len(words) == 0 {
		return r, false
	}
	r.Agent = strings.ToLower(strings.Trim(words[0], "*_`:"))
	if !agentNames[r.Agent] && !(bracketed && r.Agent != "" && len(words) <= 4) {
		return r, false
	}
	if len(words) > 1 {
		r.Model = strings.Join(words, " ")
	}
	return r, true
}

// cutPass removes a trailing "— Pass N" (or "(pass N)") from s.
func cutPass(s string) (string, int) {
	low := strings.ToLower(s)
	i := strings.LastIndex(low, "pass")
	if i < 0 {
		return strings.TrimRight(s, " —–-:"), 0
	}
	n, err := strconv.Atoi(strings.Trim(strings.TrimSpace(s[i+4:]), "()"))
	if err != nil || n < 0 || n > 1000 {
		return strings.TrimRight(s, " —–-:"), 0
	}
	label := strings.TrimRight(s[:i], " —–-:(")
	return label, n
}
