package cli

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/deepreview/deepreview/internal/store"
)

func TestListTable(t *testing.T) {
	fx := newStoreFixture(t)
	const (
		header  = "ID                       DATE              CHANGE               ROUND  VERDICT                                            TIME     AGENTS\n"
		other   = "20250131-182501-pr-3     2025-01-31 18:25  acme/other#3         1      Merge with fixes                                   36m 36s  claude,codex,gemini\n"
		main    = "20250131-172501-main     2025-01-31 17:25  acme/widget@main     1      running for 5m 00s                                 —        —\n"
		feature = "20250131-162501-feature  2025-01-31 16:25  acme/widget@feature  1      Merge with fixes                                   36m 36s  claude,codex,gemini\n"
		failed  = "20250131-152501-pr-7     2025-01-31 15:25  acme/widget#7        (2)    failed: every agent failed: claude: exit status 1  —        —\n"
		done    = "20250131-142501-pr-7     2025-01-31 14:25  acme/widget#7        1      Merge with fixes                                   36m 36s  claude,codex,gemini\n"
	)
	// trim drops the padding of columns wider than the rows a test keeps.
	trim := func(s string) string {
		var b strings.Builder
		for line := range strings.Lines(s) {
			b.WriteString(strings.Join(strings.Fields(line), " ") + "\n")
		}
		return b.String()
	}
	tests := []struct {
		name   string
		dir    string
		args   []string
		code   int
		stdout string // compared with runs of spaces made one
		stderr string // a part of stderr
	}{
		{"every review, newest first", fx.outside, []string{"--all"}, 0, header + other + main + feature + failed + done, ""},
		{"the current repository", fx.widget, nil, 0, header + main + feature + failed + done, ""},
		{"the same repository by an ssh remote", fx.topic, nil, 0, header + main + feature + failed + done, ""},
		{"#N of the current repository", fx.widget, []string{"#7"}, 0, header + failed + done, ""},
		{"N", fx.widget, []string{"7"}, 0, header + failed + done, ""},
		{"URL, flag after it", fx.outside, []string{"https://github.com/acme/widget/pull/7/files", "--format=table"}, 0, header + failed + done, ""},
		{"owner/name#N outside any repository", fx.outside, []string{"acme/other#3"}, 0, header + other, ""},
		{"repository names ignore case", fx.outside, []string{"ACME/Other#3"}, 0, header + other, ""},
		{"nothing stored", fx.widget, []string{"#8"}, 0, "", "no reviews stored for acme/widget#8 in " + fx.home},
		{"nothing stored for a local repository", fx.plain, nil, 0, "", "no reviews stored for plain in"},
		{"#N without a GitHub remote", fx.plain, []string{"#7"}, 1, "", "#7: the repository in " + fx.plain + " has no GitHub origin remote; name it as owner/name#7"},
		{"outside a repository", fx.outside, nil, 1, "", "is not a git work tree: "},
		{"outside a repository, the hint", fx.outside, []string{"#7"}, 1, "", "; name the repository as owner/name#N or use --all"},
		{"--all and a target", fx.widget, []string{"--all", "#7"}, 2, "", `--all lists every review; drop it or the TARGET "#7"`},
		{"two targets", fx.widget, []string{"#7", "#8"}, 2, "", "want at most one TARGET, got 2 arguments"},
		{"bad target", fx.widget, []string{"pr-7"}, 2, "", `target "pr-7": want a pull request URL, owner/name#N, #N or N`},
		{"unknown format", fx.widget, []string{"--format", "yaml"}, 2, "", `unknown format "yaml": want table or json`},
		{"unknown flag", fx.widget, []string{"--mine"}, 2, "", "flag provided but not defined: -mine"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := fx.run(t, tt.dir, append([]string{"list"}, tt.args...)...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.code, stderr)
			}
			if trim(stdout) != trim(tt.stdout) {
				t.Errorf("stdout:\n%s\nwant:\n%s", stdout, tt.stdout)
			}
			if !strings.Contains(stderr, tt.stderr) || tt.stderr == "" && stderr != "" {
				t.Errorf("stderr = %q, want %q in it", stderr, tt.stderr)
			}
		})
	}
	// The full listing keeps its columns aligned, padding included.
	if _, stdout, _ := fx.run(t, fx.outside, "list", "--all"); stdout != header+other+main+feature+failed+done {
		t.Errorf("list --all:\n%s", stdout)
	}
}

func TestListJSON(t *testing.T) {
	fx := newStoreFixture(t)
	all, err := fx.store.List(store.Key{})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]store.Entry{}
	for _, e := range all {
		byID[e.ID] = e
	}
	tests := []struct {
		dir  string
		args []string
		want []int // fixture reviews, in the order printed
	}{
		{fx.outside, []string{"--all"}, []int{fxOther, fxMain, fxFeature, fxPR7Failed, fxPR7Done}},
		{fx.widget, []string{"#7"}, []int{fxPR7Failed, fxPR7Done}},
		{fx.widget, []string{"#8"}, nil},
	}
	for _, tt := range tests {
		args := append([]string{"list", "--format", "json"}, tt.args...)
		code, stdout, stderr := fx.run(t, tt.dir, args...)
		if code != 0 || stderr != "" {
			t.Fatalf("%q: exit %d, stderr %q", args, code, stderr)
		}
		var got []store.Entry
		if err := json.Unmarshal([]byte(stdout), &got); err != nil {
			t.Fatalf("%q: %v\n%s", args, err, stdout)
		}
		want := []store.Entry{}
		for _, i := range tt.want {
			want = append(want, byID[fx.ids[i]])
		}
		if !slices.EqualFunc(got, want, entriesEqual) {
			t.Errorf("%q = %+v\nwant %+v", args, got, want)
		}
		if tt.want == nil && stdout != "[]\n" {
			t.Errorf("%q with nothing stored = %q, want []", args, stdout)
		}
	}
}

func entriesEqual(a, b store.Entry) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}
