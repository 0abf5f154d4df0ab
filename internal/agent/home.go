package agent

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/deepreview/deepreview/internal/proc"
)

// maxConfigFile bounds each configuration file copied into an agent's
// home: settings and credentials are small; history and caches are not
// copied at all.
const maxConfigFile = 4 << 20

// home is an agent's private home in its scratch folder.
type home struct {
	dir     string // $HOME
	tmp     string // $TMPDIR
	scratch string
}

// newHome makes scratch/home and scratch/tmp.
func newHome(scratch string) (*home, error) {
	h := &home{dir: filepath.Join(scratch, "home"), tmp: filepath.Join(scratch, "tmp"), scratch: scratch}
	for _, d := range []string{h.dir, h.tmp} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, err
		}
	}
	return h, nil
}

// env returns the agent's environment with its home made private: a copy
// of the CLI's own configuration and credentials (never the real
// folders, which a steered agent could rewrite for the user's next,
// unconfined session), HOME, TMPDIR and the XDG folders inside scratch,
// and the CLI-specific switches that keep the reviewed code from
// configuring it.
func (h *home) env(kind string, env []string) ([]string, error) {
	userHome := proc.Getenv(env, "HOME")
	set := map[string]string{"TMPDIR": h.tmp}
	if kind != Command {
		set["HOME"] = h.dir
		set["XDG_CONFIG_HOME"] = filepath.Join(h.dir, ".config")
		set["XDG_CACHE_HOME"] = filepath.Join(h.dir, ".cache")
		set["XDG_DATA_HOME"] = filepath.Join(h.dir, ".local", "share")
		set["XDG_STATE_HOME"] = filepath.Join(h.dir, ".local", "state")
	}
	var err error
	switch kind {
	case Claude:
		err = h.claude(env, userHome, set)
	case Codex:
		err = h.codex(env, userHome, set)
	case Gemini:
		err = h.gemini(env, userHome, set)
	}
	if err != nil {
		return nil, err
	}
	return override(env, set, "XDG_RUNTIME_DIR"), nil
}

// claude: settings, credentials and .claude.json, selected with
// CLAUDE_CONFIG_DIR (which also moves .claude.json into that folder).
func (h *home) claude(env []string, userHome string, set map[string]string) error {
	src := proc.Getenv(env, "CLAUDE_CONFIG_DIR")
	if src == "" && userHome != "" {
		src = filepath.Join(userHome, ".claude")
	}
	dst := filepath.Join(h.dir, ".claude")
	if err := copyTop(src, dst); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(dst, ".claude.json")); err != nil && userHome != "" {
		if err := copyFile(filepath.Join(userHome, ".claude.json"), filepath.Join(dst, ".claude.json")); err != nil {
			return err
		}
	}
	set["CLAUDE_CONFIG_DIR"] = dst
	return nil
}

// codex: config.toml and auth.json; codex needs CODEX_HOME to exist.
func (h *home) codex(env []string, userHome string, set map[string]string) error {
	src := proc.Getenv(env, "CODEX_HOME")
	if src == "" && userHome != "" {
		src = filepath.Join(userHome, ".codex")
	}
	dst := filepath.Join(h.dir, ".codex")
	set["CODEX_HOME"] = dst
	return copyTop(src, dst)
}

// gemini: ~/.gemini (settings, OAuth credentials, accounts) copied; it
// writes its project registry and chats there. The reviewed tree is never
// trusted: GEMINI_CLI_TRUST_WORKSPACE=false (never --skip-trust, which
// sets it to true) means no project hooks, MCP servers, discovery command
// or settings. Folder trust is turned off in the copied settings so that
// headless gemini runs in the untrusted folder instead of refusing it.
// (A system settings file would override more cleanly, but gemini skips
// one whose parent folders are writable by others, as /tmp is.)
func (h *home) gemini(env []string, userHome string, set map[string]string) error {
	base := proc.Getenv(env, "GEMINI_CLI_HOME")
	if base == "" {
		base = userHome
	}
	dst := filepath.Join(h.dir, ".gemini")
	src := ""
	if base != "" {
		src = filepath.Join(base, ".gemini")
	}
	if err := copyTop(src, dst); err != nil {
		return err
	}
	if err := untrustFolders(filepath.Join(dst, "settings.json")); err != nil {
		return err
	}
	set["GEMINI_CLI_HOME"] = h.dir
	set["GEMINI_CLI_TRUST_WORKSPACE"] = "false"
	return nil
}

// untrustFolders sets security.folderTrust.enabled to false in the gemini
// settings file at path, keeping everything else the user set.
func untrustFolders(path string) error {
	settings := map[string]any{}
	b, err := os.ReadFile(path)
	switch {
	case err == nil:
		if err := json.Unmarshal(b, &settings); err != nil {
			return fmt.Errorf("gemini settings %s: %w (deepreview must set security.folderTrust.enabled in a copy; comments are not supported)", path, err)
		}
	case !os.IsNotExist(err):
		return err
	}
	security, _ := settings["security"].(map[string]any)
	if security == nil {
		security = map[string]any{}
	}
	security["folderTrust"] = map[string]any{"enabled": false}
	settings["security"] = security
	out, err := json.MarshalIndent(settings, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, out, 0o600)
}

// override returns env with the variables of set replacing or added to
// the parent's, and the variables drop removed.
func override(env []string, set map[string]string, drop ...string) []string {
	out := make([]string, 0, len(env)+len(set))
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if _, ok := set[name]; ok || slices.Contains(drop, name) {
			continue
		}
		out = append(out, kv)
	}
	for _, name := range slices.Sorted(maps.Keys(set)) {
		out = append(out, name+"="+set[name])
	}
	return out
}

// copyTop copies the regular files at the top of src into dst (made if
// missing). Subfolders — history, projects, caches, extensions — stay
// behind. A missing src is no error: the CLI starts from nothing.
func copyTop(src, dst string) error {
	if err := os.MkdirAll(dst, 0o700); err != nil {
		return err
	}
	if src == "" {
		return nil
	}
	entries, err := os.ReadDir(src)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("agent configuration %s: %w", src, err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		if err := copyFile(filepath.Join(src, e.Name()), filepath.Join(dst, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

// copyFile copies one regular file of at most maxConfigFile bytes; a
// missing or larger file is skipped.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	defer in.Close()
	fi, err := in.Stat()
	if err != nil || !fi.Mode().IsRegular() || fi.Size() > maxConfigFile {
		return err
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, io.LimitReader(in, maxConfigFile)); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
