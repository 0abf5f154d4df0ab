package sandbox

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMergeDeduplicatesAndKeepsOrder(t *testing.T) {
	p := Policy{Read: []string{"/a", "/b", "/a"}, Exec: []string{"/x"}}
	q := Policy{Read: []string{"/b", "/c"}, Exec: []string{"/a"}, Write: []string{"/w", "/w"}}
	want := Policy{Read: []string{"/a", "/b", "/c"}, Exec: []string{"/x", "/a"}, Write: []string{"/w"}}
	if diff := cmp.Diff(want, p.Merge(q)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if p.Read[2] != "/a" {
		t.Errorf("Merge changed its receiver: %v", p.Read)
	}
}

func TestSkippedListsMissingPaths(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing")
	dangling := filepath.Join(dir, "dangling")
	if err := os.Symlink(missing, dangling); err != nil {
		t.Fatal(err)
	}
	p := Policy{Read: []string{dir, missing}, Write: []string{dangling, filepath.Join(dir, "missing", "below")}}
	want := []string{missing, dangling, filepath.Join(dir, "missing", "below")}
	if diff := cmp.Diff(want, p.Skipped()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestDescribeShowsWhatIsGranted(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real")
	if err := os.Mkdir(real, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(real, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(dir, "root")
	if err := os.Symlink("/", root); err != nil {
		t.Fatal(err)
	}
	realDir, _ := filepath.EvalSymlinks(real) // the temp dir may itself be behind a link
	p := Policy{
		Read:  []string{file, filepath.Join(dir, "missing")},
		Exec:  []string{link},
		Write: []string{real + "/", root},
	}
	want := []string{
		"read  " + file + maybeArrow(file, ""),
		"(missing) read  " + filepath.Join(dir, "missing"),
		"exec  " + link + " -> " + realDir + "/",
		"write " + real + "/" + maybeArrow(real, "/"),
		"(refused) write " + root + `: write path "` + root + `": grants the whole filesystem`,
	}
	if diff := cmp.Diff(want, p.Describe()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// maybeArrow is what Describe adds for a path under a linked temp dir.
func maybeArrow(path, slash string) string {
	if real, _ := filepath.EvalSymlinks(path); real != filepath.Clean(path) {
		return " -> " + real + slash
	}
	return ""
}

func TestBaseGrantsNoSecretOrKernelInterface(t *testing.T) {
	p := Base()
	for _, e := range p.entries() {
		for _, bad := range []string{"/etc", "/etc/ssl", "/etc/ssl/private", "/etc/shadow", "/etc/npmrc",
			"/etc/environment", "/dev", "/dev/tty", "/proc", "/sys", "/root", "/home", "/tmp", "/"} {
			if filepath.Clean(e.path) == bad {
				t.Errorf("Base grants %s %s", e.kind, e.path)
			}
		}
		if e.kind == writeAccess && e.path != "/dev/null" {
			t.Errorf("Base grants write to %s", e.path)
		}
	}
	if !slices.Contains(p.Exec, "/usr") || !slices.Contains(p.Read, "/etc/ssl/openssl.cnf") {
		t.Errorf("Base misses the system: %+v", p)
	}
}

func TestValidateRefusesRelativePaths(t *testing.T) {
	for _, p := range []Policy{
		{Read: []string{"etc"}}, {Exec: []string{""}}, {Write: []string{"./tmp"}}, {Read: []string{"/a\x00b"}},
	} {
		if err := p.validate(); err == nil {
			t.Errorf("validate(%q) = nil", p.entries())
		}
	}
	if err := Base().validate(); err != nil {
		t.Error(err)
	}
}

func TestCommandRefusesBadInput(t *testing.T) {
	for _, tt := range []struct {
		self string
		p    Policy
		argv []string
		want string
	}{
		{"", Policy{}, []string{"x"}, "no launcher"},
		{"/d", Policy{}, nil, "no program"},
		{"/d", Policy{}, []string{""}, "no program"},
		{"/d", Policy{}, []string{"x", "a\x00b"}, "NUL"},
		{"/d", Policy{Read: []string{"rel"}}, []string{"x"}, "not absolute"},
	} {
		_, err := Command(tt.self, tt.p, tt.argv)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Command(%q, %v, %q) = %v, want %q", tt.self, tt.p, tt.argv, err, tt.want)
		}
	}
}
