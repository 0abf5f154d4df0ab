package cluster

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/deepreview/deepreview/internal/finding"
)

func f(title, body, path string, start, end int) *finding.Finding {
	return &finding.Finding{Title: title, Body: body, Locations: []finding.Location{{Path: path, StartLine: start, EndLine: end}}}
}

// leakA and leakB describe related leaks in related words: their
// similarity lies between minNear and minApart (TestRelatedText checks).
func leakA(path string, start, end int) *finding.Finding {
	return f("Watcher goroutine outlives a restart", "The `watch` loop never returns when the context is cancelled, so each restart leaks one goroutine and its socket.", path, start, end)
}

func leakB(path string, start, end int) *finding.Finding {
	return f("Restart leaks the informer goroutine", "Each restart starts a new informer without stopping the old one; the old goroutine keeps running, holding its socket, and memory grows.", path, start, end)
}

// TestRelatedText checks the premise of the related-text cases of
// TestGroup: the pair is similar enough to merge at near lines and not
// similar enough to merge anywhere else.
func TestRelatedText(t *testing.T) {
	v := vectors([]Item{{"gemini", leakA("w.go", 1, 1)}, {"claude", leakB("w.go", 1, 1)}})
	if sim := cosine(v[0], v[1]); sim < minNear || sim >= minApart {
		t.Fatalf("similarity %.3f, want in [%.2f, %.2f)", sim, minNear, minApart)
	}
}

// namedLeakA and namedLeakB are leakA and leakB with titles naming the
// same code (`Restart`).
func namedLeakA(path string) *finding.Finding {
	return f("Watcher goroutine outlives `Restart`", leakA("", 0, 0).Body, path, 10, 12)
}

func namedLeakB(path string) *finding.Finding {
	return f("`Restart` leaks the informer goroutine", leakB("", 0, 0).Body, path, 10, 12)
}

// TestNamedApartPremise checks that the named pair merges apart only
// because its titles name the same code: its similarity is below
// minApart.
func TestNamedApartPremise(t *testing.T) {
	v := vectors([]Item{{"gemini", namedLeakA("a.go")}, {"claude", namedLeakB("b.go")}})
	if sim := cosine(v[0], v[1]); sim < minNamedApart || sim >= minApart {
		t.Fatalf("similarity %.3f, want in [%.2f, %.2f)", sim, minNamedApart, minApart)
	}
}

// wedgeA and wedgeB name one wait loop in their titles and complain of
// it in other words, at near lines (a pair the corpus's reports merged).
func wedgeA() *finding.Finding {
	return f("`waitMirrorsGone` can wedge the reconciler indefinitely", "The loop in `waitMirrorsGone` waits until every mirror is deleted, with no deadline; a finalizer that never clears blocks the reconciler.", "pkg/r.go", 500, 520)
}

func wedgeB() *finding.Finding {
	return f("`waitMirrorsGone` polls the API server instead of the cache", "Each pass lists the mirrors with a live client call every second, loading the API server while the engine stops.", "pkg/r.go", 530, 540)
}

// TestNamedNearPremise checks that the wedge pair merges only because its
// titles name the same code: its similarity is below minNear.
func TestNamedNearPremise(t *testing.T) {
	v := vectors([]Item{{"gemini", wedgeA()}, {"claude", wedgeB()}})
	if sim := cosine(v[0], v[1]); sim < minNamedNear || sim >= minNear {
		t.Fatalf("similarity %.3f, want in [%.2f, %.2f)", sim, minNamedNear, minNear)
	}
}

func moved(f *finding.Finding, line int) *finding.Finding {
	f.Locations[0].StartLine, f.Locations[0].EndLine = line, line+10
	return f
}

func rated(f *finding.Finding, s finding.Severity) *finding.Finding {
	f.Severity = s
	return f
}

// strongApart is a Gemini finding with two Claude candidates: the same
// race cited in another file, and a weaker match at the same lines.
func strongApart() []Item {
	race := "`removeActionAnnotation` reads the latest object and sends a merge patch; `client.MergeFrom` carries no resourceVersion so a concurrent action is lost."
	return []Item{
		{"gemini", f("Race condition drops concurrent action annotations", race, "pkg/w.go", 449, 451)},
		{"claude", f("Annotation removal patch lacks optimistic concurrency", race, "pkg/x.go", 10, 12)},
		{"claude", f("Merge patch on action annotations is sent without a retry", "`removeActionAnnotation` sends a merge patch and returns the error to the caller, which drops it; a removal that loses a race is never retried.", "pkg/w.go", 449, 451)},
	}
}

