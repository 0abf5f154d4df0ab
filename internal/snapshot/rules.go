package snapshot

import (
	"path"
	"slices"
	"strings"
)

// configDirs are folders the agent CLIs load configuration from when they
// find them in their working directory or above: settings with hooks and
// permission rules (.claude, .gemini), project config (.codex), MCP
// servers, skills, commands and sub-agents (.claude, .agents, .gemini).
// They are withheld at any depth: a CLI that walks up from a subfolder
// finds nested ones too.
var configDirs = []string{".claude", ".gemini", ".codex", ".agents"}

// configFiles are single files with the same power: project MCP servers
// (.mcp.json, which claude also reads through .claude.json), and ignore
// files that hide code from gemini's tools.
var configFiles = []string{".mcp.json", ".claude.json", ".geminiignore", ".aiexclude"}

// instructionNames are the files the CLIs read as instructions from the
// code they work in. They come from the base revision, compared without
// case: an agents.md is one rename away from AGENTS.md on another system.
var instructionNames = []string{"claude.md", "claude.local.md", "agents.md", "agents.override.md", "gemini.md"}

// instructionDir holds deepreview's own instructions of a repository:
// its review skill and its context notes.
const instructionDir = ".deepreview"

// withheld reports whether the slash-separated repository path p is agent
// configuration that no agent may see in the checkout.
func withheld(p string) bool { return withheldRoot(p) != "" }

// withheldRoot is what to remove from the tree for p: its outermost
// configuration folder, or p itself for a configuration file; "" when p
// is not configuration.
func withheldRoot(p string) string {
	parts := strings.Split(p, "/")
	for i, dir := range parts[:len(parts)-1] {
		if slices.Contains(configDirs, dir) {
			return strings.Join(parts[:i+1], "/")
		}
	}
	// The last element too: a symlink named .claude (git stores it as a
	// file) would lead the CLI to settings outside the tree.
	last := parts[len(parts)-1]
	if slices.Contains(configFiles, last) || slices.Contains(configDirs, last) {
		return p
	}
	return ""
}

// instruction reports whether p is an instruction file, taken from the
// base revision.
func instruction(p string) bool {
	if p == instructionDir || strings.HasPrefix(p, instructionDir+"/") {
		return true
	}
	return slices.Contains(instructionNames, strings.ToLower(path.Base(p)))
}
