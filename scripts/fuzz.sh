#!/usr/bin/env bash
# Runs every fuzz target of the module for a short bounded time
# (FUZZTIME, default 8s each), so CI catches a panic or hang on new inputs.
#
# Go's fuzzer sometimes ends a run with "context deadline exceeded" when
# its time runs out while a worker is still minimizing a new input (seen on
# loaded 2-core machines): no input failed, so such a run is tried once
# more. A real failure names its input under testdata/fuzz and fails.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-8s}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

fuzz() { go test -run '^$' -fuzz "^$2\$" -fuzztime "$fuzztime" -fuzzminimizetime 5s "$1" >"$log" 2>&1; }

for pkg in $(go list ./...); do
  for target in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
    echo "fuzz $pkg $target ($fuzztime)"
    fuzz "$pkg" "$target" && continue
    if grep -q 'context deadline exceeded' "$log" && ! grep -q 'Failing input written' "$log"; then
      echo "fuzz $pkg $target: the fuzzer's own deadline ran out with no failing input; once more"
      fuzz "$pkg" "$target" && continue
    fi
    cat "$log"
    exit 1
  done
done
