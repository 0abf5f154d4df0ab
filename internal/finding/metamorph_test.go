package finding

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The metamorphic test: every real agent review available (the appendix
// reviews of the fixture reports, and of the reports in
// $DEEPREVIEW_CORPUS when it is set) is parsed as a baseline, then
// rewritten by each layout transformation real agents produce
// (metamorph_transform_test.go) and parsed again. The parse must read the
// same findings, coverage and sections: a transformation that changes
// them finds a class of layout the parser does not read, whatever
// review it was found on.

// shape is what a parse must keep under a layout change.
type shape struct {
	findings               []fshape
	coverage               []cshape
	summary                bool
	design, limitations    int
	testing, documentation bool
	placeholders           int
}

type fshape struct {
	ID       string
	Severity Severity
	Kind     string
	Title    string
	Locs     []Location
}

func (f fshape) String() string {
	var locs []string
	for _, l := range f.Locs {
		locs = append(locs, formatLocation(l))
	}
	return fmt.Sprintf("%s %s kind=%q %q at [%s]", f.ID, f.Severity, f.Kind, f.Title, strings.Join(locs, " "))
}

type cshape struct {
	Path, Status string
	IDs          []string
}

func shapeOf(r *Review) *shape {
	sh := &shape{
		summary:       r.Summary != "",
		design:        len(r.DesignObservations),
		limitations:   len(r.AcknowledgedLimitations),
		testing:       r.TestingAssessment != "",
		documentation: r.DocumentationAssessment != "",
		placeholders:  placeholders(r),
	}
	for _, f := range r.Findings {
		sh.findings = append(sh.findings, fshape{f.ID, f.Severity, f.Kind, oneLine(f.Title), slices.Clone(f.Locations)})
	}
	for _, c := range r.Coverage {
		sh.coverage = append(sh.coverage, cshape{c.Path, c.Status, c.FindingIDs})
	}
	return sh
}

// metaReview is one real review and its baseline parse.
type metaReview struct {
	name, text string
	base       *shape
}

// metaReviews are the fixture appendix reviews, and the corpus's when
// $DEEPREVIEW_CORPUS names a directory of reports, that parse.
func metaReviews(t *testing.T) []metaReview {
	var out []metaReview
	add := func(name, text string) {
		r, err := Parse(name, []byte(text))
		if err != nil {
			return // a pointer or failure note: nothing to keep
		}
		out = append(out, metaReview{name: name, text: text, base: shapeOf(r)})
	}
	revs, _ := fixtureReviews(t)
	for _, fr := range revs {
		add(fmt.Sprintf("%s/%s/%d", fr.report, fr.Agent, fr.Pass), fr.Text)
	}
	for _, src := range corpusReports(t) {
		revs, err := SplitAppendix(src.text)
		if err != nil {
			continue
		}
		for _, r := range revs {
			add(fmt.Sprintf("corpus/%s/%s/%d", src.name, r.Agent, r.Pass), r.Text)
		}
	}
	return out
}

type namedReport struct {
	name string
	text []byte
}

// corpusReports reads the reports of $DEEPREVIEW_CORPUS, if set.
func corpusReports(t *testing.T) []namedReport {
	dir := os.Getenv("DEEPREVIEW_CORPUS")
	if dir == "" {
		return nil
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	var out []namedReport
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, namedReport{filepath.Base(f), src})
	}
	return out
}

// agreement counts how much of the baselines one transformation keeps.
type agreement struct {
	reviews, changed, exact    int
	findings, kept             int
	tags, tagsKept             int
	coverage, covKept, covHurt int // baseline rows; rows kept; reviews with lost or extra rows
	sections, sectionsKept     int
	placeholders               int
	failures                   []string
}

func (a *agreement) String() string {
	return fmt.Sprintf("applied %d/%d; exact count %d/%d; findings kept %d/%d; tags kept %d/%d; coverage kept %d/%d (%d reviews off); sections kept %d/%d; placeholders %d",
		a.changed, a.reviews, a.exact, a.reviews, a.kept, a.findings, a.tagsKept, a.tags, a.covKept, a.coverage, a.covHurt,
		a.sectionsKept, a.sections, a.placeholders)
}

