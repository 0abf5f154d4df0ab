package store

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/deepreview/deepreview/internal/proc"
	"github.com/deepreview/deepreview/internal/report"
)

func TestMain(m *testing.M) {
	if dir := os.Getenv("STORE_TEST_CREATE"); dir != "" {
		os.Exit(createAndHang(dir))
	}
	os.Exit(m.Run())
}

// createAndHang is a deepreview stand-in: it creates a review in the
// store at dir, prints its id and runs until killed.
func createAndHang(dir string) int {
	s, err := Open(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	r, err := s.Create(report.Change{Repo: "acme/widget", PR: 7}, time.Now())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println(r.ID)
	time.Sleep(time.Hour)
	return 0
}

// TestSweep runs a process that creates a review and kills it with
// SIGKILL, as a user's kill -9 of deepreview would. Until a sweep the
// review stays "running" forever; Sweep marks it abandoned, and leaves
// alone the reviews of live owners, of other hosts and without owners.
func TestSweep(t *testing.T) {
	dir := t.TempDir()
	s, _ := Open(dir)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "STORE_TEST_CREATE="+dir)
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	killed := strings.TrimSpace(line)

	live, _ := s.Create(report.Change{Repo: "acme/widget", PR: 8}, time.Now())
	other, _ := s.Create(report.Change{Repo: "acme/widget", PR: 9}, time.Now())
	other.Host = "elsewhere"
	other.Owner = &proc.Owner{PID: 1 << 30}
	other.saveMeta()
	legacy, _ := s.Create(report.Change{Repo: "acme/widget", PR: 10}, time.Now())
	legacy.Owner = nil
	legacy.saveMeta()

	if marked, err := s.Sweep(); err != nil || len(marked) != 0 {
		t.Fatalf("Sweep with every owner alive = %v, %v", marked, err)
	}
	cmd.Process.Kill() // SIGKILL
	cmd.Wait()
	if r, _ := s.Get(killed); r.State != Running {
		t.Fatalf("the killed review is %s before the sweep, want running (the attack)", r.State)
	}
	marked, err := s.Sweep()
	if err != nil || !slices.Equal(marked, []string{killed}) {
		t.Fatalf("Sweep = %v, %v; want [%s]", marked, err, killed)
	}
	states := map[string]string{}
	entries, _ := s.List(Key{})
	for _, e := range entries {
		states[e.ID] = e.State
	}
	want := map[string]string{killed: Abandoned, live.ID: Running, other.ID: Running, legacy.ID: Running}
	for id, st := range want {
		if states[id] != st {
			t.Errorf("%s is %s, want %s", id, states[id], st)
		}
	}
	r, _ := s.Get(killed)
	if !strings.Contains(r.Error, fmt.Sprintf("pid %d", cmd.Process.Pid)) {
		t.Errorf("abandoned review's error %q does not name the owner", r.Error)
	}
	if again, _ := s.Sweep(); len(again) != 0 {
		t.Errorf("a second sweep marked %v", again)
	}
}

// TestUnstored: a review folder replaced by a file (what a disk that
// cannot be written looks like to root, whom chmod does not stop) fails
// every write, and the review remembers which.
func TestUnstored(t *testing.T) {
	s, _ := Open(t.TempDir())
	r, err := s.Create(report.Change{Repo: "acme/widget", Branch: "b"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(r.Dir); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(r.Dir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteFile("report.md", []byte("# Report\n")); err == nil {
		t.Fatal("WriteFile into a file: no error")
	}
	r.NotStored("agents/alpha/metrics.json", fmt.Errorf("write: %w", os.ErrPermission))
	got := r.Unstored()
	if len(got) != 2 || !strings.HasPrefix(got[0], "report.md (") || got[1] != "agents/alpha/metrics.json (permission denied)" {
		t.Errorf("Unstored = %q", got)
	}
}
