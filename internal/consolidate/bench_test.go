package consolidate

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/deepreview/deepreview/internal/finding"
)

var vocab = []string{"race", "leak", "panic", "timeout", "deadlock", "nil", "retry", "cache", "watcher", "finalizer",
	"annotation", "context", "cancel", "goroutine", "mutex", "buffer", "socket", "stream", "config", "volume"}

// synthetic makes three reviews with n findings in all over about n/20
// files, each a typical finding: a title, two sentences, a code excerpt.
func synthetic(n int, seed uint64) []Source {
	r := rand.New(rand.NewPCG(seed, seed))
	names := []string{"claude", "codex", "gemini"}
	srcs := make([]Source, 3)
	for i := range srcs {
		srcs[i] = Source{Name: names[i], Review: &finding.Review{Agent: names[i]}}
	}
	sevs := []finding.Severity{finding.Critical, finding.Important, finding.Suggestion, finding.Suggestion}
	for i := range n {
		w := func() string { return vocab[r.IntN(len(vocab))] }
		a, b, c := w(), w(), w()
		start := 1 + r.IntN(500)
		sev := sevs[r.IntN(len(sevs))]
		rv := srcs[i%3].Review
		rv.Findings = append(rv.Findings, finding.Finding{
			ID: fmt.Sprintf("%s%d", sev.Letter(), len(rv.Findings)+1), Severity: sev,
			Title:     fmt.Sprintf("`%sHandler` %s causes %s", a, b, c),
			Body:      fmt.Sprintf("The `%s` path in `%sHandler` can %s when the %s is closed.\n\n```go\nfunc (h *%sHandler) Serve() error {\n\treturn h.%s.Close()\n}\n```\n", a, a, b, c, a, c),
			Fix:       "Fix: close it once.",
			Locations: []finding.Location{{Path: fmt.Sprintf("pkg/p%d/f.go", r.IntN(n/20+1)), StartLine: start, EndLine: start + r.IntN(15)}},
		})
	}
	return srcs
}

func BenchmarkConsolidate(b *testing.B) {
	for _, n := range []int{30, 1000, 10000} {
		in := Input{Reviews: synthetic(n, 1)}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Consolidate(context.Background(), in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkTypical(b *testing.B) {
	in := Input{Reviews: reviews()}
	for b.Loop() {
		if _, err := Consolidate(context.Background(), in); err != nil {
			b.Fatal(err)
		}
	}
}
