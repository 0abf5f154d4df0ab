package sandbox

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// fixture is a small filesystem to confine a process in: a canary secret
// outside any grant, and one directory per kind of grant.
type fixture struct {
	canary  string // outside the policy
	outside string // a directory outside the policy
	read    string // granted Read; holds a file, a script and a symlink to the canary
	exec    string // granted Exec; holds hello.sh
	write   string // granted Write
	self    string // the test binary, granted Exec: the launcher and helper
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	requireLandlock(t)
	root := t.TempDir()
	f := &fixture{
		canary:  filepath.Join(root, "secret", "canary"),
		outside: filepath.Join(root, "outside"),
		read:    filepath.Join(root, "read"),
		exec:    filepath.Join(root, "exec"),
		write:   filepath.Join(root, "write"),
		self:    testBinary(t),
	}
	for _, d := range []string{filepath.Dir(f.canary), f.outside, f.read, f.exec, f.write} {
		mustMkdir(t, d)
	}
	mustWrite(t, f.canary, "CANARY-SECRET\n", 0o600)
	mustWrite(t, filepath.Join(f.read, "file"), "readable\n", 0o644)
	mustWrite(t, filepath.Join(f.read, "run.sh"), "#!/bin/sh\necho ran\n", 0o755)
	mustWrite(t, filepath.Join(f.exec, "hello.sh"), "#!/bin/sh\necho hello\n", 0o755)
	if err := os.Symlink(f.canary, filepath.Join(f.read, "link")); err != nil {
		t.Fatal(err)
	}
	return f
}

// policy is Base plus the fixture's grants.
func (f *fixture) policy() Policy {
	return Base().Merge(Policy{
		Read:  []string{f.read},
		Exec:  []string{f.exec, f.self},
		Write: []string{f.write},
	})
}

// run runs argv, confined by p unless p is nil, with env (nil: this
// process's), and returns its combined output.
func (f *fixture) run(t *testing.T, p *Policy, env []string, argv ...string) (string, error) {
	t.Helper()
	if p != nil {
		var err error
		if argv, err = Command(f.self, *p, argv); err != nil {
			t.Fatalf("Command: %v", err)
		}
	}
	cmd := exec.CommandContext(t.Context(), argv[0], argv[1:]...)
	cmd.Env = env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// sh runs a shell command line confined by p (nil: unconfined).
func (f *fixture) sh(t *testing.T, p *Policy, script string) (string, error) {
	t.Helper()
	return f.run(t, p, nil, "/bin/sh", "-c", script)
}

func requireLandlock(t *testing.T) {
	t.Helper()
	if s := Probe(); !s.Available() {
		t.Skipf("no sandbox here: %s", s)
	}
}

func requireABI(t *testing.T, v int) {
	t.Helper()
	if s := Probe(); s.Version < v {
		t.Skipf("needs Landlock ABI %d, have %s", v, s)
	}
}

func testBinary(t *testing.T) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return self
}

func mustMkdir(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
}

func mustWrite(t *testing.T, path, content string, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
}

// denied reports whether out shows the kernel refusing an operation.
func denied(out string) bool {
	return strings.Contains(out, "Permission denied") || strings.Contains(out, "Operation not permitted") ||
		strings.Contains(out, "permission denied") || strings.Contains(out, "operation not permitted")
}
