package agent

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// floodScript prints 200 MB to stdout and 50 MB to stderr at once.
const floodScript = `cat >/dev/null; (head -c 50000000 /dev/zero | tr '\0' e >&2) & head -c 200000000 /dev/zero | tr '\0' a; wait`

// floodReport is what a flood run in a process of its own reports.
type floodReport struct {
	MaxRSSKiB int64
	Err       string
	Truncated []string
	ReviewLen int
	Exit      int
}

// flood runs the flood agent in this process (a fresh test binary) with
// the limits in AGENT_TEST_LIMITS ("transcript,stderr,review" bytes) and
// prints its peak memory and result: ru_maxrss is the whole process's,
// so the measure needs a process of its own.
func flood(out string) int {
	var l Limits
	fmt.Sscanf(os.Getenv("AGENT_TEST_LIMITS"), "%d,%d,%d", &l.Transcript, &l.Stderr, &l.Review)
	r := &Runner{Environ: []string{"PATH=/usr/bin:/bin"}, Limits: l}
	res := r.Run(context.Background(), Job{
		Spec:   Spec{Name: "flood", Kind: Command, Command: []string{"sh", "-c", floodScript}, Timeout: time.Minute},
		Prompt: "review", Dir: out, OutDir: filepath.Join(out, "flood"),
	}, nil)
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	json.NewEncoder(os.Stdout).Encode(floodReport{MaxRSSKiB: ru.Maxrss, Err: res.Err,
		Truncated: res.Metrics.Truncated, ReviewLen: len(res.Review), Exit: res.ExitCode})
	return 0
}

func runFlood(t *testing.T, limits Limits) (floodReport, string) {
	t.Helper()
	out := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "AGENT_TEST_FLOOD="+out,
		fmt.Sprintf("AGENT_TEST_LIMITS=%d,%d,%d", limits.Transcript, limits.Stderr, limits.Review))
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("flood run: %v", err)
	}
	var rep floodReport
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatalf("flood report %q: %v", b, err)
	}
	return rep, filepath.Join(out, "flood")
}

func size(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

// TestFlood runs a command agent printing 200 MB to stdout and 50 MB to
// stderr. With 8 MiB limits the files stop at 8 MiB, the review (its
// stdout) at 1 MiB and is not used, and the process's peak memory stays
// far below what was printed; without limits it follows the output.
func TestFlood(t *testing.T) {
	if testing.Short() {
		t.Skip("prints 250 MB")
	}
	const mib = 1 << 20
	rep, dir := runFlood(t, Limits{Transcript: 8 * mib, Stderr: 8 * mib, Review: mib})
	t.Logf("limited: peak RSS %d MiB; %+v", rep.MaxRSSKiB>>10, rep)
	if rep.Exit != 0 {
		t.Errorf("the agent exited %d: it must never block or get EPIPE", rep.Exit)
	}
	if got := size(t, filepath.Join(dir, TranscriptFile)); got != 8*mib {
		t.Errorf("transcript.jsonl holds %d bytes, want %d", got, 8*mib)
	}
	if got := size(t, filepath.Join(dir, StderrFile)); got != 8*mib {
		t.Errorf("stderr.txt holds %d bytes, want %d", got, 8*mib)
	}
	if want := "review text truncated at 1048576 bytes"; !strings.Contains(rep.Err, want) || rep.ReviewLen != 0 {
		t.Errorf("err %q, review %d bytes; want %q and no review", rep.Err, rep.ReviewLen, want)
	}
	want := []string{
		"final text truncated at 1048576 bytes",
		"transcript.jsonl truncated at 8388608 bytes (191611392 more bytes dropped)",
		"stderr.txt truncated at 8388608 bytes (41611392 more bytes dropped)",
	}
	if strings.Join(rep.Truncated, "\n") != strings.Join(want, "\n") {
		t.Errorf("Truncated = %q\nwant %q", rep.Truncated, want)
	}
	// Bounded, not proportional: what is held is the limits plus the
	// redaction of one unfinished line (at most 16 MiB: this flood has no
	// newline), about 70 MiB, and under -race about three times that.
	if rep.MaxRSSKiB > 256<<10 {
		t.Errorf("peak RSS %d MiB after 250 MB printed: not flat", rep.MaxRSSKiB>>10)
	}

	// Without limits (the attack as it was): memory follows the output.
	huge := int64(1) << 40
	open, _ := runFlood(t, Limits{Transcript: huge, Stderr: huge, Review: huge})
	t.Logf("unlimited: peak RSS %d MiB", open.MaxRSSKiB>>10)
	if open.MaxRSSKiB < 200<<10 {
		t.Errorf("unlimited peak RSS %d MiB: the flood does not reproduce", open.MaxRSSKiB>>10)
	}
}

func TestHeadAndCapped(t *testing.T) {
	h := &head{limit: 4}
	h.Write([]byte("ab"))
	h.Write([]byte("cé")) // the limit falls inside é
	if h.text() != "abc" || !h.over {
		t.Errorf("head = %q, over %v", h.text(), h.over)
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	c := &capped{file: f, name: "out", limit: 5}
	for _, s := range []string{"abc", "def", "gh"} {
		if n, err := c.Write([]byte(s)); n != len(s) || err != nil {
			t.Errorf("Write(%q) = %d, %v", s, n, err)
		}
	}
	f.Close()
	if b, _ := os.ReadFile(f.Name()); string(b) != "abcde" {
		t.Errorf("file holds %q", b)
	}
	c.Write([]byte("x")) // the file is closed: an error, still no failure
	if got := strings.Join(c.notes(), "\n"); !strings.Contains(got, "out truncated at 5 bytes (4 more bytes dropped)") {
		t.Errorf("notes = %q", got)
	}
	c2 := &capped{file: f, name: "out", limit: 100}
	c2.Write([]byte("x"))
	if got := strings.Join(c2.notes(), "\n"); !strings.Contains(got, "out not stored past 0 bytes: ") {
		t.Errorf("notes of a failing file = %q", got)
	}
}