// TestStrongApart checks the premise of the strongApart case: both pairs
// are candidates, the one apart is clearly stronger, and a large bonus
// for the shared lines (0.5, as before) would have ranked the weak one
// first.
func TestStrongApart(t *testing.T) {
	v := vectors(strongApart())
	apart, same := cosine(v[0], v[1]), cosine(v[0], v[2])
	if apart < minApart || same < minNear || same+maxProximity >= apart || same+0.5 <= apart {
		t.Fatalf("similarities %.3f apart, %.3f at the same lines: not the case the test means", apart, same)
	}
}

// The pairs of the concern and other-code cases of TestGroup: related
// text at the same lines, which merges unless a rule holds it apart.
func otherCodeA() *finding.Finding {
	return f("`watchLoop` leaks the watcher goroutine and socket on restart", leakA("", 0, 0).Body, "pkg/w.go", 10, 14)
}

func otherCodeB() *finding.Finding {
	return f("`newInformer` leaks the watcher goroutine and socket on restart", leakB("", 0, 0).Body, "pkg/w.go", 12, 16)
}

func relatedCodeA() *finding.Finding {
	return f("`startWatcher` leaks the watcher goroutine and socket on restart", leakA("", 0, 0).Body, "pkg/w.go", 10, 14)
}

func relatedCodeB() *finding.Finding {
	return f("`stopWatcher` leaves the watcher goroutine and its socket leaking on restart", leakB("", 0, 0).Body, "pkg/w.go", 12, 16)
}

func staleComment(what string) *finding.Finding {
	return f(what+" on the watcher goroutine is stale about restart", leakA("", 0, 0).Body, "pkg/w.go", 10, 14)
}

func restartLeak() *finding.Finding {
	return f("Restart leaks the watcher goroutine", leakB("", 0, 0).Body, "pkg/w.go", 12, 16)
}

// TestHeldApartPremise checks that the pairs TestGroup holds apart by a
// rule would merge without it: their similarity reaches minNear, and
// stays below the bar the rule sets.
func TestHeldApartPremise(t *testing.T) {
	for _, c := range []struct {
		name string
		a, b *finding.Finding
		bar  float64
	}{
		{"unrelated code", otherCodeA(), otherCodeB(), minOtherCode},
		{"related code", relatedCodeA(), relatedCodeB(), minOtherCode},
		{"comment", staleComment("Comment"), restartLeak(), minSideBySide},
		{"note", staleComment("Note"), restartLeak(), minSideBySide},
	} {
		v := vectors([]Item{{"gemini", c.a}, {"claude", c.b}})
		if sim := cosine(v[0], v[1]); sim < minNear || sim >= c.bar {
			t.Errorf("%s: similarity %.3f, want in [%.2f, %.2f)", c.name, sim, minNear, c.bar)
		}
	}
}

