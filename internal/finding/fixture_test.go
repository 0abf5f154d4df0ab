package finding

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// fixtureReview is one agent review from a fixture report's appendix.
type fixtureReview struct {
	report string
	AppendixReview
}

func fixtureReviews(t testing.TB) ([]fixtureReview, []string) {
	t.Helper()
	files, err := filepath.Glob("testdata/reports/2*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixture reports: %v", err)
	}
	var out []fixtureReview
	var noAppendix []string
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		revs, err := SplitAppendix(src)
		if err != nil {
			noAppendix = append(noAppendix, filepath.Base(f)+": "+err.Error())
			continue
		}
		for _, r := range revs {
			out = append(out, fixtureReview{report: filepath.Base(f), AppendixReview: r})
		}
	}
	return out, noAppendix
}

// scan is what a line scan tuned to the fixtures counts in one review,
// independently of the parser.
type scan struct {
	groups    int
	severity  map[Severity]int
	locations int
	coverage  int
}

var (
	reGroup     = regexp.MustCompile(`(?i)^(#+|-)?\s*\**\s*(critical|important|suggestions?)\b[^*]*\**:?\s*$`)
	reOther     = regexp.MustCompile(`(?i)^(#+|-)?\s*\**\s*(executive summary|findings|design observations|testing assessment|documentation assessment|acknowledged limitations|coverage summary|commit structure|unresolved feedback|concerns|strengths|clarification)`)
	reCoverage  = regexp.MustCompile(`(?i)^(#+)?\s*\**coverage summary`)
	reLetter    = regexp.MustCompile(`^\s*(?:- )?(?:\*\*)?([CIS])\d+(?:[.:)]| — )`)
	reNumbered  = regexp.MustCompile(`^\d+\. \*\*`)
	reLocation  = regexp.MustCompile("`(?:[^` :]+/[^` :]+|[^` /:]+\\.(?:go|md|bats|bash|sh|yaml|yml|json|txt|cmd))(:[0-9][0-9, L-]*)?`|\\[`?[^\\]` ]+\\.[a-z]+(?::([0-9][0-9,-]*)|#L[0-9]+)?`?\\]\\(")
	reBareLines = regexp.MustCompile("`[0-9]+(-[0-9]+)?`")
	// Style F: "**[CRITICAL] a.go:38 — title**", "**IMPORTANT** a.go:1, b.go:2 — title".
	reWorded   = regexp.MustCompile(`^(?:#+\s+)?(?:\*\*)?(?:\[(CRITICAL|IMPORTANT|SUGGESTION)\]|(CRITICAL|IMPORTANT|SUGGESTION)\*\*)\s*([^—]*) — `)
	rePlainLoc = regexp.MustCompile(`[\w./-]+\.[a-z]+(?::[0-9][0-9–-]*)?`)
	reBarePath = regexp.MustCompile(`^- [\w./-]+\.\w+: `)
)

func scanReview(text string) scan {
	s := scan{severity: map[Severity]int{}}
	var group Severity
	inGroup, inCoverage, fence := false, false, false
	numbered := map[Severity]int{}
	letters := map[Severity]int{}
	numberedLocs := map[Severity]int{}
	tableRow := 0
	prevTitle := ""
	for _, line := range strings.Split(text, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "```") {
			fence = !fence
			continue
		}
		if fence {
			continue
		}
		if m := reGroup.FindStringSubmatch(t); m != nil && (strings.HasPrefix(t, "#") || strings.Contains(t, "**")) {
			inGroup, inCoverage, tableRow = true, false, 0
			s.groups++
			group = map[string]Severity{"c": Critical, "i": Important, "s": Suggestion}[strings.ToLower(m[2][:1])]
			continue
		}
		if reOther.MatchString(t) && (strings.HasPrefix(t, "#") || strings.HasPrefix(t, "**")) {
			inGroup = false
			inCoverage = reCoverage.MatchString(t)
			tableRow = 0
			if strings.Contains(strings.ToLower(t), "findings") {
				inGroup, group = true, ""
				s.groups++
			}
			continue
		}
		if strings.HasPrefix(t, "#") {
			inCoverage = false
		}
		if inCoverage {
			switch {
			case strings.HasPrefix(t, "|"):
				tableRow++
				if tableRow > 2 {
					s.coverage++
				}
			case strings.HasPrefix(line, "- ") && strings.ContainsAny(t, "`["), reBarePath.MatchString(line):
				s.coverage++
			}
		}
		if !inGroup {
			continue
		}
		locs := 0
		tail := titleTail(t)
		if i := strings.Index(tail, "— `"); i >= 0 {
			locs = countLocations(tail[i:])
		} else if i := strings.Index(tail, "— ["); i >= 0 {
			locs = countLocations(tail[i:])
		} else if strings.HasPrefix(t, "`") && strings.HasSuffix(prevTitle, "**") {
			// "**I1 — title**" with the location on the next line.
			s.locations += countLocations(t)
		}
		prevTitle = ""
		if m := reWorded.FindStringSubmatch(t); m != nil {
			letters[map[string]Severity{"C": Critical, "I": Important, "S": Suggestion}[(m[1] + m[2])[:1]]]++
			s.locations += len(rePlainLoc.FindAllString(m[3], -1))
		} else if m := reLetter.FindStringSubmatch(line); m != nil {
			prevTitle = t
			letters[map[string]Severity{"C": Critical, "I": Important, "S": Suggestion}[m[1]]]++
			s.locations += locs
		} else if reNumbered.MatchString(line) {
			numbered[group]++
			numberedLocs[group] += locs
		}
	}
	for _, sev := range []Severity{Critical, Important, Suggestion} {
		s.severity[sev] += letters[sev]
	}
	if len(letters) == 0 {
		for sev, n := range numbered {
			s.severity[sev] += n
			s.locations += numberedLocs[sev]
		}
	}
	return s
}

