package forge

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it):\n%s", name, got)
	}
}

func TestPullRequest(t *testing.T) {
	tests := []struct {
		repo      string
		number    int
		exchanges []string
		requests  int
	}{
		// Dependabot PR of 2025, recorded in 2026: one commit, four files
		// served on two pages whose Link points at /repositories/ID/….
		{"PyGithub/PyGithub", 3370, []string{"pull-3370", "pull-3370-commits", "pull-3370-files-1", "pull-3370-files-2"}, 4},
		// 2012 PR: three commits, 45 files; its head repository is gone.
		{"PyGithub/PyGithub", 31, []string{"pull-31", "pull-31-commits", "pull-31-files"}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.repo+"#"+itoa(tt.number), func(t *testing.T) {
			srv := newReplay(t, tt.exchanges...)
			repo, err := ParseRepo(tt.repo)
			if err != nil {
				t.Fatal(err)
			}
			pr, err := srv.client("").PullRequest(context.Background(), repo, tt.number)
			if err != nil {
				t.Fatal(err)
			}
			if len(pr.Commits) != pr.CommitCount || len(pr.Files) != pr.FileCount {
				t.Errorf("got %d commits and %d files, GitHub counts %d and %d", len(pr.Commits), len(pr.Files), pr.CommitCount, pr.FileCount)
			}
			if n := len(srv.seen()); n != tt.requests {
				t.Errorf("%d requests, want %d: %q", n, tt.requests, srv.seen())
			}
			var got bytes.Buffer
			enc := json.NewEncoder(&got)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode(pr); err != nil {
				t.Fatal(err)
			}
			golden(t, "pull-"+itoa(tt.number)+".json", got.Bytes())
		})
	}
}

func TestPagination(t *testing.T) {
	t.Run("files", func(t *testing.T) {
		srv := newReplay(t, "pull-3370", "pull-3370-commits", "pull-3370-files-1", "pull-3370-files-2")
		pr, err := srv.client("").PullRequest(context.Background(), Repo{"PyGithub", "PyGithub"}, 3370)
		if err != nil {
			t.Fatal(err)
		}
		var paths []string
		for _, f := range pr.Files {
			paths = append(paths, f.Path)
		}
		want := []string{".github/workflows/_build-pkg.yml", ".github/workflows/ci.yml", ".github/workflows/lint.yml", ".github/workflows/openapi.yml"}
		if !slices.Equal(paths, want) {
			t.Errorf("files %q, want %q", paths, want)
		}
		last := srv.seen()[len(srv.seen())-1]
		if !strings.HasPrefix(last, "GET /repositories/3544490/commits/3253acaabd86de12b73d0a24c98eb9c13d1987b5?page=2") {
			t.Errorf("second page fetched as %q, want the Link's URL", last)
		}
	})
	t.Run("comments", func(t *testing.T) {
		srv := newReplay(t, "issue-1136-comments-1", "issue-1136-comments-2", "issue-1136-comments-3")
		cs, err := srv.client("").Comments(context.Background(), Repo{"PyGithub", "PyGithub"}, 1136)
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) != 7 || len(srv.seen()) != 3 {
			t.Fatalf("%d comments in %d requests, want 7 in 3: %q", len(cs), len(srv.seen()), srv.seen())
		}
		seen := map[int64]bool{}
		for _, c := range cs {
			if c.ID == 0 || seen[c.ID] || c.URL == "" {
				t.Errorf("comment %+v: want a new id and a url", c)
			}
			seen[c.ID] = true
		}
	})
}

