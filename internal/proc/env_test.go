package proc

import (
	"slices"
	"testing"
)

func TestEnviron(t *testing.T) {
	parent := []string{
		"HOME=/home/u", "PATH=/usr/bin", "LANG=C.UTF-8", "LC_ALL=C", "TZ=UTC",
		"https_proxy=http://p:3128", "NO_PROXY=localhost", "SSL_CERT_FILE=/ca.pem",
		"XDG_CONFIG_HOME=/home/u/.config", "GH_TOKEN=gh", "GITHUB_TOKEN=ghs",
		"GH_ENTERPRISE_TOKEN=e", "GITHUB_ENTERPRISE_TOKEN=e2",
		"ANTHROPIC_API_KEY=a", "ANTHROPIC_BASE_URL=http://127.0.0.1:1", "CLAUDE_CONFIG_DIR=/c",
		"OPENAI_API_KEY=o", "CODEX_HOME=/x", "GEMINI_API_KEY=g", "GOOGLE_CLOUD_PROJECT=p",
		"AWS_SECRET_ACCESS_KEY=s", "DATABASE_URL=postgres://", "SSH_AUTH_SOCK=/s",
		"malformed", "=nameless",
	}
	tests := []struct {
		name string
		p    EnvPolicy
		want []string
	}{
		{
			name: "base only",
			want: []string{"HOME=/home/u", "PATH=/usr/bin", "LANG=C.UTF-8", "LC_ALL=C", "TZ=UTC",
				"https_proxy=http://p:3128", "NO_PROXY=localhost", "SSL_CERT_FILE=/ca.pem",
				"XDG_CONFIG_HOME=/home/u/.config"},
		},
		{
			name: "claude prefixes, a secret, extra wins",
			p: EnvPolicy{
				Prefixes: []string{"ANTHROPIC_", "CLAUDE_"},
				Secrets:  []string{"ANTHROPIC_BASE_URL", "TZ"},
				Extra:    map[string]string{"HOME": "/tmp/h", "Z_EXTRA": "1", "GH_TOKEN": "explicit"},
			},
			want: []string{"PATH=/usr/bin", "LANG=C.UTF-8", "LC_ALL=C",
				"https_proxy=http://p:3128", "NO_PROXY=localhost", "SSL_CERT_FILE=/ca.pem",
				"XDG_CONFIG_HOME=/home/u/.config", "ANTHROPIC_API_KEY=a", "CLAUDE_CONFIG_DIR=/c",
				"GH_TOKEN=explicit", "HOME=/tmp/h", "Z_EXTRA=1"},
		},
		{
			name: "gemini prefixes",
			p:    EnvPolicy{Prefixes: []string{"GEMINI_", "GOOGLE_"}},
			want: []string{"HOME=/home/u", "PATH=/usr/bin", "LANG=C.UTF-8", "LC_ALL=C", "TZ=UTC",
				"https_proxy=http://p:3128", "NO_PROXY=localhost", "SSL_CERT_FILE=/ca.pem",
				"XDG_CONFIG_HOME=/home/u/.config", "GEMINI_API_KEY=g", "GOOGLE_CLOUD_PROJECT=p"},
		},
		{
			name: "a prefix cannot bring back a forge token",
			p:    EnvPolicy{Prefixes: []string{"GH_", "GITHUB_"}},
			want: []string{"HOME=/home/u", "PATH=/usr/bin", "LANG=C.UTF-8", "LC_ALL=C", "TZ=UTC",
				"https_proxy=http://p:3128", "NO_PROXY=localhost", "SSL_CERT_FILE=/ca.pem",
				"XDG_CONFIG_HOME=/home/u/.config"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Environ(parent, tt.p)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Environ:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestGetenv(t *testing.T) {
	env := []string{"PATH=/a", "X=1", "PATH=/b", "PATHX=no"}
	if got := Getenv(env, "PATH"); got != "/b" {
		t.Errorf("Getenv(PATH) = %q, want the last value /b", got)
	}
	if got := Getenv(env, "PAT"); got != "" {
		t.Errorf("Getenv(PAT) = %q, want empty", got)
	}
}
