package consolidate

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"text/template"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/deepreview/deepreview/internal/cluster"
	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/report"
	"github.com/deepreview/deepreview/internal/safetext"
)

// TriageSchema is the JSON Schema of the consolidator's decisions on one
// agent's findings.
//
//go:embed triage.schema.json
var TriageSchema []byte

//go:embed triage.md
var triageText string

var triageTemplate = template.Must(template.New("triage").Parse(triageText))

// DefaultBudget bounds each consolidator prompt, in bytes (about a
// quarter as many tokens): far above a real review's needs, far below a
// model's context.
const DefaultBudget = 400 << 10

// Bounds of one finding in a triage prompt: its body, and how many
// candidates it is compared with.
const (
	maxBody       = 4 << 10
	maxCandidates = 20
)

// triaged is the consolidator's decision on one finding.
type triaged struct {
	keep          bool
	severity      finding.Severity
	reason, title string
	sameAs        key
	dropReason    string
	falsePositive bool
}

type triageItem struct {
	Key, Severity, Kind, Title, Locations, Body string
	Candidates                                  []triageItem
}

// How one review's findings are spread over triage calls run at once. A
// model takes longer the more findings one answer decides, and a review's
// decisions can stand between the slowest agent and the report: the last
// review's always do, and an early review with many findings can still be
// deciding when the last agent ends. So a review's findings are decided
// at most perCall to a call, in at most maxCalls calls, and the last
// review's in as many calls as it has findings, up to maxCalls. Each call
// repeats the instructions, which is what keeps the numbers small.
const (
	perCall  = 4
	maxCalls = 4
)

// maxRunning bounds the consolidator calls running at once, whatever the
// number of reviews: each is a CLI process of its own.
const maxRunning = 8

// callsFor is how many calls decide n findings of a review.
func callsFor(n int, last bool) int {
	if last {
		return min(n, maxCalls)
	}
	return min((n+perCall-1)/perCall, maxCalls)
}

// triage decides one agent's findings, in batches that fit the budget,
// run at once; a batch with missing or invalid decisions is asked again
// for those findings alone. A batch that still fails fails the session's
// agent consolidation, and the report falls back to code. The batches
// are split further to make callsFor calls.
func (s *Session) triage(src *Source, mine, earlier []item, last bool) {
	budget := s.in.budget()
	cands := candidatesOf(mine, earlier, s.in.files(mine, earlier))
	batches := spread(batch(mine, cands, budget), callsFor(len(mine), last))
	for n, b := range batches {
		call := "triage-" + src.Name
		if len(batches) > 1 {
			call = fmt.Sprintf("%s-%d", call, n+1)
		}
		s.wg.Go(func() {
			if err := s.triageBatch(call, src, b, cands); err != nil {
				s.fail(fmt.Errorf("%s's findings: %w", src.Name, err))
			}
		})
	}
}

// triageBatch asks once, then once more: for the whole batch when the
// answer as a whole was unusable, else only for the findings whose
// decisions were missing or invalid.
func (s *Session) triageBatch(call string, src *Source, b []item, cands map[key][]item) error {
	var meta report.Consolidation
	defer func() { s.record(&meta, nil) }()
	dec, bad, err := s.askTriage(call, src, b, cands, "", &meta)
	if (err != nil || len(bad) > 0) && s.ctx.Err() == nil {
		rest, why := b, err
		if err == nil {
			rest, why = undecided(b, dec), errors.Join(bad...)
		}
		s.notify("the consolidator's decisions on %s's findings were rejected (%v); asking again for %d of them", src.Name, why, len(rest))
		note := fmt.Sprintf("Your previous answer was rejected: %v. Decide these findings again.", why)
		var more map[key]triaged
		more, bad, err = s.askTriage(call+"-repair", src, rest, cands, note, &meta)
		if dec == nil {
			dec = make(map[key]triaged)
		}
		for k, d := range more {
			dec[k] = d
		}
	}
	if err == nil && len(bad) > 0 {
		err = errors.Join(bad...)
	}
	if err != nil {
		return err
	}
	s.record(&report.Consolidation{}, dec)
	return nil
}

// undecided are the findings of b without a decision in dec.
func undecided(b []item, dec map[key]triaged) []item {
	var out []item
	for _, it := range b {
		if _, ok := dec[it.key]; !ok {
			out = append(out, it)
		}
	}
	return out
}

