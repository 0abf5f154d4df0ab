package sandbox

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// attack is something a change under review would make an agent do. Each
// runs twice: unconfined it must work (so the test can fail), confined it
// must be refused.
type attack struct {
	name   string
	script func(f *fixture) string // a /bin/sh -c command line
	abi    int                     // Landlock ABI the defence needs
	root   bool                    // the attack needs root to work unconfined
}

var attacks = []attack{
	{name: "read a secret outside the policy", script: func(f *fixture) string {
		return "cat " + f.canary
	}},
	{name: "write outside Write", script: func(f *fixture) string {
		return "echo pwned > " + filepath.Join(f.outside, "new")
	}},
	{name: "write inside Read", script: func(f *fixture) string {
		return "echo pwned > " + filepath.Join(f.read, "new")
	}},
	{name: "overwrite a file inside Read", script: func(f *fixture) string {
		return "echo pwned > " + filepath.Join(f.read, "file")
	}},
	{name: "delete a file inside Read", script: func(f *fixture) string {
		return "rm " + filepath.Join(f.read, "file")
	}},
	{name: "read the secret through a symlink in a Read dir", script: func(f *fixture) string {
		return "cat " + filepath.Join(f.read, "link")
	}},
	{name: "grandchild reads the secret", script: func(f *fixture) string {
		return fmt.Sprintf("sh -c 'sh -c \"cat %s\"'", f.canary)
	}},
	{name: "execute a script inside Read", script: func(f *fixture) string {
		return filepath.Join(f.read, "run.sh")
	}},
	{name: "write then execute inside Write", script: func(f *fixture) string {
		p := filepath.Join(f.write, "dropped.sh")
		return fmt.Sprintf("printf '#!/bin/sh\\necho ran\\n' > %s && chmod +x %s && %s", p, p, p)
	}},
	{name: "read own environment through /proc", script: func(*fixture) string {
		return "cat /proc/self/environ"
	}},
	{name: "read deepreview's environment (GH_TOKEN) through /proc", script: func(*fixture) string {
		return fmt.Sprintf("cat /proc/%d/environ", os.Getpid())
	}},
	{name: "read init's environment through /proc", script: func(*fixture) string {
		return "cat /proc/1/environ"
	}},
	{name: "signal deepreview", abi: 6, script: func(*fixture) string {
		return fmt.Sprintf("kill -0 %d", os.Getpid())
	}},
	{name: "make a block device node inside Write", root: true, script: func(f *fixture) string {
		return "mknod " + filepath.Join(f.write, "disk") + " b 7 0"
	}},
}

func TestConfinementRefusesAttacks(t *testing.T) {
	for _, a := range attacks {
		t.Run(a.name, func(t *testing.T) {
			f := newFixture(t)
			requireABI(t, a.abi)
			if a.root && os.Geteuid() != 0 {
				t.Skip("the attack needs root")
			}
			script := a.script(f)
			out, err := f.sh(t, nil, script)
			if err != nil {
				t.Skipf("the attack does not work here even unconfined (%v): %s", err, out)
			}
			cleanFixture(t, f)
			p := f.policy()
			out, err = f.sh(t, &p, script)
			if err == nil {
				t.Fatalf("confined %q succeeded: %s", script, out)
			}
			if !denied(out) || strings.Contains(out, "CANARY-SECRET") {
				t.Fatalf("confined %q: want a permission error, got %v: %s", script, err, out)
			}
		})
	}
}

// cleanFixture undoes what an unconfined attack changed, so the confined
// run meets the same files.
func cleanFixture(t *testing.T, f *fixture) {
	t.Helper()
	for _, p := range []string{
		filepath.Join(f.outside, "new"), filepath.Join(f.read, "new"),
		filepath.Join(f.write, "dropped.sh"), filepath.Join(f.write, "disk"),
	} {
		os.Remove(p)
	}
	mustWrite(t, filepath.Join(f.read, "file"), "readable\n", 0o644)
}

