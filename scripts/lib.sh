# Common settings for the project's scripts; sourced, never run.
# Every value can be overridden from the environment.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="${ROR_RUN_DIR:-$ROOT/.run}"
CACHE_DIR="${ROR_CACHE_DIR:-$ROOT/.cache}"
VENV="${ROR_VENV:-$ROOT/.venv}"

OPENSEARCH_VERSION="${ROR_OPENSEARCH_VERSION:-2.19.3}"
OPENSEARCH_PORT="${ROR_OPENSEARCH_PORT:-9200}"
OPENSEARCH_HEAP="${ROR_OPENSEARCH_HEAP:-1g}"
export ROR_OPENSEARCH_URL="${ROR_OPENSEARCH_URL:-http://127.0.0.1:${OPENSEARCH_PORT}}"

PG_BIN="${ROR_PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_PORT="${ROR_PG_PORT:-5433}"
PG_USER="${ROR_PG_USER:-ror}"
PG_PASSWORD="${ROR_PG_PASSWORD:-ror}"
export ROR_DATABASE_URL="${ROR_DATABASE_URL:-postgresql+psycopg://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${PG_PORT}/ror}"

API_HOST="${ROR_API_HOST:-127.0.0.1}"
API_PORT="${ROR_API_PORT:-8000}"
export ROR_API_HOST="$API_HOST" ROR_API_PORT="$API_PORT"

# OpenSearch and PostgreSQL refuse to run as root: as root, services run as this system user.
SERVICE_USER="${ROR_SERVICE_USER:-ror}"

log() { printf '[ror-search] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# Run a command as the service user (or as ourselves when not root).
as_service() {
    if is_root; then
        runuser -u "$SERVICE_USER" -- "$@"
    else
        "$@"
    fi
}

ensure_service_user() {
    is_root || return 0
    if ! id "$SERVICE_USER" >/dev/null 2>&1; then
        log "creating system user $SERVICE_USER for OpenSearch and PostgreSQL"
        useradd --system --no-create-home --shell /usr/sbin/nologin "$SERVICE_USER"
    fi
}

# Make a folder the service user owns (its parents must let it through).
service_dir() {
    mkdir -p "$1"
    if is_root; then chown "$SERVICE_USER" "$1"; fi
}

apt_updated=0
apt_install() {
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    is_root || die "missing Debian packages: ${missing[*]} (run as root, or install them)"
    if [ "$apt_updated" -eq 0 ]; then
        log "apt-get update"
        apt-get update -qq
        apt_updated=1
    fi
    log "apt-get install ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# url_answers URL: true when an HTTP server answers at URL.
url_answers() { curl -fsS -m 2 -o /dev/null "$1" 2>/dev/null; }

# wait_for DESCRIPTION SECONDS COMMAND...: retry COMMAND every second.
wait_for() {
    local what="$1" seconds="$2"; shift 2
    local i
    for ((i = 0; i < seconds; i++)); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 1
    done
    return 1
}

# Start a command detached from our terminal and pipes, logging to a file, and record its pid.
start_detached() {
    local pidfile="$1" logfile="$2"; shift 2
    setsid "$@" </dev/null >>"$logfile" 2>&1 &
    echo $! >"$pidfile"
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Start OpenSearch and PostgreSQL unless they already answer; when the calling script exits, stop the ones
# it started (unless ROR_KEEP_STACK=1). For scripts that need the services only while they run.
STARTED_SERVICES=()
stop_started_services() {
    local rc=$?
    if [ "${ROR_KEEP_STACK:-0}" != "1" ]; then
        for svc in "${STARTED_SERVICES[@]}"; do "$ROOT/scripts/$svc.sh" stop || true; done
    fi
    exit $rc
}
start_services_for_this_run() {
    trap stop_started_services EXIT
    url_answers "$ROR_OPENSEARCH_URL" || STARTED_SERVICES+=(opensearch)
    "$ROOT/scripts/opensearch.sh" start
    psql "${ROR_DATABASE_URL/postgresql+psycopg:/postgresql:}" -Atqc 'select 1' >/dev/null 2>&1 \
        || STARTED_SERVICES+=(postgres)
    "$ROOT/scripts/postgres.sh" start
}
