package sandbox

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSeatbeltProfileStructure(t *testing.T) {
	p := Policy{Read: []string{"/repo"}, Exec: []string{"/usr", "/opt/node"}, Write: []string{"/scratch", "/dev/null"}}
	prof := SeatbeltProfile(p)
	forms := readProfile(t, prof)
	if forms[0] != "(version 1)" || forms[1] != "(deny default)" {
		t.Errorf("profile does not start deny-by-default: %q", forms[:2])
	}
	for _, want := range []string{
		`(allow file-read* (subpath "/repo") (subpath "/usr") (subpath "/opt/node") (subpath "/scratch") (subpath "/dev/null"))`,
		`(allow process-exec (subpath "/usr") (subpath "/opt/node"))`,
		`(allow file-map-executable (subpath "/usr") (subpath "/opt/node"))`,
		`(allow file-write* (subpath "/scratch") (subpath "/dev/null"))`,
		`(allow process-fork)`,
		`(allow sysctl-read)`,
		`(allow network-outbound (remote ip "*:*"))`,
	} {
		if !contains(forms, want) {
			t.Errorf("profile lacks %s", want)
		}
	}
	for _, f := range forms {
		if f == "(allow default)" || strings.HasPrefix(f, "(allow file-write* (subpath \"/repo\")") {
			t.Errorf("profile grants too much: %s", f)
		}
	}
}

// With nothing to grant, a rule must vanish, not lose its filter: an
// unfiltered (allow file-write*) would allow writing everywhere.
func TestSeatbeltProfileOmitsEmptyRules(t *testing.T) {
	forms := readProfile(t, SeatbeltProfile(Policy{}))
	for _, f := range forms {
		for _, op := range []string{"file-read*", "file-write*", "process-exec", "file-map-executable"} {
			if f == "(allow "+op+")" || strings.HasPrefix(f, "(allow "+op+" (subpath") {
				t.Errorf("empty policy gave %s", f)
			}
		}
	}
}

func TestSeatbeltProfileEscapesHostilePaths(t *testing.T) {
	hostile := []string{
		`/q"uote`,
		`/back\slash`,
		"/new\nline",
		"/tab\tand\x01ctl\x7f",
		`/paren)(allow default)(`,
		`/x")) (allow file-write* (subpath "/`,
		`/trailing\`,
		"/é",
	}
	forms := readProfile(t, SeatbeltProfile(Policy{Write: hostile}))
	var write string
	for _, f := range forms {
		if f == "(allow default)" {
			t.Fatalf("a path injected a rule: %s", f)
		}
		if strings.HasPrefix(f, "(allow file-write* (subpath") {
			write = f
		}
	}
	var want []string
	for _, h := range hostile {
		want = append(want, fmt.Sprintf("(subpath %s)", strconv.Quote(h)))
	}
	if diff := cmp.Diff("(allow file-write* "+strings.Join(want, " ")+")", write); diff != "" {
		t.Errorf("write rule (-want +got):\n%s", diff)
	}
}

func contains(forms []string, want string) bool {
	for _, f := range forms {
		if f == want {
			return true
		}
	}
	return false
}

// readProfile reads a profile the way sandbox-exec's Scheme reader does
// (comments, strings with TinyScheme escapes, #"regex" literals) and
// returns its top-level forms, normalised: one space between items,
// strings re-quoted with strconv.Quote. It fails on unbalanced input.
func readProfile(t *testing.T, prof string) []string {
	t.Helper()
	var forms []string
	var cur strings.Builder
	depth := 0
	for i := 0; i < len(prof); i++ {
		c := prof[i]
		switch {
		case c == ';':
			for i < len(prof) && prof[i] != '\n' {
				i++
			}
		case c == '"' || (c == '#' && i+1 < len(prof) && prof[i+1] == '"'):
			if c == '#' {
				i++
			}
			s, n := readString(t, prof[i+1:])
			i += n
			space(&cur)
			cur.WriteString(strconv.Quote(s))
		case c == '(':
			space(&cur)
			cur.WriteByte('(')
			depth++
		case c == ')':
			cur.WriteByte(')')
			if depth--; depth < 0 {
				t.Fatalf("unbalanced ) in profile:\n%s", prof)
			}
			if depth == 0 {
				forms = append(forms, cur.String())
				cur.Reset()
			}
		case c == ' ' || c == '\n' || c == '\t':
			if cur.Len() > 0 && !strings.HasSuffix(cur.String(), " ") && !strings.HasSuffix(cur.String(), "(") {
				cur.WriteByte(' ')
			}
		default:
			if depth == 0 {
				t.Fatalf("atom %q outside a form", c)
			}
			cur.WriteByte(c)
		}
	}
	if depth != 0 || strings.TrimSpace(cur.String()) != "" {
		t.Fatalf("unterminated profile:\n%s", prof)
	}
	for i, f := range forms {
		forms[i] = strings.ReplaceAll(f, " )", ")")
	}
	return forms
}

func space(b *strings.Builder) {
	if s := b.String(); s != "" && !strings.HasSuffix(s, " ") && !strings.HasSuffix(s, "(") {
		b.WriteByte(' ')
	}
}

// readString reads a string body after its opening quote; it returns the
// value and how many bytes it used, the closing quote included.
func readString(t *testing.T, s string) (string, int) {
	t.Helper()
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			return b.String(), i + 1
		case '\\':
			i++
			if i == len(s) {
				t.Fatal("unterminated escape")
			}
			switch e := s[i]; e {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case 'x', 'X':
				v, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
				if err != nil {
					t.Fatalf("bad \\x escape %q", s[i:i+3])
				}
				b.WriteByte(byte(v))
				i += 2
			default:
				b.WriteByte(e)
			}
		default:
			b.WriteByte(c)
		}
	}
	t.Fatal("unterminated string")
	return "", 0
}
