package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deepreview/deepreview/internal/proc"
	"github.com/deepreview/deepreview/internal/report"
)

// TestAbandoned: a review whose deepreview died shows as abandoned in
// list and show, once any command has swept the store.
func TestAbandoned(t *testing.T) {
	fx := newStoreFixture(t)
	r, err := fx.store.Create(report.Change{Repo: "acme/widget", PR: 9, Head: "fff"}, storeT0.Add(3*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	meta := filepath.Join(r.Dir, "meta.json")
	var m map[string]any
	b, _ := os.ReadFile(meta)
	json.Unmarshal(b, &m)
	m["owner"] = proc.Owner{PID: dead.Process.Pid, Start: 1}
	b, _ = json.Marshal(m)
	os.WriteFile(meta, b, 0o600)

	_, out, _ := fx.run(t, fx.widget, "list", "#9")
	want := "abandoned: deepreview (pid " + itoa(dead.Process.Pid) + ") ended before the review did"
	if !strings.Contains(out, want) {
		t.Errorf("list:\n%s\nwant %q in it", out, want)
	}
	code, out, errOut := fx.run(t, fx.widget, "show", r.ID)
	if code != 1 || !strings.Contains(out, ": abandoned\n") || !strings.Contains(errOut, "it is abandoned") {
		t.Errorf("show: exit %d\n%s\n%s", code, out, errOut)
	}
	// The running review of a live deepreview (this test) is not touched.
	if _, out, _ := fx.run(t, fx.widget, "list"); !strings.Contains(out, "running for") {
		t.Errorf("list lost the running review:\n%s", out)
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }
