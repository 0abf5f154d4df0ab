package review

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestSymbols(t *testing.T) {
	got := symbols("`kv.Put` has no doc comment; `Store.Get()` and `x` and `Put` again")
	if want := []string{"Put", "Get"}; !slices.Equal(got, want) {
		t.Errorf("symbols = %q, want %q", got, want)
	}
	// A name inside another is a name of its own.
	got = symbols("`PutAll` and `Put`")
	if want := []string{"PutAll", "Put"}; !slices.Equal(got, want) {
		t.Errorf("symbols = %q, want %q", got, want)
	}
}

// TestBlastRadius: a declined finding on Put whose lines stay the same
// still counts as changed once new code calls Put; a change elsewhere
// does not.
func TestBlastRadius(t *testing.T) {
	dir := t.TempDir()
	git := func(args ...string) string { return strings.TrimSpace(gitIn(t, dir, args...)) }
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git("init", "-q", "-b", "main")
	write("kv.go", "package kv\n\nfunc Put(k, v string) {}\n")
	git("add", ".")
	git("commit", "-qm", "one")
	then := git("rev-parse", "HEAD")
	write("other.go", "package kv\n\nfunc Other() {}\n")
	git("add", ".")
	git("commit", "-qm", "elsewhere")
	if why := blastRadius(context.Background(), dir, then, git("rev-parse", "HEAD"), "`Put` has no doc comment"); why != "" {
		t.Errorf("a change that does not touch Put grew its blast radius: %q", why)
	}
	write("use.go", "package kv\n\nfunc use() {\n\tPut(\"a\", \"b\")\n\tPut(\"c\", \"d\")\n}\n")
	git("add", ".")
	git("commit", "-qm", "callers")
	why := blastRadius(context.Background(), dir, then, git("rev-parse", "HEAD"), "`Put` has no doc comment")
	if why != "new references since it was declined: `Put` 1 → 3" {
		t.Errorf("blast radius %q", why)
	}
}
