package modelsim

import (
	"os"
	"path/filepath"
	"testing"
)

// AgentBin returns the path of an installed agent CLI (claude, codex,
// gemini) from $DEEPREVIEW_AGENT_BIN_DIR, else the module's
// .tools/agents/node_modules/.bin (scripts/install-agents.sh). In CI (CI
// set) a missing binary fails the test, since installing them is part of
// CI; locally it skips, saying how to install.
func AgentBin(t testing.TB, name string) string {
	t.Helper()
	dir := os.Getenv("DEEPREVIEW_AGENT_BIN_DIR")
	if dir == "" {
		dir = filepath.Join(moduleRoot(t), ".tools", "agents", "node_modules", ".bin")
	}
	p := filepath.Join(dir, name)
	if _, err := os.Stat(p); err != nil {
		msg := name + " is not installed in " + dir + "; run scripts/install-agents.sh"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return p
}

// moduleRoot is the nearest parent of the test's directory holding go.mod.
func moduleRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}
