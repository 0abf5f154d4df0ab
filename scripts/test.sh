#!/usr/bin/env bash
# The test command README.md names: every test with the race detector, then
# each fuzz target for a short bounded time.
set -euo pipefail
cd "$(dirname "$0")/.."
go test -race -count=1 ./...
if [ -x scripts/fuzz.sh ]; then scripts/fuzz.sh; fi
