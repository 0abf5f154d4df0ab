package report

import "fmt"

// AgentText is what one agent wrote in a section that is not merged into
// findings: its Commit Structure assessment, its judgement of the PR's
// human review threads.
type AgentText struct {
	Agent string `json:"agent"`
	Text  string `json:"text"`
}

// agentTexts writes a section of per-agent assessments, each attributed,
// each made safe; nothing when no agent wrote one.
func (p *printer) agentTexts(title string, texts []AgentText) {
	if len(texts) == 0 {
		return
	}
	p.printf("## %s\n\n", title)
	for _, t := range texts {
		p.printf("**[%s]**\n\n", p.label(t.Agent))
		p.block(t.Text)
	}
}

// Feedback is the human review threads of a pull request when it was
// reviewed, and the agents' judgement of whether each was addressed.
type Feedback struct {
	Threads []Thread    `json:"threads"`
	Agents  []AgentText `json:"agents,omitempty"`
}

// Thread is one human review thread: its first comment and how many
// replies followed; or, with Review set, one review's summary.
type Thread struct {
	ID       int64  `json:"id"`
	Author   string `json:"author"`
	Path     string `json:"path,omitempty"`
	Line     int    `json:"line,omitempty"`
	Outdated bool   `json:"outdated,omitempty"` // the code it was written on has changed
	Resolved bool   `json:"resolved,omitempty"` // marked resolved on GitHub
	Review   string `json:"review,omitempty"`   // a summary's review state ("changes requested", …); "" for a thread
	Body     string `json:"body"`
	Replies  int    `json:"replies"`
	URL      string `json:"url,omitempty"`
}

// feedback writes the Unresolved Feedback section: the threads, then what
// each agent judged of them.
func (p *printer) feedback() {
	f := p.r.UnresolvedFeedback
	if f == nil {
		return
	}
	p.line("## Unresolved Feedback")
	p.line("")
	if len(f.Threads) == 0 {
		p.line("No review comments on this pull request.")
		p.line("")
	}
	for _, t := range f.Threads {
		if t.Review != "" {
			p.item(p.esc.block(fmt.Sprintf("@%s's review (%s): %s", t.Author, t.Review, firstLine(t.Body))))
			continue
		}
		where := ""
		switch {
		case t.Path != "" && t.Line > 0:
			where = fmt.Sprintf(" on `%s:%d`", t.Path, t.Line)
		case t.Path != "":
			where = fmt.Sprintf(" on `%s`", t.Path)
		}
		switch {
		case t.Outdated && t.Resolved:
			where += " (outdated, resolved)"
		case t.Outdated:
			where += " (outdated)"
		case t.Resolved:
			where += " (resolved)"
		}
		// The reviewer's login is mentioned as text: safetext keeps a
		// report from notifying anyone.
		p.item(p.esc.block(fmt.Sprintf("@%s%s, %d replies: %s", t.Author, where, t.Replies, firstLine(t.Body))))
	}
	if len(f.Threads) > 0 {
		p.line("")
	}
	for _, a := range f.Agents {
		p.printf("**[%s]**\n\n", p.label(a.Agent))
		p.block(a.Text)
	}
}
