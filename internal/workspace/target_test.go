package workspace

import (
	"strings"
	"testing"
)

func TestParseTarget(t *testing.T) {
	tests := []struct {
		in      string
		want    Target
		wantErr string
	}{
		{"", Target{}, ""},
		{"  ", Target{}, ""},
		{"42", Target{PR: 42}, ""},
		{"#7", Target{PR: 7}, ""},
		{"acme/widget#12", Target{Repo: "acme/widget", PR: 12}, ""},
		{"https://github.com/acme/widget/pull/3", Target{Repo: "acme/widget", PR: 3}, ""},
		{"https://github.com/acme/widget/pull/3/files?w=1#diff-x", Target{Repo: "acme/widget", PR: 3}, ""},
		{"github.com/acme/my.repo/pull/9", Target{Repo: "acme/my.repo", PR: 9}, ""},
		{"0", Target{}, `target "0": want a pull request URL`},
		{"-3", Target{}, `target "-3"`},
		{"#x", Target{}, `target "#x": "x" is not a pull request number`},
		{"feature/login", Target{}, `target "feature/login": want a pull request URL`},
		{"acme#3", Target{}, `"acme" is not owner/name`},
		{"a/b/c#3", Target{}, `"a/b/c" is not owner/name`},
		{"https://gitlab.com/acme/widget/pull/3", Target{}, "not a github.com pull request URL"},
		{"https://github.com/acme/widget/issues/3", Target{}, "want https://github.com/owner/name/pull/N"},
		{"https://github.com/acme/widget/pull/abc", Target{}, `"abc" is not a pull request number`},
	}
	for _, tt := range tests {
		got, err := ParseTarget(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseTarget(%q) error = %v, want one containing %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseTarget(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
}

func TestTargetString(t *testing.T) {
	for _, s := range []string{"", "#4", "acme/widget#4"} {
		tg, err := ParseTarget(s)
		if err != nil || tg.String() != s {
			t.Errorf("ParseTarget(%q).String() = %q, %v", s, tg.String(), err)
		}
	}
}

func TestGitHubRepo(t *testing.T) {
	tests := []struct {
		url, want string
	}{
		{"https://github.com/acme/widget.git", "acme/widget"},
		{"https://github.com/acme/widget", "acme/widget"},
		{"https://user:tok@github.com/acme/widget/", "acme/widget"},
		{"git@github.com:acme/widget.git", "acme/widget"},
		{"ssh://git@github.com/acme/widget.git", "acme/widget"},
		{"ssh://git@github.com:22/acme/widget", "acme/widget"},
		{"https://gitlab.com/acme/widget.git", ""},
		{"/srv/git/widget.git", ""},
		{"git@github.com:acme.git", ""},
		{"C:/repos/widget", ""},
	}
	for _, tt := range tests {
		got, ok := GitHubRepo(tt.url)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("GitHubRepo(%q) = %q, %v; want %q", tt.url, got, ok, tt.want)
		}
	}
}

func FuzzParseTarget(f *testing.F) {
	for _, s := range []string{"", "42", "#7", "acme/widget#12", "https://github.com/acme/widget/pull/3/files",
		"git@github.com:acme/widget.git", "github.com/a/b/pull/1", "%zz://", "#-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tg, err := ParseTarget(s)
		if err == nil && tg.PR < 0 {
			t.Errorf("ParseTarget(%q) = %+v: negative number", s, tg)
		}
		if err == nil && tg.Repo != "" && !validRepo(tg.Repo) {
			t.Errorf("ParseTarget(%q) = %+v: invalid repo", s, tg)
		}
		if r, ok := GitHubRepo(s); ok && !validRepo(r) {
			t.Errorf("GitHubRepo(%q) = %q: invalid repo", s, r)
		}
	})
}

func TestParseNumstat(t *testing.T) {
	out := "3\t1\ta.txt\x00-\t-\timg.png\x000\t0\t\x00old name.txt\x00new\tname.txt\x00"
	got, err := parseNumstat(out)
	if err != nil {
		t.Fatal(err)
	}
	want := []File{
		{Path: "a.txt", Added: 3, Removed: 1},
		{Path: "img.png", Binary: true},
		{Path: "new\tname.txt", OldPath: "old name.txt"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("file %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	for _, bad := range []string{"x\x00", "1\t2\t\x00only-old\x00", "a\tb\tc\x00"} {
		if _, err := parseNumstat(bad); err == nil {
			t.Errorf("parseNumstat(%q): no error", bad)
		}
	}
}

func FuzzParseNumstat(f *testing.F) {
	f.Add("3\t1\ta.txt\x00-\t-\timg.png\x000\t0\t\x00old\x00new\x00")
	f.Fuzz(func(t *testing.T, s string) { _, _ = parseNumstat(s) })
}