// compare scores one transformed parse against its baseline.
func (a *agreement) compare(name string, base, got *shape, err error) {
	a.reviews++
	a.findings += len(base.findings)
	a.coverage += len(base.coverage)
	a.sections++
	for _, f := range base.findings {
		if f.Kind != "" {
			a.tags++
		}
	}
	if err != nil {
		a.failures = append(a.failures, fmt.Sprintf("%s: %v", name, err))
		return
	}
	diffs := a.compareFindings(base.findings, got.findings)
	diffs = append(diffs, a.compareCoverage(base.coverage, got.coverage)...)
	bs, gs := *base, *got
	bs.findings, bs.coverage, gs.findings, gs.coverage = nil, nil, nil, nil
	if cmp.Equal(bs, gs, cmp.AllowUnexported(shape{})) {
		a.sectionsKept++
	} else {
		diffs = append(diffs, fmt.Sprintf("sections %+v, baseline %+v", gs, bs))
	}
	a.placeholders += max(0, got.placeholders-base.placeholders)
	if len(diffs) > 0 {
		a.failures = append(a.failures, name+": "+strings.Join(diffs, "; "))
	}
}

// compareFindings counts the findings and tags got keeps of base and
// says what it lost or changed.
func (a *agreement) compareFindings(base, got []fshape) []string {
	var diffs []string
	if len(got) == len(base) {
		a.exact++
	} else {
		diffs = append(diffs, fmt.Sprintf("%d findings, baseline %d", len(got), len(base)))
	}
	for i, f := range base {
		g := matchFinding(base, got, i)
		switch {
		case g == nil:
			diffs = append(diffs, f.ID+" lost")
			continue
		case cmp.Equal(f, *g):
			a.kept++
		default:
			diffs = append(diffs, fmt.Sprintf("%s became %s", f, g))
		}
		if f.Kind != "" && g.Kind == f.Kind {
			a.tagsKept++
		}
	}
	return diffs
}

// compareCoverage counts the coverage entries got keeps of base, in
// order; an entry lost or added is a difference.
func (a *agreement) compareCoverage(base, got []cshape) []string {
	kept := 0
	for i, c := range base {
		if i < len(got) && cmp.Equal(c, got[i]) {
			kept++
		}
	}
	a.covKept += kept
	if kept == len(base) && len(got) == len(base) {
		return nil
	}
	a.covHurt++
	return []string{fmt.Sprintf("coverage %v, baseline %v", got, base)}
}

// matchFinding is the transformed finding that stands for the baseline's
// i-th: the one at the same position when the counts agree, else the
// one of the same id and occurrence (a review may repeat an id: two
// rounds, or numbering that restarts).
func matchFinding(base, got []fshape, i int) *fshape {
	if len(got) == len(base) {
		return &got[i]
	}
	k := 0
	for _, f := range base[:i] {
		if f.ID == base[i].ID {
			k++
		}
	}
	for j := range got {
		if got[j].ID == base[i].ID {
			if k == 0 {
				return &got[j]
			}
			k--
		}
	}
	return nil
}

// TestMetamorphicParse applies every transformation to every real review
// and fails on any finding, tag, title, location, coverage entry or
// section a transformation loses or adds; -v prints the agreement of
// each transformation.
func TestMetamorphicParse(t *testing.T) {
	revs := metaReviews(t)
	if len(revs) == 0 {
		t.Fatal("no real review to transform")
	}
	for _, tr := range transforms() {
		a := &agreement{}
		for _, rv := range revs {
			src := tr.fn(rv.text)
			if src != rv.text {
				a.changed++
			}
			r, err := Parse(rv.name, []byte(src))
			var got *shape
			if err == nil {
				got = shapeOf(r)
				if tr.norm != nil {
					tr.norm(got)
				}
			}
			a.compare(rv.name, rv.base, got, err)
		}
		t.Logf("%-60s %s", tr.name, a)
		if a.changed == 0 && !tr.rare {
			t.Errorf("%s changes no review: the transformation finds nothing to rewrite", tr.name)
		}
		for i, f := range a.failures {
			if i == 5 {
				t.Errorf("%s: … and %d more", tr.name, len(a.failures)-5)
				break
			}
			t.Errorf("%s: %s", tr.name, f)
		}
	}
}
