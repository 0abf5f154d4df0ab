package forge

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
)

// DefaultHost is the host of github.com's API.
const DefaultHost = "github.com"

// Host returns the GitHub host to talk to: GH_HOST, or github.com.
func Host(getenv func(string) string) string {
	if h := strings.TrimSpace(getenv("GH_HOST")); h != "" {
		return strings.ToLower(h)
	}
	return DefaultHost
}

// APIBaseURL is the REST API root of host, as gh computes it:
// https://api.github.com for github.com, https://api.TENANT.ghe.com for
// GitHub Enterprise Cloud with data residency, and https://HOST/api/v3
// for GitHub Enterprise Server.
func APIBaseURL(host string) string {
	switch {
	case host == "" || host == DefaultHost || host == "api.github.com":
		return "https://api.github.com"
	case strings.HasSuffix(host, ".ghe.com"):
		return "https://api." + host
	}
	return "https://" + host + "/api/v3"
}

// Runner runs a command and returns its standard output; cli passes one
// built on os/exec (see RunCommand), tests pass a fake.
type Runner func(ctx context.Context, name string, args ...string) ([]byte, error)

// RunCommand is the Runner that runs the real program. The child inherits
// the process environment, which gh needs to find its configuration.
func RunCommand(ctx context.Context, name string, args ...string) ([]byte, error) {
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdout = &out
	err := cmd.Run()
	return out.Bytes(), err
}

// Token finds a token for host the way gh does: GH_TOKEN, then
// GITHUB_TOKEN for github.com (and *.ghe.com); GH_ENTERPRISE_TOKEN, then
// GITHUB_ENTERPRISE_TOKEN for an Enterprise Server host (a github.com
// token is never sent to another host); then `gh auth token --hostname
// host` when run is not nil. It returns the token and where it came from,
// or two empty strings: public repositories need no token.
func Token(ctx context.Context, host string, getenv func(string) string, run Runner) (token, source string) {
	vars := []string{"GH_TOKEN", "GITHUB_TOKEN"}
	if isEnterprise(host) {
		vars = []string{"GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN"}
	}
	for _, v := range vars {
		if t := strings.TrimSpace(getenv(v)); t != "" {
			return t, v
		}
	}
	if run == nil {
		return "", ""
	}
	// gh not installed or not logged in is not an error: the request is
	// then made without a token and fails with a clear 401/404 if needed.
	out, err := run(ctx, "gh", "auth", "token", "--hostname", host)
	if t := strings.TrimSpace(string(out)); err == nil && t != "" && !strings.ContainsAny(t, " \n") {
		return t, "gh auth token"
	}
	return "", ""
}

func isEnterprise(host string) bool {
	return host != "" && host != DefaultHost && host != "api.github.com" && !strings.HasSuffix(host, ".ghe.com")
}
