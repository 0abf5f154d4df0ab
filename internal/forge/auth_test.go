package forge

import (
	"context"
	"errors"
	"slices"
	"testing"
)

func TestAPIBaseURL(t *testing.T) {
	tests := []struct{ getenv, want string }{
		{"", "https://api.github.com"},
		{"github.com", "https://api.github.com"},
		{"GitHub.example.com", "https://github.example.com/api/v3"},
		{"octo.ghe.com", "https://api.octo.ghe.com"},
	}
	for _, tt := range tests {
		env := func(k string) string {
			if k == "GH_HOST" {
				return tt.getenv
			}
			return ""
		}
		if got := APIBaseURL(Host(env)); got != tt.want {
			t.Errorf("GH_HOST=%q: %s, want %s", tt.getenv, got, tt.want)
		}
	}
}

func TestToken(t *testing.T) {
	gh := func(out string, err error) (Runner, *[]string) {
		var argv []string
		return func(_ context.Context, name string, args ...string) ([]byte, error) {
			argv = append([]string{name}, args...)
			return []byte(out), err
		}, &argv
	}
	tests := []struct {
		name       string
		host       string
		env        map[string]string
		ghOut      string
		ghErr      error
		token, src string
		ranGH      bool
	}{
		{"GH_TOKEN first", "github.com", map[string]string{"GH_TOKEN": "a", "GITHUB_TOKEN": "b"}, "", nil, "a", "GH_TOKEN", false},
		{"GITHUB_TOKEN", "github.com", map[string]string{"GITHUB_TOKEN": " b\n"}, "", nil, "b", "GITHUB_TOKEN", false},
		{"gh auth token", "github.com", nil, "gho_x\n", nil, "gho_x", "gh auth token", true},
		{"gh not logged in", "github.com", nil, "", errors.New("exit status 1"), "", "", true},
		{"gh prints junk", "github.com", nil, "no oauth token found for github.com\n", nil, "", "", true},
		{"enterprise ignores GH_TOKEN", "ghe.corp", map[string]string{"GH_TOKEN": "a", "GH_ENTERPRISE_TOKEN": "e"}, "", nil, "e", "GH_ENTERPRISE_TOKEN", false},
		{"enterprise falls back to gh", "ghe.corp", map[string]string{"GH_TOKEN": "a"}, "ent\n", nil, "ent", "gh auth token", true},
		{"ghe.com tenancy is not enterprise", "octo.ghe.com", map[string]string{"GH_TOKEN": "a"}, "", nil, "a", "GH_TOKEN", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run, argv := gh(tt.ghOut, tt.ghErr)
			tok, src := Token(context.Background(), tt.host, func(k string) string { return tt.env[k] }, run)
			if tok != tt.token || src != tt.src {
				t.Errorf("Token = %q, %q; want %q, %q", tok, src, tt.token, tt.src)
			}
			want := []string{"gh", "auth", "token", "--hostname", tt.host}
			if ran := *argv != nil; ran != tt.ranGH || (ran && !slices.Equal(*argv, want)) {
				t.Errorf("ran %q, want gh run: %v", *argv, tt.ranGH)
			}
		})
	}
	if tok, src := Token(context.Background(), "github.com", func(string) string { return "" }, nil); tok != "" || src != "" {
		t.Errorf("no env, no runner: %q %q", tok, src)
	}
}