func TestConfinementAllowsThePolicy(t *testing.T) {
	f := newFixture(t)
	p := f.policy()
	tests := []struct {
		name, script, want string
	}{
		{"read inside Read", "cat " + filepath.Join(f.read, "file"), "readable"},
		{"list a Read dir", "ls " + f.read, "run.sh"},
		{"write, rename across dirs, remove inside Write", fmt.Sprintf(
			"cd %s && mkdir a b && echo written > a/f && mv a/f b/f && cat b/f && rm -r a b", f.write), "written"},
		{"execute inside Exec", filepath.Join(f.exec, "hello.sh"), "hello"},
		{"execute an Exec program through a symlink inside Write", fmt.Sprintf(
			"ln -s %s %s && %s", filepath.Join(f.exec, "hello.sh"), filepath.Join(f.write, "arg0"),
			filepath.Join(f.write, "arg0")), "hello"},
		{"write /dev/null", "echo x > /dev/null && echo done", "done"},
		{"read /dev/urandom", "head -c 4 /dev/urandom | wc -c", "4"},
		{"write to stdout by name", "echo named > /dev/stdout", "named"},
		{"use a Debian alternative (symlink through /etc/alternatives)", "awk 'BEGIN{print \"awk ok\"}'", "awk ok"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := f.sh(t, &p, tt.script)
			if err != nil || !strings.Contains(out, tt.want) {
				t.Fatalf("%q: %v: %s (want %q)", tt.script, err, out, tt.want)
			}
		})
	}
}

func TestGitRunsUnderBase(t *testing.T) {
	f := newFixture(t)
	if _, err := os.Stat("/usr/bin/git"); err != nil {
		t.Skip("no git")
	}
	// HOME outside the policy makes git warn that ~/.gitconfig is
	// unreadable: agents get a HOME (or GIT_CONFIG_GLOBAL) of their own.
	env := append(os.Environ(), "HOME="+f.write)
	p := Base()
	out, err := f.run(t, &p, env, "git", "--version")
	if err != nil || !strings.HasPrefix(out, "git version") {
		t.Fatalf("git --version: %v: %s", err, out)
	}
}

// An agent must not reach deepreview (or anything outside) through an
// abstract unix socket, which has no path for Landlock to check.
func TestConfinementRefusesAbstractSockets(t *testing.T) {
	f := newFixture(t)
	requireABI(t, 6)
	name := fmt.Sprintf("@deepreview-sandbox-test-%d", os.Getpid())
	l, err := net.Listen("unix", name)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if out, err := f.run(t, nil, nil, f.self, helperArg, "dial", name); err != nil {
		t.Fatalf("unconfined dial should work: %v: %s", err, out)
	}
	p := f.policy()
	out, err := f.run(t, &p, nil, f.self, helperArg, "dial", name)
	if err == nil || !denied(out) {
		t.Fatalf("confined dial: want a permission error, got %v: %s", err, out)
	}
}

// As root, Landlock leaves kernel modules, bpf and raw I/O open: the
// launcher drops every capability before exec.
func TestConfinementDropsCapabilities(t *testing.T) {
	f := newFixture(t)
	out, err := f.run(t, nil, nil, f.self, helperArg, "caps")
	if err != nil {
		t.Skipf("this process holds no capability to drop: %s", out)
	}
	p := f.policy()
	out, err = f.run(t, &p, nil, f.self, helperArg, "caps")
	if err == nil || strings.TrimSpace(out) != "eff=0 prm=0 bnd=0" {
		t.Fatalf("confined: want no capability, got %v: %s", err, out)
	}
}

// Landlock binds the inode a policy path reaches: a symlink in the policy
// grants its target, under both names, and nothing beside it.
func TestPolicySymlinkGrantsItsTarget(t *testing.T) {
	f := newFixture(t)
	link := filepath.Join(f.outside, "read-link")
	if err := os.Symlink(f.read, link); err != nil {
		t.Fatal(err)
	}
	p := Base().Merge(Policy{Read: []string{link}, Exec: []string{f.self}})
	for _, path := range []string{filepath.Join(link, "file"), filepath.Join(f.read, "file")} {
		if out, err := f.sh(t, &p, "cat "+path); err != nil || out != "readable\n" {
			t.Errorf("cat %s: %v: %s", path, err, out)
		}
	}
	if out, err := f.sh(t, &p, "ls "+f.outside); err == nil || !denied(out) {
		t.Errorf("the link's own directory should stay closed: %v: %s", err, out)
	}
}
