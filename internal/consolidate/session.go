package consolidate

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/report"
	"github.com/deepreview/deepreview/internal/transcript"
)

// Session consolidates reviews as their agents finish: each review is
// parsed, and its findings decided by the consolidator agent (kept or
// dropped, rated, matched with earlier agents' findings) while the other
// agents still run. After the slowest agent only its own share and one
// short call for the report's prose remain.
type Session struct {
	ctx   context.Context
	stop  context.CancelFunc
	in    Input
	names []string // the expected reviews, sorted: a review's index is its place here

	wg    sync.WaitGroup
	slots chan struct{} // one per consolidator call running: at most maxRunning
	mu    sync.Mutex
	srcs  []Source
	seen  []bool
	got   []item // findings in the order their reviews arrived
	dec   map[key]triaged
	meta  report.Consolidation
	errs  []error
}

// Start begins a consolidation of the reviews of names, which arrive
// through Add.
func Start(ctx context.Context, in Input, names []string) (*Session, error) {
	sorted := slices.Sorted(slices.Values(names))
	for i, n := range sorted {
		if n == "" || strings.ContainsAny(n, ": \t\n") {
			return nil, fmt.Errorf("review %d: agent name %q must be a non-empty word without ':' or spaces", i+1, n)
		}
		if i > 0 && sorted[i-1] == n {
			return nil, fmt.Errorf("review %s: given twice", n)
		}
	}
	ctx, stop := context.WithCancel(ctx)
	s := &Session{ctx: ctx, stop: stop, in: in, names: sorted, srcs: make([]Source, len(sorted)), seen: make([]bool, len(sorted)),
		dec: make(map[key]triaged), slots: make(chan struct{}, maxRunning)}
	for i, n := range sorted {
		s.srcs[i] = Source{Name: n, Err: "no review"}
	}
	return s, nil
}

// Add takes one agent's review. With a consolidator agent, deciding its
// findings starts at once, in the background.
func (s *Session) Add(src Source) error {
	i := slices.Index(s.names, src.Name)
	if i < 0 {
		return fmt.Errorf("review %s: not one of %s", src.Name, strings.Join(s.names, ", "))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seen[i] {
		return fmt.Errorf("review %s: given twice", src.Name)
	}
	s.seen[i] = true
	if src.Err == "" && src.Review == nil {
		src.Err = "no review"
	}
	s.srcs[i] = src
	if src.Err != "" {
		return nil
	}
	mine := sourceItems(i, &s.srcs[i])
	earlier := slices.Clone(s.got)
	s.got = append(s.got, mine...)
	last := !slices.Contains(s.seen, false)
	if s.in.Consolidator != nil && len(mine) > 0 {
		s.wg.Go(func() { s.triage(&s.srcs[i], mine, earlier, last) })
	}
	return nil
}

// Finish waits for every decision, asks for the report's prose and builds
// the report. The report's identity, change and timing fields are left for
// the caller to fill.
func (s *Session) Finish() (*report.Report, error) {
	s.wg.Wait()
	defer s.stop()
	srcs := s.srcs
	var items []item
	for i := range srcs {
		if srcs[i].Err == "" {
			items = append(items, sourceItems(i, &srcs[i])...)
		}
	}
	files := changeFiles(s.in.ChangedFiles, srcs, items)
	p, meta := s.decide(srcs, items, files)
	p.changed, p.files = s.in.ChangedFiles, files
	if err := checkPlan(items, p); err != nil {
		return nil, fmt.Errorf("accounting: %w", err)
	}
	r := build(srcs, items, p, meta)
	verify(s.in.Tree, items, p, r)
	if err := checkReport(items, r); err != nil {
		return nil, err
	}
	return r, nil
}

// Stop ends a session that will not finish: the consolidator's calls are
// canceled and waited for. Safe after Finish, and more than once.
func (s *Session) Stop() {
	s.stop()
	s.wg.Wait()
}

// decide makes the plan: from the consolidator's decisions when there is
// one and every decision was valid, else by code.
func (s *Session) decide(srcs []Source, items []item, files finding.Files) (*plan, report.Consolidation) {
	proposed := proposal(items, files)
	if s.in.Consolidator == nil {
		return deterministic(srcs, items, proposed), report.Consolidation{Method: "deterministic"}
	}
	meta := s.meta
	meta.Agent = s.in.ConsolidatorName
	if err := errors.Join(s.errs...); err != nil {
		meta.Method = "deterministic"
		meta.Fallback = fmt.Sprintf("consolidator %s: %v; consolidated by code instead", s.in.ConsolidatorName, err)
		p := deterministic(srcs, items, proposed)
		p.summary = fmt.Sprintf("The consolidator agent's decisions were rejected (%v), so this report was consolidated by code.\n\n%s", err, p.summary)
		return p, meta
	}
	meta.Method = "agent"
	p := merge(items, s.dec)
	if err := s.prose(p, srcs, items, &meta); err != nil {
		fillProse(p, srcs, items)
		meta.Fallback = fmt.Sprintf("consolidator %s: %v; the findings are its decisions, the prose is by code", s.in.ConsolidatorName, err)
	}
	return p, meta
}

// fail records a consolidator failure: the report falls back to code.
func (s *Session) fail(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.errs = append(s.errs, err)
}

// record adds a run's metrics and decisions.
func (s *Session) record(m *report.Consolidation, dec map[key]triaged) {
	s.mu.Lock()
	defer s.mu.Unlock()
	add(&s.meta, transcript.Metrics{DurationMS: m.DurationMS, CostUSD: m.CostUSD, Tokens: m.Tokens})
	for k, d := range dec {
		s.dec[k] = d
	}
}

// notify tells the user something about the consolidation, when asked to.
func (s *Session) notify(format string, args ...any) {
	if s.in.Notify != nil {
		s.in.Notify(fmt.Sprintf(format, args...))
	}
}

// add sums one run's metrics into meta.
func add(meta *report.Consolidation, m transcript.Metrics) {
	meta.DurationMS += m.DurationMS
	meta.CostUSD += m.CostUSD
	meta.Tokens.Input += m.Tokens.Input
	meta.Tokens.CacheRead += m.Tokens.CacheRead
	meta.Tokens.CacheWrite += m.Tokens.CacheWrite
	meta.Tokens.Output += m.Tokens.Output
	meta.Tokens.Reasoning += m.Tokens.Reasoning
}
