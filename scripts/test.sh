#!/usr/bin/env bash
# The test command (`make test`, `.ci/run`): install what is missing, start OpenSearch and PostGIS
# if they do not answer yet, run lint, types and the test suite against a separate test database
# and index alias, then stop the services this run started (set ROR_KEEP_STACK=1 to keep them).
source "$(dirname "$0")/lib.sh"

started=()
cleanup() {
    local rc=$?
    if [ "${ROR_KEEP_STACK:-0}" != "1" ]; then
        for svc in "${started[@]}"; do "$ROOT/scripts/$svc.sh" stop || true; done
    fi
    exit $rc
}
trap cleanup EXIT

"$ROOT/scripts/install.sh"

url_answers "$ROR_OPENSEARCH_URL" || started+=(opensearch)
"$ROOT/scripts/opensearch.sh" start
psql "${ROR_DATABASE_URL/postgresql+psycopg:/postgresql:}" -Atqc 'select 1' >/dev/null 2>&1 || started+=(postgres)
"$ROOT/scripts/postgres.sh" start

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
