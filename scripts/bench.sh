#!/usr/bin/env bash
# Reproducible measurements of how long a review takes against its
# slowest agent (ratios, as the closing notes report them):
#   BenchmarkReviewBigRepo   a 2,000-file change in a 15,000-file, 100 MB
#                            repository, agents sleeping 2/4/8 s
#   BenchmarkReviewSeedShape agents of 4.7/7.75/4.9 s with 9/3/1 findings and
#                            a consolidator agent of model-like latency
# Knobs: DEEPREVIEW_BENCH_FILES, DEEPREVIEW_BENCH_BYTES, DEEPREVIEW_BENCH_CHANGED.
# Run it on a quiet machine: the figures are wall-clock.
set -euo pipefail
cd "$(dirname "$0")/.."
go test -run '^$' -bench 'BenchmarkReview(BigRepo|SeedShape)$' -benchtime 1x -count "${COUNT:-1}" ./internal/cli
