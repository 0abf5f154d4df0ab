package store

import (
	"fmt"
	"sync"
	"testing"

	"github.com/deepreview/deepreview/internal/report"
)

func newReview(t *testing.T) *Review {
	t.Helper()
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Create(pr7(), start)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestResolutionLostUpdate shows what UpdateResolution prevents: two
// sessions that read the resolution, then each store it with their own
// answer, keep only the later one's.
func TestResolutionLostUpdate(t *testing.T) {
	r := newReview(t)
	// Both read before either writes (nothing recorded yet), then each
	// adds its answer to what it read.
	a, _ := r.Resolution()
	b, _ := r.Resolution()
	if a != nil || b != nil {
		t.Fatal("a fresh review has a resolution")
	}
	a = &report.Resolution{Findings: map[string]report.Resolved{"C1": {Action: "fixed"}}}
	b = &report.Resolution{Findings: map[string]report.Resolved{"I1": {Action: "skipped", Reason: "later"}}}
	if err := r.saveResolution(a); err != nil {
		t.Fatal(err)
	}
	if err := r.saveResolution(b); err != nil {
		t.Fatal(err)
	}
	got, _ := r.Resolution()
	if _, ok := got.Findings["C1"]; ok {
		t.Fatal("the first session's answer survived a plain read-then-write")
	}
}

// TestUpdateResolutionConcurrent: twenty sessions answering one finding
// each at once all keep their answers.
func TestUpdateResolutionConcurrent(t *testing.T) {
	r := newReview(t)
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := range 20 {
		wg.Go(func() {
			errs <- r.UpdateResolution(t.Context(), func(res *report.Resolution) error {
				res.Findings[fmt.Sprintf("S%d", i+1)] = report.Resolved{Action: "fixed"}
				return nil
			})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	got, err := r.Resolution()
	if err != nil || len(got.Findings) != 20 {
		t.Fatalf("%d answers kept of 20 (%v)", len(got.Findings), err)
	}
}