// askTriage runs one triage call and returns the valid decisions, and an
// error per finding whose decision is missing or invalid; err is set when
// the call or its answer as a whole failed.
func (s *Session) askTriage(call string, src *Source, b []item, cands map[key][]item, note string, meta *report.Consolidation) (map[key]triaged, []error, error) {
	text, err := triagePrompt(src, b, cands, note)
	if err != nil {
		return nil, nil, err
	}
	select {
	case s.slots <- struct{}{}:
	case <-s.ctx.Done():
		return nil, nil, s.ctx.Err()
	}
	answer, m, err := s.in.Consolidator.Consolidate(s.ctx, call, text, TriageSchema)
	<-s.slots
	add(meta, m)
	if err != nil {
		return nil, nil, fmt.Errorf("run: %w", err)
	}
	return parseTriage(answer, b, s.names)
}

// batch splits mine into batches whose prompts stay within budget.
func batch(mine []item, cands map[key][]item, budget int) [][]item {
	var out [][]item
	var cur []item
	size := len(triageText) + len(TriageSchema)
	for _, it := range mine {
		n := len(renderTriage(it, cands[it.key]).Body) + 512*(1+len(cands[it.key]))
		if len(cur) > 0 && size+n > budget {
			out = append(out, cur)
			cur, size = nil, len(triageText)+len(TriageSchema)
		}
		cur = append(cur, it)
		size += n
	}
	return append(out, cur)
}

// spread splits the largest batch in two until there are k batches or
// every batch holds one finding. Each part of a batch fits the budget
// the batch fit.
func spread(batches [][]item, k int) [][]item {
	for len(batches) < k {
		big := 0
		for i, b := range batches {
			if len(b) > len(batches[big]) {
				big = i
			}
		}
		b := batches[big]
		if len(b) < 2 {
			break
		}
		h := (len(b) + 1) / 2
		batches = slices.Replace(batches, big, big+1, b[:h:h], b[h:])
	}
	return batches
}

// triagePrompt writes the prompt of one triage call.
func triagePrompt(src *Source, b []item, cands map[key][]item, note string) (string, error) {
	data := struct {
		Agent, Label, Note, Schema string
		Findings                   []triageItem
	}{Agent: src.Name, Label: src.label(), Note: note, Schema: strings.TrimSpace(string(TriageSchema))}
	for _, it := range b {
		data.Findings = append(data.Findings, renderTriage(it, cands[it.key]))
	}
	var out strings.Builder
	if err := triageTemplate.Execute(&out, data); err != nil {
		return "", fmt.Errorf("triage prompt: %w", err)
	}
	return out.String(), nil
}

func renderTriage(it item, cands []item) triageItem {
	t := compact(it)
	t.Body = cut(strings.TrimSpace(it.f.Body), maxBody)
	for _, c := range cands {
		t.Candidates = append(t.Candidates, compact(c))
	}
	return t
}

func compact(it item) triageItem {
	return triageItem{Key: it.key.String(), Severity: string(it.f.Severity), Kind: it.f.Kind,
		Title: oneLine(it.f.Title), Locations: locations(it.f.Locations)}
}

// candidatesOf lists, for each of mine, the earlier findings of other
// agents it may describe the same defect as, at most maxCandidates: first
// those citing a file it cites (under the one path rule, files), nearest
// lines first; then those clustering pairs with it elsewhere (the same
// defect cited at a definition and at its use, at a caller and its
// callee), best first. The consolidator can only merge what it is shown.
func candidatesOf(mine, earlier []item, files finding.Files) map[key][]item {
	elsewhere := related(mine, earlier, files)
	out := make(map[key][]item, len(mine))
	for _, it := range mine {
		c := sameFile(it, earlier, files)
		for _, e := range elsewhere[it.key] {
			if len(c) < maxCandidates && !slices.ContainsFunc(c, func(x item) bool { return x.key == e.key }) {
				c = append(c, e)
			}
		}
		out[it.key] = c
	}
	return out
}

// sameFile are the earlier findings of other agents that cite a file it
// cites, nearest lines first; at most maxCandidates.
func sameFile(it item, earlier []item, files finding.Files) []item {
	lines := make(map[string]int) // file → first cited line
	for _, l := range it.f.Locations {
		if p := resolve(files, l.Path); p != "" {
			if _, ok := lines[p]; !ok {
				lines[p] = l.StartLine
			}
		}
	}
	type scored struct {
		it   item
		dist int
	}
	var out []scored
	for _, e := range earlier {
		if e.Agent == it.Agent {
			continue
		}
		best := -1
		for _, l := range e.f.Locations {
			if line, ok := lines[resolve(files, l.Path)]; ok {
				d := max(line-l.StartLine, l.StartLine-line)
				if best < 0 || d < best {
					best = d
				}
			}
		}
		if best >= 0 {
			out = append(out, scored{e, best})
		}
	}
	slices.SortStableFunc(out, func(a, b scored) int { return a.dist - b.dist })
	res := make([]item, 0, min(len(out), maxCandidates))
	for _, s := range out[:min(len(out), maxCandidates)] {
		res = append(res, s.it)
	}
	return res
}

