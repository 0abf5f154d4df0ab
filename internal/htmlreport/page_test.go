package htmlreport

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deepreview/deepreview/internal/report"
)

// readReport reads a report of ../report/testdata, the hand-made reports
// the other printers are tested on.
func readReport(t testing.TB, name string) *report.Report {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "report", "testdata", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := report.ReadJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func page(t testing.TB, r *report.Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := Page(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestPageHasFindingsAndAppendix(t *testing.T) {
	r := readReport(t, "pr-316")
	h := page(t, r)
	for _, f := range r.Findings {
		if !strings.Contains(h, `id="`+f.ID+`"`) || !strings.Contains(h, `href="#`+f.ID+`"`) {
			t.Errorf("no anchor for %s", f.ID)
		}
	}
	if n := strings.Count(h, `<details class="original"`); n != len(r.Appendix) {
		t.Errorf("%d appendix details for %d reviews", n, len(r.Appendix))
	}
	for _, bad := range []string{"<script", "<img", "<iframe", "src="} {
		if strings.Contains(h, bad) {
			t.Errorf("page holds %q", bad)
		}
	}
}
