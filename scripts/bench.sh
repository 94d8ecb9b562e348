#!/usr/bin/env bash
# The benchmarks (`make bench`, issue 7): install what is missing, start OpenSearch and PostGIS if they do not
# answer yet, then `ror-search bench` on its own database (ror_bench) and index alias (ror-bench-offers), which
# starts its own API on a free 127.0.0.1 port. Results: bench/results/<date>-<scale>.json and .md.
#   ROR_BENCH_SCALE     offers in the generated dataset (default 1000000)
#   ROR_BENCH_OUT       results folder (default bench/results)
#   ROR_BENCH_DURATION  seconds of load per concurrency level (default 20)
# Services this script started are stopped at the end, unless ROR_KEEP_STACK=1. Extra arguments go to
# `ror-search bench` (e.g. --seed 7).
source "$(dirname "$0")/lib.sh"

"$ROOT/scripts/install.sh"
start_services_for_this_run

cd "$ROOT"
scale="${ROR_BENCH_SCALE:-1000000}"
log "benchmark at ${scale} offers (database ror_bench, index ror-bench-offers)"
"$VENV/bin/ror-search" bench --scale "$scale" --out "${ROR_BENCH_OUT:-bench/results}" \
    --duration "${ROR_BENCH_DURATION:-20}" "$@"
