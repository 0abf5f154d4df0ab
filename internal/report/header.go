package report

import (
	"fmt"
	"net/url"
	"strings"
)

// localBranch fills the header rows that do not apply to a local review.
const localBranch = "local branch"

func (p *printer) header() {
	r := p.r
	p.printf("# Deep Review: %s\n\n", r.ID)
	p.line("| | |")
	p.line("|---|---|")
	row := func(name, value string) { p.printf("| **%s** | %s |\n", name, value) }
	row("Date", r.Date.Format("2006-01-02 15:04"))
	row("Repo", p.repo())
	row("Round", p.round())
	row("Author", p.author())
	row("PR", p.pr())
	row("Branch", code(r.Change.Branch))
	row("Commits", p.commits())
	row("Reviewers", cell(strings.Join(p.reviewers(), ", ")))
	row("Verdict", p.verdict())
	row("Wall-clock time", "`"+WallClock(r.WallClockMS)+"`")
	if r.Sandbox != "" {
		row("Sandbox", cell(r.Sandbox))
	}
	if r.Skill != "" {
		row("Skill", cell(r.Skill))
	}
	p.line("")
	for _, n := range r.Notices {
		p.printf("> **Note:** %s\n\n", cell(n))
	}
}

func (p *printer) repo() string {
	c := p.r.Change
	switch {
	case c.Repo == "":
		return "—"
	case c.RepoURL == "":
		return cell(c.Repo)
	}
	return fmt.Sprintf("[%s](%s)", cell(c.Repo), c.RepoURL)
}

// round is "1", or "5 (of pr-309)" from round 2 on: the change the rounds
// belong to is the review id without its time stamp.
func (p *printer) round() string {
	if p.r.Round <= 1 {
		return fmt.Sprint(max(p.r.Round, 1))
	}
	return fmt.Sprintf("%d (of %s)", p.r.Round, cell(changeKey(p.r.ID)))
}

// changeKey strips the YYYYMMDD-HHMMSS- prefix of a review id.
func changeKey(id string) string {
	if len(id) > 16 && id[8] == '-' && id[15] == '-' {
		return id[16:]
	}
	return id
}

func (p *printer) author() string {
	c := p.r.Change
	switch {
	case c.Author == "" && c.PR == 0:
		return localBranch
	case c.Author == "":
		return "—"
	case c.PR == 0 || strings.ContainsAny(c.Author, " @<"):
		return cell(c.Author) // a local commit author, not a forge login
	}
	return fmt.Sprintf("[@%s](%s/%s)", c.Author, forgeBase(c.RepoURL), c.Author)
}

// forgeBase is the scheme and host of the repository URL, where user
// pages live; github.com when unknown.
func forgeBase(repoURL string) string {
	u, err := url.Parse(repoURL)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return "https://github.com"
	}
	return u.Scheme + "://" + u.Host
}

func (p *printer) pr() string {
	c := p.r.Change
	if c.PR == 0 {
		return localBranch
	}
	s := fmt.Sprintf("#%d", c.PR)
	if c.PRURL != "" {
		s = fmt.Sprintf("[#%d](%s)", c.PR, c.PRURL)
	}
	if t := cell(c.Title); t != "" {
		s += " — " + t
	}
	return s
}

// commits is one "`sha7` subject" per commit joined with <br>, as the
// real reports list them.
func (p *printer) commits() string {
	var lines []string
	for _, c := range p.r.Change.Commits {
		lines = append(lines, strings.TrimSpace(code(short(c.SHA))+" "+cell(c.Subject)))
	}
	if len(lines) == 0 {
		return "—"
	}
	return strings.Join(lines, "<br>")
}

func short(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}

// code wraps s in backticks, or is "—" for nothing.
func code(s string) string {
	if s == "" {
		return "—"
	}
	return "`" + strings.ReplaceAll(s, "|", `\|`) + "`"
}

// reviewers are the agents of the retro, or of the appendix when the
// report has no retro.
func (p *printer) reviewers() []string {
	var names []string
	for _, a := range p.r.Retro.Agents {
		names = append(names, Label(a.Name, a.Model))
	}
	if len(names) > 0 {
		return names
	}
	seen := map[string]bool{}
	for _, o := range p.r.Appendix {
		if !seen[o.Agent] {
			seen[o.Agent] = true
			names = append(names, Label(o.Agent, o.Model))
		}
	}
	return names
}

func (p *printer) verdict() string {
	v := p.r.Verdict
	d := v.Decision
	if d == "" {
		d = "No verdict"
	}
	s := "**" + cell(d) + "**"
	if reason := cell(v.Reason); reason != "" {
		s += " — " + reason
	}
	return s
}
