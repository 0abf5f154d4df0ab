package finding

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// goldenName is the golden file of one fixture review.
func goldenName(fr fixtureReview) string {
	base := strings.TrimSuffix(fr.report, ".md")
	return filepath.Join("testdata", "golden", fmt.Sprintf("%s.%s.pass%d.json", base, fr.Agent, fr.Pass))
}

// TestGolden compares the JSON of every parsed fixture review with its
// golden file (regenerate with -update).
func TestGolden(t *testing.T) {
	revs, _ := fixtureReviews(t)
	for _, fr := range revs {
		t.Run(fr.report+"/"+fr.Agent, func(t *testing.T) {
			r, err := Parse(fr.Agent, []byte(fr.Text))
			if err != nil {
				return // failures are checked by TestFixtureReviews
			}
			got, err := json.MarshalIndent(r, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := goldenName(fr)
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the parse (run go test -update and review the diff)", path)
			}
		})
	}
}

// TestMarkdownRoundTrip checks that parse → Markdown → parse keeps the
// structure of every fixture review.
func TestMarkdownRoundTrip(t *testing.T) {
	revs, _ := fixtureReviews(t)
	n := 0
	for _, fr := range revs {
		r, err := Parse(fr.Agent, []byte(fr.Text))
		if err != nil {
			continue
		}
		n++
		t.Run(fr.report+"/"+fr.Agent, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Markdown(&buf, r); err != nil {
				t.Fatal(err)
			}
			again, err := Parse("normalized", buf.Bytes())
			if err != nil {
				t.Fatalf("normalized review does not parse: %v", err)
			}
			if diff := cmp.Diff(r, again); diff != "" {
				t.Errorf("structure changed after Markdown (-parsed +reparsed):\n%s", diff)
			}
		})
	}
	if n == 0 {
		t.Fatal("no fixture review parsed")
	}
}
