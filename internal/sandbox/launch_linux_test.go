package sandbox

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLaunchPassesTheEnvironmentThrough(t *testing.T) {
	f := newFixture(t)
	env := []string{
		"PATH=/usr/bin:/bin", "HOME=" + f.write, "A=1", "EMPTY=",
		"SPACES=a b  c", "NEWLINE=line1\nline2", "EQUALS=x=y", "UNICODE=é",
	}
	p := f.policy()
	out, err := f.run(t, &p, env, f.self, helperArg, "env")
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	var got []string
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if diff := cmp.Diff(env, got); diff != "" {
		t.Errorf("environment changed by the launcher (-sent +seen):\n%s", diff)
	}
}

func TestLaunchFindsTheProgramInItsPath(t *testing.T) {
	f := newFixture(t)
	const name = "deepreview-sandbox-hello"
	mustWrite(t, filepath.Join(f.exec, name), "#!/bin/sh\necho hello from PATH\n", 0o755)
	// A program of the same name in the working directory (the change
	// under review) must not win through a relative PATH entry.
	cwd := filepath.Join(f.write, "change")
	mustMkdir(t, cwd)
	mustWrite(t, filepath.Join(cwd, name), "#!/bin/sh\necho hijacked\n", 0o755)
	p := f.policy().Merge(Policy{Exec: []string{cwd}})
	env := []string{"PATH=.::" + f.exec + ":/usr/bin:/bin"}
	shell := exec.CommandContext(t.Context(), "/bin/sh", "-c", name)
	shell.Dir, shell.Env = cwd, env
	if out, err := shell.CombinedOutput(); err != nil || string(out) != "hijacked\n" {
		t.Fatalf("a shell's lookup should take the working directory's program: %v: %q", err, out)
	}
	argv, err := Command(f.self, p, []string{name, "arg"})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(t.Context(), argv[0], argv[1:]...)
	cmd.Dir, cmd.Env = cwd, env
	out, err := cmd.CombinedOutput()
	if err != nil || string(out) != "hello from PATH\n" {
		t.Fatalf("%v: %q", err, out)
	}
}

func TestLaunchFailsClosed(t *testing.T) {
	requireLandlock(t)
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"nothing", nil, 126, "no -- before the program"},
		{"no program", []string{"-r", dir, "--"}, 126, "no program after --"},
		{"no separator", []string{"-r", dir, "/bin/true"}, 126, "unknown argument"},
		{"unknown flag", []string{"-q", dir, "--", "/bin/true"}, 126, `unknown argument "-q"`},
		{"flag without path", []string{"-w"}, 126, "-w without a path"},
		{"relative path", []string{"-r", "etc", "--", "/bin/true"}, 126, "not absolute"},
		{"the whole filesystem", []string{"-r", "/", "--", "/bin/true"}, 126, "grants the whole filesystem"},
		{"missing program", []string{"-x", "/usr", "--", "deepreview-no-such-program"}, 127, "deepreview-no-such-program"},
		{"missing program path", []string{"-x", "/usr", "--", dir + "/nope"}, 127, "nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// These fail before restricting, so the test process can run them.
			var stderr bytes.Buffer
			code := Launch(tt.args, &stderr)
			line := stderr.String()
			if code != tt.code || !strings.HasPrefix(line, "deepreview sandbox: ") ||
				!strings.Contains(line, tt.want) || strings.Count(line, "\n") != 1 {
				t.Fatalf("Launch(%q) = %d, %q; want %d and %q", tt.args, code, line, tt.code, tt.want)
			}
		})
	}
}

// A program outside Exec is found but cannot be executed: 126, and
// nothing runs.
func TestLaunchRefusesAProgramOutsideExec(t *testing.T) {
	f := newFixture(t)
	p := Policy{Exec: []string{f.self}, Write: []string{"/dev/null"}}
	out, err := f.run(t, &p, nil, "/bin/echo", "ran")
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 126 || strings.Contains(out, "ran\n") ||
		!strings.HasPrefix(out, "deepreview sandbox: exec /bin/echo: permission denied") {
		t.Fatalf("want exit 126 and a permission error, got %v: %q", err, out)
	}
	if out, err := f.run(t, nil, nil, "/bin/echo", "ran"); err != nil || out != "ran\n" {
		t.Fatalf("unconfined: %v: %q", err, out)
	}
}

func TestCommandEncodesThePolicy(t *testing.T) {
	requireLandlock(t)
	p := Policy{Read: []string{"/a b"}, Exec: []string{"/x"}, Write: []string{"/w\nx", "/-w"}}
	got, err := Command("/bin/deepreview", p, []string{"claude", "-p", "--"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"/bin/deepreview", LauncherArg, "-r", "/a b", "-x", "/x", "-w", "/w\nx", "-w", "/-w",
		"--", "claude", "-p", "--"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestProbeSeesLandlock(t *testing.T) {
	s := Probe()
	t.Logf("sandbox: %s", s)
	if _, err := os.Stat("/sys/kernel/security/landlock"); err == nil && !s.Available() {
		t.Errorf("landlock is in securityfs but Probe says %s", s)
	}
}

// Signal scoping is one-way: deepreview still stops a confined agent and
// its process group.
func TestConfinedProcessCanBeSignalled(t *testing.T) {
	f := newFixture(t)
	p := f.policy()
	argv, err := Command(f.self, p, []string{"/bin/sh", "-c", "echo confined; sleep 30 & wait"})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Once the shell speaks, the launcher has exec'd it inside the sandbox.
	if line, err := bufio.NewReader(stdout).ReadString('\n'); line != "confined\n" {
		t.Fatalf("confined shell did not start: %q, %v", line, err)
	}
	if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM); err != nil {
		t.Fatalf("kill the confined group: %v", err)
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGTERM {
		t.Fatalf("want the confined shell killed by SIGTERM, got %v", err)
	}
}