func TestGroup(t *testing.T) {
	race := "`removeActionAnnotation` reads the latest object and sends a merge patch; `client.MergeFrom` carries no resourceVersion so a concurrent action is lost."
	tests := []struct {
		name  string
		items []Item
		want  [][]int
	}{
		{"same defect, two agents", []Item{
			{"gemini", f("Race condition drops concurrent action annotations", race, "pkg/docker_watcher.go", 449, 451)},
			{"claude", f("Annotation removal patch lacks optimistic concurrency", race, "pkg/docker_watcher.go", 453, 468)},
		}, [][]int{{0, 1}}},
		{"same agent never merged", []Item{
			{"gemini", f("Race condition drops concurrent action annotations", race, "pkg/docker_watcher.go", 449, 451)},
			{"gemini", f("Race condition drops concurrent action annotations", race, "pkg/docker_watcher.go", 449, 451)},
		}, [][]int{{0}, {1}}},
		// Related text (a similarity between minNear and minApart) is
		// one defect only where a near range brings the two together.
		{"related text, near lines", []Item{
			{"gemini", leakA("pkg/w.go", 10, 12)},
			{"claude", leakB("pkg/w.go", 20, 24)},
		}, [][]int{{0, 1}}},
		{"related text, different files", []Item{
			{"gemini", leakA("pkg/a.go", 10, 12)},
			{"claude", leakB("pkg/b.go", 10, 12)},
		}, [][]int{{0}, {1}}},
		// Titles naming the same code bring findings cited apart
		// together as a near range would, if less surely.
		{"related text, different files, titles naming the same code", []Item{
			{"gemini", namedLeakA("pkg/a.go")},
			{"claude", namedLeakB("pkg/b.go")},
		}, [][]int{{0, 1}}},
		// Titles naming the same code at near lines: one subject, two
		// wordings (TestNamedNearPremise); cited apart, the pair needs
		// more.
		{"titles naming the same code, near lines", []Item{
			{"gemini", wedgeA()}, {"claude", wedgeB()},
		}, [][]int{{0, 1}}},
		{"titles naming the same code, far apart", []Item{
			{"gemini", wedgeA()}, {"claude", moved(wedgeB(), 900)},
		}, [][]int{{0}, {1}}},
		{"related text, far apart in the file", []Item{
			{"gemini", leakA("pkg/w.go", 10, 12)},
			{"claude", leakB("pkg/w.go", 900, 910)},
		}, [][]int{{0}, {1}}},
		{"short path matches full path", []Item{
			{"gemini", leakA("pkg/controllers/w.go", 10, 12)},
			{"claude", leakB("w.go", 20, 24)},
		}, [][]int{{0, 1}}},
		{"same lines, unrelated text", []Item{
			{"gemini", f("Doc comment has a typo", "The word `recieve` is misspelled in the comment.", "pkg/w.go", 10, 12)},
			{"claude", f("Goroutine leak on shutdown", "The `worker` goroutine never exits because `done` is never closed.", "pkg/w.go", 10, 14)},
		}, [][]int{{0}, {1}}},
		// Text that agrees strongly is one defect wherever it is cited:
		// where a constant is defined and where it is used, the caller
		// and the callee.
		{"the same defect, far apart in the file", []Item{
			{"gemini", f("Race condition drops concurrent action annotations", race, "pkg/docker_watcher.go", 10, 12)},
			{"claude", f("Annotation removal patch lacks optimistic concurrency", race, "pkg/docker_watcher.go", 900, 910)},
		}, [][]int{{0, 1}}},
		{"the same defect, in different files", []Item{
			{"gemini", f("Race condition drops concurrent action annotations", race, "pkg/a.go", 449, 451)},
			{"claude", f("Annotation removal patch lacks optimistic concurrency", race, "pkg/b.go", 10, 12)},
		}, [][]int{{0, 1}}},
		{"the same defect, one whole-file location", []Item{
			{"gemini", f("Race condition drops concurrent action annotations", race, "pkg/docker_watcher.go", 0, 0)},
			{"claude", f("Annotation removal patch lacks optimistic concurrency", race, "pkg/docker_watcher.go", 453, 468)},
		}, [][]int{{0, 1}}},
		// Titles naming different code at nearby lines are two defects
		// unless the text agrees strongly; at the same lines, one.
		{"titles naming different code", []Item{
			{"claude", f("`Delete` fails when the service exits between checks", "The service may exit between the two `Running()` checks, so the call fails with a spurious not-running error.", "service.go", 430, 432)},
			{"gemini", f("`StopWithWait` fails when the service exits between checks", "The service may exit between the two `Running()` checks, so the wait fails and blocks Ctrl-C.", "service.go", 440, 445)},
			{"claude", f("`serviceStartAction` reports ready too early", "When the service is already running, start returns ready before the controllers register and the discovery ConfigMap is fresh.", "service.go", 270, 275)},
			{"codex", f("`rdd svc start` reports ready too early", "When the service is already running, start returns ready before the controllers register.", "service.go", 270, 270)},
		}, [][]int{{0}, {1}, {2, 3}}},
		// At the same lines, titles naming unrelated code (no name shares
		// a word) are two defects unless the text agrees strongly; a
		// shared part of a name is enough to count as the same code.
		{"same lines, titles naming unrelated code", []Item{
			{"gemini", otherCodeA()}, {"claude", otherCodeB()},
		}, [][]int{{0}, {1}}},
		{"same lines, titles naming related code", []Item{
			{"gemini", relatedCodeA()}, {"claude", relatedCodeB()},
		}, [][]int{{0, 1}}},
		// A comment (or a test, or the cost) and the behaviour of the
		// same lines are two defects unless the text agrees strongly.
		{"same lines, a comment and a leak", []Item{
			{"gemini", staleComment("Comment")}, {"claude", restartLeak()},
		}, [][]int{{0}, {1}}},
		{"same lines, a note and a leak", []Item{
			{"gemini", staleComment("Note")}, {"claude", restartLeak()},
		}, [][]int{{0, 1}}},
		// Critical and suggestion: two defects unless the text agrees
		// strongly (the same pair unrated merges: "related text, near
		// lines").
		{"related text, near lines, critical and suggestion", []Item{
			{"gemini", rated(leakA("pkg/w.go", 10, 12), finding.Critical)},
			{"claude", rated(leakB("pkg/w.go", 20, 24), finding.Suggestion)},
		}, [][]int{{0}, {1}}},
		{"related text, near lines, critical and important", []Item{
			{"gemini", rated(leakA("pkg/w.go", 10, 12), finding.Critical)},
			{"claude", rated(leakB("pkg/w.go", 20, 24), finding.Important)},
		}, [][]int{{0, 1}}},
		// Proximity ranks nearly equal candidates, not a weak pair at the
		// same lines above a strong one cited apart (TestStrongApart).
		{"a strong pair apart beats a weak one at the same lines", strongApart(), [][]int{{0, 1}, {2}}},
		{"three agents, best pairs first, one per agent", []Item{
			{"claude", f("`InProgress` state is never written", "`ContainerActionInProgress` is declared but no code path assigns it.", "types.go", 57, 58)},
			{"codex", f("`InProgress` is part of the API but never emitted", "`ContainerActionInProgress` is declared, but `processContainerAction` only writes Succeeded or Failed, never `InProgress`.", "types.go", 50, 60)},
			{"gemini", f("`InProgress` action state is defined but never used", "Nothing sets `ContainerActionInProgress`.", "types.go", 58, 58)},
			{"claude", f("`InProgress` is also in the CRD", "The CRD enum lists `InProgress`.", "types.go", 58, 58)},
		}, [][]int{{0, 1, 2}, {3}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Group(tt.items, finding.Files{})
			if !slices.EqualFunc(got, tt.want, slices.Equal) {
				t.Errorf("Group = %v, want %v", got, tt.want)
				for _, p := range Candidates(tt.items, finding.Files{}) {
					t.Logf("candidate %+v", p)
				}
			}
		})
	}
}

