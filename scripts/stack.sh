#!/usr/bin/env bash
# The whole stack: OpenSearch + PostGIS + the API, in the background.
#   up      install what is missing, start services and the API, return when /readyz answers 200
#   down    stop everything this project started (API, OpenSearch, PostgreSQL)
#   status  report each part
#   demo    up, then print the URL to open
# Idempotent: `up` twice starts nothing the second time.
source "$(dirname "$0")/lib.sh"

API_PID="$RUN_DIR/api.pid"
API_LOG="$RUN_DIR/api.log"
API_URL="http://${API_HOST}:${API_PORT}"

api_ready() { curl -fsS -m 3 "$API_URL/readyz" >/dev/null 2>&1; }

start_api() {
    if api_ready; then
        log "API already ready at $API_URL"
        return 0
    fi
    if url_answers "$API_URL/healthz"; then
        die "something answers on $API_URL but is not ready; see $API_URL/readyz"
    fi
    mkdir -p "$RUN_DIR"
    log "starting the API on $API_URL"
    start_detached "$API_PID" "$API_LOG" "$VENV/bin/ror-search" serve --host "$API_HOST" --port "$API_PORT"
    if ! wait_for "API" 60 api_ready; then
        tail -n 30 "$API_LOG" >&2 || true
        die "the API did not become ready (log: $API_LOG)"
    fi
}

stop_api() {
    if pid_alive "$API_PID"; then
        log "stopping the API"
        local pid
        pid="$(cat "$API_PID")"
        kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        kill -KILL -- "-$pid" 2>/dev/null || true
    fi
    rm -f "$API_PID"
}

up() {
    "$ROOT/scripts/install.sh"
    "$ROOT/scripts/opensearch.sh" start
    "$ROOT/scripts/postgres.sh" start
    "$VENV/bin/ror-search" db upgrade
    start_api
    log "ready: $API_URL (API docs at $API_URL/docs)"
}

down() {
    stop_api
    "$ROOT/scripts/opensearch.sh" stop
    "$ROOT/scripts/postgres.sh" stop
}

status() {
    local rc=0
    "$ROOT/scripts/opensearch.sh" status || rc=1
    "$ROOT/scripts/postgres.sh" status || rc=1
    if api_ready; then echo "api: ready at $API_URL"; else echo "api: down ($API_URL)"; rc=1; fi
    if [ -x "$VENV/bin/ror-search" ]; then "$VENV/bin/ror-search" status || rc=1; fi
    return $rc
}

demo() {
    up
    local dir="$RUN_DIR/demo" cli="$VENV/bin/ror-search"
    mkdir -p "$dir"
    # The dataset is rebuilt when older than 6 hours, so its availability figures stay recent.
    if [ ! -s "$dir/ror-demo.ndjson" ] || [ -n "$(find "$dir/ror-demo.ndjson" -mmin +360 2>/dev/null)" ]; then
        log "building the national demo dataset (real sites and communes, synthetic offers)"
        "$cli" demo build --out "$dir" >"$dir/stats.json"
    fi
    log "ingesting the demo into PostGIS"
    "$cli" ingest fhir "$dir/ror-demo.ndjson" --json | tail -n 1
    log "bringing the index in step with the directory"
    "$cli" index update --rebuild-if-missing --json | tail -n 1
    echo "ror-search demo is running: $API_URL  (search page: $API_URL/, OpenAPI: $API_URL/docs)"
}

case "${1:-}" in
    up) up ;;
    down) down ;;
    status) status ;;
    demo) demo ;;
    *) die "usage: $0 up|down|status|demo" ;;
esac
