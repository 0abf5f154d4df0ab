package sandbox

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDecodeInvertsEncode(t *testing.T) {
	p := Policy{
		Read:  []string{"/with space", "/new\nline", `/q"uote\`},
		Exec:  []string{"/-x", "/--"},
		Write: []string{"/w"},
	}
	argv := []string{"prog", "--", "-r", "/x", ""}
	gotP, gotArgv, err := decode(encode(p, argv))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(p, gotP); diff != "" {
		t.Errorf("policy (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(argv, gotArgv); diff != "" {
		t.Errorf("argv (-want +got):\n%s", diff)
	}
}

// FuzzDecode: any command line is either refused or decodes to a valid
// policy and a program that survive another encode and decode unchanged.
func FuzzDecode(f *testing.F) {
	f.Add("-r\x00/a\x00--\x00true")
	f.Add("-w\x00/w\x00-x\x00/usr\x00--\x00sh\x00-c\x00echo")
	f.Add("--")
	f.Add("-r")
	f.Add("-r\x00rel\x00--\x00x")
	f.Fuzz(func(t *testing.T, s string) {
		args := strings.Split(s, "\x00")
		p, argv, err := decode(args)
		if err != nil {
			return
		}
		if len(argv) == 0 || p.validate() != nil {
			t.Fatalf("decode(%q) accepted %v %q", args, p, argv)
		}
		p2, argv2, err := decode(encode(p, argv))
		if err != nil {
			t.Fatalf("decode(encode(%v, %q)): %v", p, argv, err)
		}
		if diff := cmp.Diff([]any{p, argv}, []any{p2, argv2}); diff != "" {
			t.Fatalf("round trip (-first +second):\n%s", diff)
		}
	})
}
