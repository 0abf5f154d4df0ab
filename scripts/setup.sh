#!/usr/bin/env bash
# Sets a machine up to run deepreview from this checkout: builds it into
# .tools/bin, installs the pinned agent CLIs (claude, codex, gemini) from
# the npm registry into .tools/agents and links them into .tools/bin, so
# that PATH="$PWD/.tools/bin:$PATH" finds all four. Needs Go and Node.js
# with npm; idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tools/bin
# -buildvcs=auto: stamp the revision into `deepreview version` even where
# the Go environment turns stamping off (GOFLAGS=-buildvcs=false).
go build -buildvcs=auto -o .tools/bin/deepreview ./cmd/deepreview
scripts/install-agents.sh >/dev/null
for tool in claude codex gemini; do
	ln -sf "../agents/node_modules/.bin/$tool" ".tools/bin/$tool"
done
echo "setup: deepreview, claude, codex and gemini are in $PWD/.tools/bin"