// resolve is the file of files a cited path names, or the cleaned path
// when it names none of them.
func resolve(files finding.Files, cited string) string {
	if p, ok := files.Resolve(cited); ok {
		return p
	}
	return finding.CleanPath(cited)
}

// related are the pairs clustering proposes between each of mine and the
// earlier findings, best first.
func related(mine, earlier []item, files finding.Files) map[key][]item {
	all := append(slices.Clone(mine), earlier...)
	in := make([]cluster.Item, len(all))
	for i, it := range all {
		in[i] = cluster.Item{Agent: it.Agent, Finding: it.f}
	}
	out := make(map[key][]item)
	for _, p := range cluster.Candidates(in, files) {
		a, b := p.A, p.B // a < b: a pair of two of mine has b < len(mine) too
		if a < len(mine) && b >= len(mine) {
			out[all[a].key] = append(out[all[a].key], all[b])
		}
	}
	return out
}

// cut shortens s to at most n bytes at a rune boundary (safetext.Clip's
// rule), saying so on a line of its own.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.TrimSuffix(safetext.Clip(s, n), "…") + "\n[… cut]"
}

type triageAnswer struct {
	Findings []struct {
		Finding        string `json:"finding"`
		Keep           bool   `json:"keep"`
		Severity       string `json:"severity"`
		SeverityReason string `json:"severity_reason"`
		Title          string `json:"title"`
		SameAs         string `json:"same_as"`
		DropReason     string `json:"drop_reason"`
		FalsePositive  bool   `json:"false_positive"`
	} `json:"findings"`
}

// parseTriage validates an answer against the schema and the batch: one
// decision per finding asked, same_as naming a finding of another of the
// agents, a reason for every drop. Whether that finding exists is known
// only once every review is in: merge ignores a link to one that does not
// (reviews arrive in any order, so either side of a pair may name the
// other).
func parseTriage(text string, b []item, agents []string) (map[key]triaged, []error, error) {
	raw, err := extractJSON(text)
	if err != nil {
		return nil, nil, err
	}
	if err := validate(TriageSchema, "triage.schema.json", raw); err != nil {
		return nil, nil, err
	}
	var a triageAnswer
	if err := json.Unmarshal(raw, &a); err != nil {
		return nil, nil, fmt.Errorf("triage: %w", err)
	}
	asked := make(map[key]bool, len(b))
	for _, it := range b {
		asked[it.key] = true
	}
	dec := make(map[key]triaged)
	var bad []error
	for _, d := range a.Findings {
		k := parseKey(d.Finding)
		t := triaged{keep: d.Keep, severity: finding.Severity(d.Severity), reason: d.SeverityReason,
			title: strings.TrimSpace(d.Title), dropReason: d.DropReason, falsePositive: d.FalsePositive}
		switch {
		case !asked[k]:
			// Decided in its own call (an answer may run ahead to the
			// review's other findings), or invented: either way not this
			// call's to decide. What this call must decide is checked below.
			continue
		case dec[k] != (triaged{}):
			bad = append(bad, fmt.Errorf("%s decided twice", k))
			continue
		case !d.Keep && strings.TrimSpace(d.DropReason) == "":
			bad = append(bad, fmt.Errorf("%s dropped without a reason", k))
			continue
		}
		if s := strings.TrimSpace(d.SameAs); s != "" {
			t.sameAs = parseKey(s)
			if !slices.Contains(agents, t.sameAs.Agent) || t.sameAs.Agent == k.Agent || t.sameAs.ID == "" {
				bad = append(bad, fmt.Errorf("%s: same_as %q is not a finding of another agent", k, s))
				continue
			}
		}
		dec[k] = t
	}
	for _, it := range b {
		if _, ok := dec[it.key]; !ok && !slices.ContainsFunc(bad, func(e error) bool { return strings.Contains(e.Error(), it.key.String()) }) {
			bad = append(bad, fmt.Errorf("%s has no decision", it.key))
		}
	}
	return dec, bad, nil
}

// validate checks raw against one of the package's schemas.
func validate(schema []byte, name string, raw []byte) error {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema))
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(name, doc); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	sch, err := c.Compile(name)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return fmt.Errorf("answer is not JSON: %w", err)
	}
	if err := sch.Validate(inst); err != nil {
		return fmt.Errorf("answer does not match the schema: %w", err)
	}
	return nil
}
