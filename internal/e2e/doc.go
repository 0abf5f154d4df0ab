// Package e2e holds deepreview's end-to-end tests with the real agent
// CLIs: `deepreview review` on a real repository, with the real claude,
// codex and gemini binaries (scripts/install-agents.sh) talking to the
// scripted model server of internal/modelsim on loopback. It has no code
// of its own.
package e2e
