package report

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// localBranch fills the header rows that do not apply to a local review.
const localBranch = "local branch"

// header writes the title and the table of what was reviewed. The table's
// first row is its header row, so it has no empty row on top (a table
// with an empty header renders one); the explicit left alignment keeps
// that row looking like the others.
func (p *printer) header() {
	r := p.r
	p.printf("# Deep Review: %s\n\n", p.esc.inline(r.ID))
	rows := [][2]string{
		{"Date", r.Date.Format("2006-01-02 15:04")},
		{"Repo", p.repo()},
		{"Round", p.round()},
		{"Author", p.author()},
		{"PR", p.pr()},
		{"Branch", p.code(r.Change.Branch)},
		{"Commits", p.commits()},
		{"Reviewers", p.esc.cell(strings.Join(p.reviewers(), ", "))},
		{"Verdict", p.verdict()},
		{"Wall-clock time", "`" + WallClock(r.WallClockMS) + "`"},
	}
	if r.Sandbox != "" {
		rows = append(rows, [2]string{"Sandbox", p.esc.cell(r.Sandbox)})
	}
	if r.Skill != "" {
		rows = append(rows, [2]string{"Skill", p.esc.cell(r.Skill)})
	}
	if n := r.Redactions.Total(); n > 0 {
		rows = append(rows, [2]string{"Redactions", fmt.Sprintf("%d (never shown)", n)})
	}
	for i, row := range rows {
		p.printf("| **%s** | %s |\n", row[0], row[1])
		if i == 0 {
			p.line("|:---|:---|")
		}
	}
	p.line("")
	for _, n := range r.Notices {
		p.printf("> **Note:** %s\n\n", p.esc.inline(n))
	}
}

func (p *printer) repo() string {
	c := p.r.Change
	switch {
	case c.Repo == "":
		return "—"
	case !webURL(c.RepoURL):
		return p.esc.cell(c.Repo)
	}
	return fmt.Sprintf("[%s](%s)", p.esc.cell(c.Repo), c.RepoURL)
}

// webURL reports whether u can be a link target as it is: an http(s)
// URL with nothing that would end or change the link.
func webURL(u string) bool {
	v, err := url.Parse(u)
	return err == nil && (v.Scheme == "https" || v.Scheme == "http") && v.Host != "" &&
		!strings.ContainsAny(u, " \t\n<>()[]\"'`\\|")
}

// round is "1", or "5 (of pr-309)" from round 2 on: the change the rounds
// belong to is the review id without its time stamp.
func (p *printer) round() string {
	if p.r.Round <= 1 {
		return fmt.Sprint(max(p.r.Round, 1))
	}
	return fmt.Sprintf("%d (of %s)", p.r.Round, p.esc.cell(changeKey(p.r.ID)))
}

// changeKey strips the YYYYMMDD-HHMMSS- prefix of a review id.
func changeKey(id string) string {
	if len(id) > 16 && id[8] == '-' && id[15] == '-' {
		return id[16:]
	}
	return id
}

// login is a GitHub login: letters, digits and inner hyphens.
var login = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$`)

func (p *printer) author() string {
	c := p.r.Change
	base := forgeBase(c.RepoURL)
	switch {
	case c.Author == "" && c.PR == 0:
		return localBranch
	case c.Author == "":
		return "—"
	case c.PR == 0 || !login.MatchString(c.Author) || !webURL(base):
		return p.esc.cell(c.Author) // a local commit author, not a forge login
	}
	// A mention inside a link notifies nobody.
	return fmt.Sprintf("[@%s](%s/%s)", c.Author, base, c.Author)
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
	if webURL(c.PRURL) {
		s = fmt.Sprintf("[#%d](%s)", c.PR, c.PRURL)
	}
	if t := p.esc.cell(c.Title); t != "" {
		s += " — " + t
	}
	return s
}

// commits is one "`sha7` subject" per commit joined with <br>, as the
// real reports list them.
func (p *printer) commits() string {
	var lines []string
	for _, c := range p.r.Change.Commits {
		lines = append(lines, strings.TrimSpace(p.code(short(c.SHA))+" "+p.esc.cell(c.Subject)))
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

// code is s as a code span in a table cell (pipes escaped, as GFM wants
// them even inside code), or "—" for nothing.
func (p *printer) code(s string) string {
	if s == "" {
		return "—"
	}
	return strings.ReplaceAll(p.esc.code(s), "|", `\|`)
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

// verdict is the decision in bold and its reason; a reason cut in the
// middle of a code span (the default reason quotes titles, cut to 60
// characters) is made safe by the cell, which escapes a backtick left
// unpaired.
func (p *printer) verdict() string {
	v := p.r.Verdict
	d := v.Decision
	if d == "" {
		d = "No verdict"
	}
	s := "**" + p.esc.cell(d) + "**"
	if reason := p.esc.cell(v.Reason); reason != "" {
		s += " — " + reason
	}
	return s
}
