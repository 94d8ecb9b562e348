#!/usr/bin/env bash
# PostgreSQL 15 + PostGIS 3 from Debian's packages, in a cluster owned by the project (.run/postgres),
# on its own port (default 5433), listening on 127.0.0.1 only.
#   start   install packages if missing, initialise the cluster once, start it, create database `ror`
#           with PostGIS; does nothing when ROR_DATABASE_URL already answers
#   stop    stop the cluster this script started
#   status  say whether it answers
source "$(dirname "$0")/lib.sh"

PG_DIR="$RUN_DIR/postgres"
DATA_DIR="$PG_DIR/data"
LOG_FILE="$PG_DIR/postgres.log"

# libpq URL (psql does not know the SQLAlchemy "+psycopg" driver suffix)
libpq_url() { printf '%s' "${ROR_DATABASE_URL/postgresql+psycopg:/postgresql:}"; }
maintenance_url() { local u; u="$(libpq_url)"; printf '%s/postgres' "${u%/*}"; }

answers() { psql "$(maintenance_url)" -Atqc 'select 1' >/dev/null 2>&1; }

init_cluster() {
    [ -f "$DATA_DIR/PG_VERSION" ] && return 0
    ensure_service_user
    service_dir "$RUN_DIR"
    service_dir "$PG_DIR"
    log "initialising PostgreSQL cluster in $DATA_DIR"
    local pwfile="$PG_DIR/.pw"
    printf '%s\n' "$PG_PASSWORD" >"$pwfile"
    if is_root; then chown "$SERVICE_USER" "$pwfile"; fi
    as_service "$PG_BIN/initdb" -D "$DATA_DIR" -U "$PG_USER" --pwfile="$pwfile" \
        --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
    cat >>"$DATA_DIR/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = ${PG_PORT}
unix_socket_directories = '${PG_DIR}'
shared_buffers = 256MB
max_connections = 200
fsync = on
CONF
}

start() {
    if answers; then
        log "PostgreSQL already answers at $(libpq_url | sed -E 's#://([^:]+):[^@]*@#://\1:***@#')"
    else
        apt_install postgresql postgresql-15-postgis-3
        init_cluster
        log "starting PostgreSQL on 127.0.0.1:${PG_PORT}"
        as_service "$PG_BIN/pg_ctl" -D "$DATA_DIR" -l "$LOG_FILE" -w -t 60 start >/dev/null \
            || { tail -n 20 "$LOG_FILE" >&2; die "PostgreSQL did not start (log: $LOG_FILE)"; }
        wait_for "PostgreSQL" 30 answers || die "PostgreSQL does not answer at port $PG_PORT"
    fi
    ensure_database
}

ensure_database() {
    local url dbname
    url="$(libpq_url)"
    dbname="${url##*/}"; dbname="${dbname%%\?*}"
    if [ "$(psql "$(maintenance_url)" -Atqc "select count(*) from pg_database where datname = '$dbname'")" = "0" ]; then
        log "creating database $dbname"
        psql "$(maintenance_url)" -qc "create database \"$dbname\"" >/dev/null
    fi
    PGOPTIONS='-c client_min_messages=warning' psql "$url" -qc 'create extension if not exists postgis' >/dev/null
}

stop() {
    if [ -f "$DATA_DIR/postmaster.pid" ]; then
        log "stopping PostgreSQL"
        as_service "$PG_BIN/pg_ctl" -D "$DATA_DIR" -m fast -w stop >/dev/null || true
    fi
}

status() {
    if answers; then
        echo "postgres: up at 127.0.0.1:${PG_PORT}"
    else
        echo "postgres: down"
        return 1
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) die "usage: $0 start|stop|status" ;;
esac
