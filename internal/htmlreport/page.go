package htmlreport

import (
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"regexp"
	"strings"

	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/report"
)

//go:embed style.css
var style string

//go:embed page.tmpl
var pageText string

//go:embed index.tmpl
var indexText string

// csp forbids every fetch but the page's own style element: a page that
// let markup through still loads nothing (no image, script, font or
// frame). It is a second line: the markdown renderer lets no markup
// through in the first place.
func csp() string {
	sum := sha256.Sum256([]byte(style))
	return "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'; base-uri 'none'; form-action 'none'"
}

// templates parses the page and index templates, with the functions they
// share.
func templates(md *markdown) (page, index *template.Template, err error) {
	funcs := template.FuncMap{
		"md":       md.block,
		"inline":   md.inline,
		"style":    func() template.CSS { return template.CSS(style) },
		"csp":      csp,
		"verdict":  verdictClass,
		"wall":     report.WallClock,
		"short":    report.Short,
		"sha":      func(s string) string { return s[:min(len(s), 7)] },
		"url":      safeHref,
		"thousand": thousands,
		"label":    report.Label,
	}
	if page, err = template.New("page").Funcs(funcs).Parse(pageText); err != nil {
		return nil, nil, fmt.Errorf("page template: %w", err)
	}
	if index, err = template.New("index").Funcs(funcs).Parse(indexText); err != nil {
		return nil, nil, fmt.Errorf("index template: %w", err)
	}
	return page, index, nil
}

// Page writes the report as one self-contained HTML page.
func Page(w io.Writer, r *report.Report) error {
	page, _, err := templates(newMarkdown())
	if err != nil {
		return err
	}
	if err := page.Execute(w, newView(r)); err != nil {
		return fmt.Errorf("html of %s: %w", r.ID, err)
	}
	return nil
}

// view is what the page template shows of a report.
type view struct {
	*report.Report
	Title    string
	Reviewer []string
	Groups   []group
	Concerns []finding.DesignObservation
	Strength []finding.DesignObservation
}

// group is the findings of one severity.
type group struct {
	Name     string
	Severity string
	Findings []findingView
}

type findingView struct {
	report.Finding
	Anchor string
	Where  string
	Status string
}

func newView(r *report.Report) view {
	v := view{Report: r, Title: title(r)}
	for _, a := range r.Retro.Agents {
		v.Reviewer = append(v.Reviewer, report.Label(a.Name, a.Model))
	}
	for _, g := range []struct {
		name string
		sev  finding.Severity
	}{{"Critical issues", finding.Critical}, {"Important issues", finding.Important}, {"Suggestions", finding.Suggestion}} {
		gr := group{Name: g.name, Severity: string(g.sev)}
		for _, f := range r.Findings {
			if f.Severity == g.sev {
				gr.Findings = append(gr.Findings, findingView{Finding: f, Anchor: anchor(f.ID), Where: strings.ReplaceAll(report.Locations(f.Locations), "`", ""), Status: status(f)})
			}
		}
		v.Groups = append(v.Groups, gr)
	}
	for _, o := range r.DesignObservations {
		if o.Kind == "strength" {
			v.Strength = append(v.Strength, o)
		} else {
			v.Concerns = append(v.Concerns, o)
		}
	}
	return v
}

// title names the change: "owner/name#31 — Title", or the repository and
// branch of a local review.
func title(r *report.Report) string {
	c := r.Change
	s := c.Repo
	if c.PR > 0 {
		s += fmt.Sprintf("#%d", c.PR)
	} else if c.Branch != "" {
		s += "@" + c.Branch
	}
	if t := strings.TrimSpace(c.Title); t != "" {
		s += " — " + t
	}
	return s
}

var notAnchor = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

// anchor is a finding's element id: its id (C1, I2, S3) as it is, so
// report.html#C1 links to it; anything else in an id is dropped.
func anchor(id string) string {
	a := notAnchor.ReplaceAllString(id, "")
	if a == "" {
		return "finding"
	}
	return a
}

func status(f report.Finding) string {
	var parts []string
	switch f.Status {
	case "new":
		parts = append(parts, "New in this round")
	case "open":
		parts = append(parts, "Still open from the previous round")
	}
	if c := f.LocationCheck; c.Status != "" && c.Status != report.LocationVerified {
		parts = append(parts, "Location "+c.Status)
	}
	return strings.Join(parts, " · ")
}

// verdictClass is the CSS class of a verdict.
func verdictClass(d string) string {
	switch d {
	case report.Rework:
		return "v-rework"
	case report.MergeWithFixes:
		return "v-fixes"
	case report.MergeWithOptionalFixes:
		return "v-optional"
	case report.MergeAsIs:
		return "v-ok"
	}
	return "v-none"
}

// safeHref is a link target of the report's own fields (PR and repository
// URLs): http(s) only, else "#".
func safeHref(s string) template.URL {
	if strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://") {
		if safeURL(s) {
			return template.URL(s)
		}
	}
	return "#"
}

func thousands(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
