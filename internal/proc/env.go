package proc

import (
	"slices"
	"strings"
)

// keptNames are the variables every child keeps: what a CLI needs to find
// its config, its binaries, its locale and its way through proxies.
var keptNames = []string{
	"HOME", "PATH", "USER", "LOGNAME", "SHELL", "TMPDIR", "TERM", "LANG", "TZ",
	"HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY",
	"http_proxy", "https_proxy", "no_proxy", "all_proxy",
	"SSL_CERT_FILE", "SSL_CERT_DIR", "NODE_EXTRA_CA_CERTS",
}

// keptPrefixes are the variable families every child keeps.
var keptPrefixes = []string{"LC_", "XDG_"}

// forgeTokens are never passed on: an agent reads untrusted code and must
// not be able to act on the forge with the user's credentials.
var forgeTokens = []string{"GH_TOKEN", "GITHUB_TOKEN", "GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN"}

// EnvPolicy says which variables of the parent a child gets.
type EnvPolicy struct {
	// Prefixes are kept in addition to the fixed list (e.g. "ANTHROPIC_").
	Prefixes []string
	// Secrets are names removed even when a prefix would keep them.
	Secrets []string
	// Extra is added last and wins over the parent's value.
	Extra map[string]string
}

// Environ returns the child's environment built from parent ("NAME=value"
// entries, as os.Environ gives them) under policy p. It never reads or
// changes the process environment.
func Environ(parent []string, p EnvPolicy) []string {
	var env []string
	for _, kv := range parent {
		name, _, ok := strings.Cut(kv, "=")
		if !ok || name == "" || !p.keeps(name) {
			continue
		}
		if _, override := p.Extra[name]; override {
			continue
		}
		env = append(env, kv)
	}
	names := make([]string, 0, len(p.Extra))
	for name := range p.Extra {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		env = append(env, name+"="+p.Extra[name])
	}
	return env
}

func (p EnvPolicy) keeps(name string) bool {
	if slices.Contains(forgeTokens, name) || slices.Contains(p.Secrets, name) {
		return false
	}
	if slices.Contains(keptNames, name) {
		return true
	}
	for _, prefix := range append(keptPrefixes, p.Prefixes...) {
		if strings.HasPrefix(name, prefix) {
			return true
		}
	}
	return false
}

// Getenv returns the value of name in env, the last one if repeated.
func Getenv(env []string, name string) string {
	for i := len(env) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(env[i], name+"="); ok {
			return v
		}
	}
	return ""
}