// TestGroupInvariants checks on random input that every item is in exactly
// one cluster, that no cluster holds one agent twice, and that the result
// does not depend on anything but the input.
func TestGroupInvariants(t *testing.T) {
	items := synthetic(2000, 7)
	got := Group(items, finding.Files{})
	seen := make([]int, len(items))
	for _, g := range got {
		agents := map[string]bool{}
		for _, k := range g {
			seen[k]++
			if agents[items[k].Agent] {
				t.Fatalf("cluster %v holds agent %s twice", g, items[k].Agent)
			}
			agents[items[k].Agent] = true
		}
	}
	for k, n := range seen {
		if n != 1 {
			t.Fatalf("item %d is in %d clusters", k, n)
		}
	}
	if again := Group(items, finding.Files{}); !slices.EqualFunc(got, again, slices.Equal) {
		t.Fatal("Group is not deterministic")
	}
}

var vocab = []string{"race", "leak", "panic", "timeout", "deadlock", "nil", "retry", "cache", "watcher", "finalizer",
	"annotation", "context", "cancel", "goroutine", "mutex", "buffer", "socket", "stream", "config", "volume"}

// synthetic makes n findings by three agents over n/20 files, so that
// about one in three describes a defect another agent also found.
func synthetic(n int, seed uint64) []Item {
	r := rand.New(rand.NewPCG(seed, seed))
	agents := []string{"claude", "codex", "gemini"}
	items := make([]Item, n)
	for i := range items {
		file := fmt.Sprintf("pkg/p%d/file%d.go", r.IntN(n/20+1), r.IntN(5))
		start := 1 + r.IntN(2000)
		w1, w2, w3 := vocab[r.IntN(len(vocab))], vocab[r.IntN(len(vocab))], vocab[r.IntN(len(vocab))]
		title := fmt.Sprintf("`%sHandler` %s causes %s", w1, w2, w3)
		body := fmt.Sprintf("The `%s` path in `%sHandler` can %s when the %s is %s.", w1, w1, w2, w3, vocab[r.IntN(len(vocab))])
		items[i] = Item{Agent: agents[i%3], Finding: f(title, body, file, start, start+r.IntN(20))}
	}
	return items
}

func BenchmarkGroup(b *testing.B) {
	for _, n := range []int{30, 100, 1000, 10000} {
		items := synthetic(n, 1)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				Group(items, finding.Files{})
			}
		})
	}
}

// TestGroupExactTies gives Group findings whose candidate pairs score
// exactly alike: two Claude findings with the same words at the same
// lines compete for one Codex finding (and a Gemini finding for either).
// Ties must be broken by a total order (the lower index first), never by
// map order, so every run must give the same clusters: the first Claude
// finding with the others.
func TestGroupExactTies(t *testing.T) {
	body := "The `reconcileLoop` retries forever when `client.Update` returns a conflict, because the backoff in `retryOnConflict` " +
		"is reset by every watch event; under load the controller spins, the apiserver sees a storm of writes, and the status " +
		"condition flaps between Ready and Degraded while the cache lags behind the informer resync period."
	title := "`reconcileLoop` spins on update conflicts"
	mk := func(agent string) Item {
		return Item{Agent: agent, Finding: f(title, body, "pkg/ctrl/reconcile.go", 40, 60)}
	}
	items := []Item{mk("claude"), mk("claude"), mk("codex"), mk("gemini")}
	want := [][]int{{0, 2, 3}, {1}}
	for range 500 {
		if got := Group(items, finding.Files{}); !slices.EqualFunc(got, want, slices.Equal) {
			t.Fatalf("Group = %v, want %v (ties broken by map order)", got, want)
		}
	}
}
