#!/usr/bin/env bash
# The test command (`make test`, `.ci/run`): install what is missing, start OpenSearch and PostGIS
# if they do not answer yet, run lint, types and the test suite against a separate test database
# and index alias, then stop the services this run started (set ROR_KEEP_STACK=1 to keep them).
source "$(dirname "$0")/lib.sh"

"$ROOT/scripts/install.sh"
start_services_for_this_run

# The test stack: same servers, its own database and index alias, so a demo stack is never touched.
export ROR_DATABASE_URL="${ROR_TEST_DATABASE_URL:-${ROR_DATABASE_URL%/*}/ror_test}"
export ROR_INDEX="${ROR_TEST_INDEX:-ror-test-offers}"
"$VENV/bin/ror-search" db upgrade

cd "$ROOT"
log "ruff"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
log "mypy"
"$VENV/bin/mypy"
log "pytest"
"$VENV/bin/pytest" "$@"
