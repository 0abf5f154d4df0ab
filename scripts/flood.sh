#!/usr/bin/env bash
# Measures what one review costs when an agent floods its output: a
# command agent prints SIZE bytes to stdout (default 1 GiB) and 300 MB to
# stderr, beside an agent that writes a real review. Prints the peak
# memory (max RSS) of `deepreview review` and the bytes left in the store.
#
#   scripts/flood.sh [REV] [SIZE]
#
# REV is the commit to build (default: the work tree), so that a change
# can be measured before and after: scripts/flood.sh efeda27; scripts/flood.sh
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:-}
size=${2:-1073741824}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

src=$PWD
if [ -n "$rev" ]; then
	src=$tmp/src
	mkdir "$src"
	git archive "$rev" | tar -x -C "$src"
fi
(cd "$src" && go build -o "$tmp/deepreview" ./cmd/deepreview)

repo=$tmp/repo
git init -q -b main "$repo"
git -C "$repo" -c user.name=t -c user.email=t@example.com commit -q --allow-empty -m base
git -C "$repo" checkout -q -b feature
echo 'package kv' > "$repo/kv.go"
git -C "$repo" add kv.go
git -C "$repo" -c user.name=t -c user.email=t@example.com commit -q -m 'kv: add'

cat > "$tmp/review.md" <<'MD'
## Executive Summary

kv.go declares a package and nothing else.

## Findings

No findings.

## Coverage Summary

| File | Status |
|---|---|
| `kv.go` | Reviewed, no issues |
MD
cat > "$tmp/config.toml" <<TOML
default_agents = ["flood", "ok"]
consolidator = "none"
[agents.flood]
kind = "command"
command = ["sh", "-c", "cat >/dev/null; (head -c 300000000 /dev/zero | tr '\\\\0' e >&2) & head -c $size /dev/zero | tr '\\\\0' a; wait"]
timeout = "30m"
[agents.ok]
kind = "command"
command = ["sh", "-c", "cat >/dev/null; cat $tmp/review.md"]
TOML

export DEEPREVIEW_HOME=$tmp/home XDG_CONFIG_HOME=$tmp/xdg
status=0
(cd "$repo" && /usr/bin/time -v "$tmp/deepreview" review --config "$tmp/config.toml" >"$tmp/out.md" 2>"$tmp/err.txt") || status=$?
echo "build:        ${rev:-work tree}"
echo "agent output: $size bytes on stdout, 300000000 on stderr"
echo "exit status:  $status"
echo "peak RSS:     $(grep 'Maximum resident' "$tmp/err.txt" | awk '{print $NF}') KiB"
echo "wall clock:   $(grep 'Elapsed (wall' "$tmp/err.txt" | awk '{print $NF}')"
echo "store:        $(du -sb "$DEEPREVIEW_HOME" | cut -f1) bytes"
echo "report:       $(wc -c <"$tmp/out.md") bytes on stdout"
grep -E '^deepreview:' "$tmp/err.txt" | cut -c1-300 || true
