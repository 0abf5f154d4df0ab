#!/usr/bin/env bash
# Install the pinned agent CLIs (claude, codex, gemini) from the npm registry
# into .tools/agents, for the TestRealAgents tests. Idempotent: when every
# pinned version is already installed it only prints the versions.
#
# Usage: scripts/install-agents.sh [DIR]   (default: <repo>/.tools/agents)
# DEEPREVIEW_AGENT_CLIS=claude,codex installs only those (the GitHub Action
# installs the agents a workflow asks for).
set -euo pipefail
cd "$(dirname "$0")/.."

dir=${1:-.tools/agents}
all_pins=(
	"claude=@anthropic-ai/claude-code@2.1.328"
	"codex=@openai/codex@0.169.0"
	"gemini=@google/gemini-cli@0.61.0"
)
want_clis=",${DEEPREVIEW_AGENT_CLIS:-claude,codex,gemini},"
pins=()
tools=()
for p in "${all_pins[@]}"; do
	if [[ $want_clis == *",${p%%=*},"* ]]; then
		tools+=("${p%%=*}")
		pins+=("${p#*=}")
	fi
done
if [ ${#pins[@]} -eq 0 ]; then
	echo "install-agents: no agent CLI among ${DEEPREVIEW_AGENT_CLIS:-}: want claude, codex or gemini" >&2
	exit 1
fi

# installed prints the version of package $1 under $dir, or nothing.
installed() {
	local pj="$dir/node_modules/$1/package.json"
	[ -f "$pj" ] || return 0
	node -e 'process.stdout.write(require(process.argv[1]).version)' "$(cd "$(dirname "$pj")" && pwd)/package.json"
}

missing=()
for pin in "${pins[@]}"; do
	name=${pin%@*}
	want=${pin##*@}
	have=$(installed "$name")
	if [ "$have" != "$want" ]; then missing+=("$pin"); fi
done

if [ ${#missing[@]} -gt 0 ]; then
	if ! command -v npm >/dev/null; then
		echo "install-agents: npm not found; install Node.js 20+ first" >&2
		exit 1
	fi
	echo "install-agents: installing ${missing[*]} into $dir"
	mkdir -p "$dir"
	start=$(date +%s)
	# All pins at once so npm resolves one tree; --prefix keeps it out of
	# the module root.
	npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "${pins[@]}"
	echo "install-agents: npm install took $(($(date +%s) - start))s"
fi

bin="$dir/node_modules/.bin"
for tool in "${tools[@]}"; do
	if ! v=$("$bin/$tool" --version 2>&1 </dev/null); then
		echo "install-agents: $bin/$tool --version failed: $v" >&2
		exit 1
	fi
	echo "install-agents: $tool $v"
done