// TestFixtureReviews checks every agent review of every fixture appendix
// against the line scan: findings per severity, locations on title lines,
// coverage entries; reviews without findings must fail with a reason.
func TestFixtureReviews(t *testing.T) {
	revs, _ := fixtureReviews(t)
	for _, fr := range revs {
		name := fr.report + "/" + fr.Agent
		t.Run(name, func(t *testing.T) {
			want := scanReview(fr.Text)
			r, err := Parse(name, []byte(fr.Text))
			if want.groups == 0 {
				var pe *ParseError
				if !errors.As(err, &pe) || pe.Reason == "" {
					t.Fatalf("want a ParseError with a reason, got %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := map[Severity]int{}
			locs := 0
			for _, f := range r.Findings {
				got[f.Severity]++
				locs += len(f.Locations)
			}
			for _, sev := range []Severity{Critical, Important, Suggestion} {
				if got[sev] != want.severity[sev] {
					t.Errorf("%s findings: got %d, line scan counts %d", sev, got[sev], want.severity[sev])
				}
			}
			if locs != want.locations {
				t.Errorf("title-line locations: got %d, line scan counts %d", locs, want.locations)
			}
			if len(r.Coverage) != want.coverage {
				t.Errorf("coverage entries: got %d, line scan counts %d", len(r.Coverage), want.coverage)
			}
		})
	}
}

// countLocations counts the locations of a title line's tail: one per
// line range of each backticked or linked path, and bare `209` ranges.
func countLocations(t string) int {
	n := len(reBareLines.FindAllString(t, -1))
	for _, m := range reLocation.FindAllStringSubmatch(t, -1) {
		n += 1 + strings.Count(m[1]+m[2], ",")
	}
	return n
}

// titleTail is the part of a title line after its bold title, or the
// part of the bold after its dash when the bold runs to the end.
func titleTail(t string) string {
	i := strings.Index(t, "**")
	if i < 0 {
		return t
	}
	j := strings.Index(t[i+2:], "**")
	if j < 0 {
		return t
	}
	after := t[i+2+j+2:]
	if strings.TrimSpace(after) != "" {
		return after
	}
	return reIDPrefix.ReplaceAllString(t[i+2:i+2+j], "")
}

var reIDPrefix = regexp.MustCompile(`^[CIS]\d+(?:[.:)]| — )`)

// TestFixtureTotals parses every fixture appendix review and logs the
// totals (run with -v to quote them).
func TestFixtureTotals(t *testing.T) {
	revs, noAppendix := fixtureReviews(t)
	var reviews, findings, locations, coverage, design int
	sev := map[Severity]int{}
	status := map[string]int{}
	var failures []string
	for _, fr := range revs {
		r, err := Parse(fr.report+"/"+fr.Agent, []byte(fr.Text))
		if err != nil {
			failures = append(failures, err.Error())
			continue
		}
		reviews++
		findings += len(r.Findings)
		for _, f := range r.Findings {
			sev[f.Severity]++
			locations += len(f.Locations)
		}
		for _, c := range r.Coverage {
			status[c.Status]++
		}
		coverage += len(r.Coverage)
		design += len(r.DesignObservations)
	}
	t.Logf("appendix reviews: %d (%d parsed, %d failed); reports without usable appendix: %d", len(revs), reviews, len(failures), len(noAppendix))
	t.Logf("findings: %d (critical %d, important %d, suggestion %d); locations: %d", findings, sev[Critical], sev[Important], sev[Suggestion], locations)
	t.Logf("coverage entries: %d %v; design observations: %d", coverage, status, design)
	for _, f := range failures {
		t.Logf("failed: %s", f)
	}
	for _, f := range noAppendix {
		t.Logf("no appendix: %s", f)
	}
	if reviews == 0 || findings == 0 {
		t.Fatal("no fixture review parsed")
	}
}
