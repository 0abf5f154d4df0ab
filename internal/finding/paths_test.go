package finding

import "testing"

func TestFilesResolve(t *testing.T) {
	change := NewFiles([]string{"age.go", "cmd/age/age.go", "pkg/store/wal.go", "./docs/README.md", "x\\win.go"})
	tests := []struct {
		cited string
		want  string
		ok    bool
	}{
		{"age.go", "age.go", true},                 // exact wins over the tail of cmd/age/age.go
		{"cmd/age/age.go", "cmd/age/age.go", true}, // exact
		{"age/age.go", "cmd/age/age.go", true},     // the only file with that tail
		{"wal.go", "pkg/store/wal.go", true},       // the only file with that tail
		{"./pkg/store/wal.go", "pkg/store/wal.go", true},
		{"docs/README.md", "docs/README.md", true},
		{"x/win.go", "x/win.go", true},
		{"/tmp/wt/cmd/age/age.go", "cmd/age/age.go", true}, // absolute: longest file it ends with
		{"/tmp/wt/age.go", "age.go", true},
		{"C:\\wt\\pkg\\store\\wal.go", "pkg/store/wal.go", true},
		{"other/age.go", "", false}, // relative, not a tail of any file: not "age.go"
		{"store.go", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := change.Resolve(tt.cited)
		if got != tt.want && tt.ok || ok != tt.ok {
			t.Errorf("Resolve(%q) = %q, %v; want %q, %v", tt.cited, got, ok, tt.want, tt.ok)
		}
	}
	if change.Same("age.go", "cmd/age/age.go") {
		t.Error("age.go and cmd/age/age.go are two files")
	}
	if !change.Same("wal.go", "pkg/store/wal.go") || !change.Same("/wt/pkg/store/wal.go", "wal.go") {
		t.Error("wal.go is pkg/store/wal.go, the only file with that name")
	}
	if !change.Same("not/in/change.go", "./not/in/change.go") || change.Same("a.go", "b/a.go") {
		t.Error("paths outside the change compare cleaned")
	}
}

func TestFilesAmbiguousTail(t *testing.T) {
	fs := NewFiles([]string{"a/util.go", "b/util.go"})
	if _, ok := fs.Resolve("util.go"); ok {
		t.Error("util.go is the tail of two files: it names neither")
	}
	if fs.Same("util.go", "a/util.go") {
		t.Error("an ambiguous tail is not the same file as one of its candidates")
	}
}

func TestInferFiles(t *testing.T) {
	fs := InferFiles([]string{"limavm_controller.go", "pkg/controllers/limavm_controller.go", "types.go", "a/x.go", "b/x.go", "x.go"})
	if !fs.Same("limavm_controller.go", "pkg/controllers/limavm_controller.go") {
		t.Error("a short path names the only longer cited path it is the tail of")
	}
	if fs.Same("x.go", "a/x.go") || fs.Same("a/x.go", "b/x.go") {
		t.Error("x.go is the tail of two cited paths: it names neither")
	}
	if fs.Len() != 4 {
		t.Errorf("inferred %d files, want 4", fs.Len())
	}
}
