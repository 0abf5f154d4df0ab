package consolidate

import (
	"context"
	"fmt"

	"github.com/deepreview/deepreview/internal/report"
	"github.com/deepreview/deepreview/internal/transcript"
)

// maxEcho bounds how much of a rejected answer the repair prompt repeats.
const maxEcho = 32 << 10

// ask runs the consolidator: once, and once more with the errors when its
// answer is invalid or incomplete. The metrics of every run add up in the
// returned Consolidation; an error means the caller falls back to code.
func ask(ctx context.Context, c Consolidator, srcs []Source, items []item, proposed []group) (*plan, report.Consolidation, error) {
	var meta report.Consolidation
	text, err := prompt(srcs, items, proposed)
	if err != nil {
		return nil, meta, err
	}
	p, answer, err := attempt(ctx, c, text, srcs, items, proposed, &meta)
	if err == nil {
		return p, meta, nil
	}
	if ctx.Err() != nil {
		return nil, meta, err
	}
	p, _, err2 := attempt(ctx, c, repair(text, answer, err), srcs, items, proposed, &meta)
	if err2 != nil {
		return nil, meta, fmt.Errorf("answer invalid (%v), and again after one repair attempt (%w)", err, err2)
	}
	return p, meta, nil
}

// attempt runs the consolidator once and parses its answer.
func attempt(ctx context.Context, c Consolidator, prompt string, srcs []Source, items []item, proposed []group, meta *report.Consolidation) (*plan, string, error) {
	answer, m, err := c.Consolidate(ctx, prompt, Schema)
	add(meta, m)
	if err != nil {
		return nil, answer, fmt.Errorf("run: %w", err)
	}
	p, err := parseDecision(answer, srcs, items, proposed)
	return p, answer, err
}

func add(meta *report.Consolidation, m transcript.Metrics) {
	meta.DurationMS += m.DurationMS
	meta.CostUSD += m.CostUSD
	meta.Tokens.Input += m.Tokens.Input
	meta.Tokens.CacheRead += m.Tokens.CacheRead
	meta.Tokens.CacheWrite += m.Tokens.CacheWrite
	meta.Tokens.Output += m.Tokens.Output
	meta.Tokens.Reasoning += m.Tokens.Reasoning
}

// repair is the prompt of the second attempt: the first prompt, the
// rejected answer and what was wrong with it.
func repair(prompt, answer string, err error) string {
	if len(answer) > maxEcho {
		answer = answer[:maxEcho] + "\n[… cut]"
	}
	return fmt.Sprintf("%s\n\n## Your previous answer was rejected\n\n%v\n\nYour previous answer:\n\n````\n%s\n````\n\nAnswer again with the complete, corrected JSON document and nothing else.\n", prompt, err, answer)
}
