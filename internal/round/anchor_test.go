package round

import (
	"testing"
	"testing/fstest"

	"github.com/deepreview/deepreview/internal/finding"
	"github.com/deepreview/deepreview/internal/report"
)

const kvThen = "package kv\n\nvar store map[string]string\n\nfunc Get(k string) string {\n\treturn store[k]\n}\n"

func TestCodeChanged(t *testing.T) {
	get := report.Finding{ID: "S1", Title: "`Get` has no doc comment",
		Locations: []finding.Location{{Path: "kv.go", StartLine: 5, EndLine: 7}}}
	cases := []struct {
		name, now      string // "" for no file
		changed, known bool
	}{
		{"untouched", kvThen, false, true},
		{"moved down by a fix above", "package kv\n\n// store is made at start.\nvar store = map[string]string{}\n\n\nfunc Get(k string) string {\n\treturn store[k]\n}\n", false, true},
		{"reindented", "package kv\n\nvar store map[string]string\n\nfunc Get(k string) string {\n        return store[k]\n}\n", false, true},
		{"a line inside the range edited", "package kv\n\nvar store map[string]string\n\nfunc Get(k string) string {\n\treturn store[strings.ToLower(k)]\n}\n", true, true},
		{"the first line edited", "package kv\n\nvar store map[string]string\n\nfunc Get(key string) string {\n\treturn store[k]\n}\n", true, true},
		{"the file removed", "", true, true},
	}
	for _, c := range cases {
		now := fstest.MapFS{}
		if c.now != "" {
			now["kv.go"] = &fstest.MapFile{Data: []byte(c.now)}
		}
		changed, known := CodeChanged([]byte(kvThen), now, get)
		if changed != c.changed || known != c.known {
			t.Errorf("%s: changed %v known %v, want %v %v", c.name, changed, known, c.changed, c.known)
		}
		// The fingerprint alone, anchored at the line number, calls a
		// move a change: the reason CodeChanged reads the range.
		if c.name == "moved down by a fix above" && Fingerprint(get, now) == Fingerprint(get, fstest.MapFS{"kv.go": {Data: []byte(kvThen)}}) {
			t.Error("the fingerprint sees no change in moved code: the case shows nothing")
		}
	}
}

func TestCodeChangedUnknown(t *testing.T) {
	now := fstest.MapFS{"kv.go": {Data: []byte(kvThen)}}
	for name, f := range map[string]report.Finding{
		"no location":  {Title: "x"},
		"no line":      {Locations: []finding.Location{{Path: "kv.go"}}},
		"past the end": {Locations: []finding.Location{{Path: "kv.go", StartLine: 40}}},
		"a blank line": {Locations: []finding.Location{{Path: "kv.go", StartLine: 2}}},
	} {
		if changed, known := CodeChanged([]byte(kvThen), now, f); known {
			t.Errorf("%s: known (changed %v), want unknown", name, changed)
		}
	}
}

// FuzzCodeChanged: any file content and any cited range; the same content
// at both heads is never a change, and nothing panics.
func FuzzCodeChanged(f *testing.F) {
	f.Add(kvThen, "package kv\n", 5, 7)
	f.Add("", "x", 1, 0)
	f.Add("a\nb\n\n", "b\na\n", 2, 400)
	f.Fuzz(func(t *testing.T, then, now string, start, end int) {
		fd := report.Finding{Locations: []finding.Location{{Path: "f.go", StartLine: start, EndLine: end}}}
		CodeChanged([]byte(then), fstest.MapFS{"f.go": {Data: []byte(now)}}, fd)
		if changed, known := CodeChanged([]byte(then), fstest.MapFS{"f.go": {Data: []byte(then)}}, fd); known && changed {
			t.Fatalf("the same content at both heads is a change (lines %d-%d of %q)", start, end, then)
		}
	})
}