func TestPullRequestErrors(t *testing.T) {
	tests := []struct {
		name     string
		fallback string
		token    string
		want     []string
	}{
		{"404 without token", "not-found", "", []string{"pull request jacquev6/Xxx#7 not found on 127.0.0.1", "set GH_TOKEN or GITHUB_TOKEN", "404 Not Found: Not Found"}},
		{"404 with token", "not-found", "t0ken", []string{"pull request jacquev6/Xxx#7 not found", "the token from GH_TOKEN cannot see it"}},
		{"401 with token", "bad-credentials", "expired", []string{"rejected the token from GH_TOKEN", "set GH_TOKEN or GITHUB_TOKEN to a valid token", "gh auth login", "Bad credentials"}},
		{"401 without token", "bad-credentials", "", []string{"wants a token: set GH_TOKEN or GITHUB_TOKEN"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newReplay(t)
			fb := loadExchange(t, tt.fallback)
			srv.fallback = &fb
			_, err := srv.client(tt.token).PullRequest(context.Background(), Repo{"jacquev6", "Xxx"}, 7)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if got := srv.auth[0]; (tt.token == "") != (got == "") || (tt.token != "" && got != "Bearer "+tt.token) {
				t.Errorf("Authorization %q for token %q", got, tt.token)
			}
		})
	}
}

func TestLinkLeavingHost(t *testing.T) {
	srv := newReplay(t, "issue-1136-comments-1")
	srv.exchanges[0].Headers["Link"] = `<https://evil.example/next?page=2>; rel="next"`
	_, err := srv.client("secret").Comments(context.Background(), Repo{"PyGithub", "PyGithub"}, 1136)
	if err == nil || !strings.Contains(err.Error(), "leaves the api host") {
		t.Fatalf("err = %v, want a refusal to follow the link", err)
	}
}

func TestParseRepo(t *testing.T) {
	tests := []struct {
		in   string
		want Repo
		ok   bool
	}{
		{"PyGithub/PyGithub", Repo{"PyGithub", "PyGithub"}, true},
		{"cli/cli.git", Repo{"cli", "cli"}, true},
		{"a.b-c_d/e", Repo{"a.b-c_d", "e"}, true},
		{"noslash", Repo{}, false},
		{"a/b/c", Repo{}, false},
		{"a/..", Repo{}, false},
		{"/b", Repo{}, false},
		{"a/b?x", Repo{}, false},
	}
	for _, tt := range tests {
		got, err := ParseRepo(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseRepo(%q) = %v, %v", tt.in, got, err)
		}
	}
}

func TestParseLink(t *testing.T) {
	rec := loadExchange(t, "issue-1136-comments-2").Headers["Link"]
	got := parseLink(rec)
	want := map[string]string{
		"prev":  "https://api.github.com/repositories/3544490/issues/1136/comments?per_page=3&page=1",
		"next":  "https://api.github.com/repositories/3544490/issues/1136/comments?per_page=3&page=3",
		"last":  "https://api.github.com/repositories/3544490/issues/1136/comments?per_page=3&page=3",
		"first": "https://api.github.com/repositories/3544490/issues/1136/comments?per_page=3&page=1",
	}
	if len(got) != len(want) {
		t.Fatalf("parseLink = %v", got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("rel %s = %q, want %q", k, got[k], v)
		}
	}
	for _, bad := range []string{"", "garbage", "<x>", `<x>; rel=`, `x; rel="next"`} {
		if l := parseLink(bad); l["next"] != "" {
			t.Errorf("parseLink(%q) = %v", bad, l)
		}
	}
}

func FuzzParseLink(f *testing.F) {
	for _, n := range []string{"issue-1136-comments-1", "issue-1136-comments-2", "issue-1136-comments-3", "pull-3370-files-1"} {
		f.Add(loadExchange(f, n).Headers["Link"])
	}
	f.Add(`<a>; rel="next prev", <b>;rel=last;title="x, y"`)
	f.Fuzz(func(t *testing.T, h string) {
		for rel, u := range parseLink(h) {
			if rel == "" || strings.ContainsAny(rel, ` "`) || !strings.Contains(h, u) {
				t.Errorf("parseLink(%q): rel %q → %q", h, rel, u)
			}
		}
	})
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }
