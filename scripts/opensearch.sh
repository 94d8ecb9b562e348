#!/usr/bin/env bash
# OpenSearch: the official minimal distribution from Maven Central, run single-node on 127.0.0.1.
#   fetch   download (once, cached in .cache/) and unpack the distribution
#   start   start it in the background unless ROR_OPENSEARCH_URL already answers; wait until ready
#   stop    stop the node this script started
#   status  say whether it answers
source "$(dirname "$0")/lib.sh"

ARTIFACT="org.opensearch.distribution.integ-test-zip:opensearch:${OPENSEARCH_VERSION}:zip"
ZIP="$CACHE_DIR/opensearch/opensearch-${OPENSEARCH_VERSION}.zip"
HOME_DIR="$RUN_DIR/opensearch/opensearch-${OPENSEARCH_VERSION}"
DATA_DIR="$RUN_DIR/opensearch/data"
LOG_DIR="$RUN_DIR/opensearch/logs"
PID_FILE="$RUN_DIR/opensearch/pid"
JAVA_HOME_17="${ROR_JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"

fetch() {
    if [ ! -f "$ZIP" ]; then
        command -v mvn >/dev/null || die "Maven (mvn) is needed to fetch OpenSearch"
        log "fetching $ARTIFACT from Maven Central"
        mkdir -p "$CACHE_DIR/opensearch"
        mvn -q -B -Dstyle.color=never org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
            -Dartifact="$ARTIFACT" -DoutputDirectory="$CACHE_DIR/opensearch" -Dmdep.overWriteIfNewer=true >/dev/null
        [ -f "$ZIP" ] || die "Maven did not produce $ZIP"
    fi
    if [ ! -x "$HOME_DIR/bin/opensearch" ]; then
        log "unpacking OpenSearch $OPENSEARCH_VERSION"
        mkdir -p "$RUN_DIR/opensearch"
        rm -rf "$HOME_DIR.tmp" && mkdir -p "$HOME_DIR.tmp"
        unzip -q "$ZIP" -d "$HOME_DIR.tmp"
        mv "$HOME_DIR.tmp/opensearch-${OPENSEARCH_VERSION}" "$HOME_DIR"
        rmdir "$HOME_DIR.tmp"
    fi
    install_modules
}

# The minimal distribution has no analysis or mapper modules (only transport-netty4). The two the index
# needs are published on Maven Central as jars: install them as modules (see docs/adr/0004).
#   name | maven artifact | plugin class
MODULES=(
    "analysis-common|org.opensearch.plugin:analysis-common|org.opensearch.analysis.common.CommonAnalysisPlugin"
    "mapper-extras|org.opensearch.plugin:mapper-extras-client|org.opensearch.index.mapper.MapperExtrasPlugin"
)

install_modules() {
    local entry name artifact class jar dir
    for entry in "${MODULES[@]}"; do
        IFS='|' read -r name artifact class <<<"$entry"
        dir="$HOME_DIR/modules/$name"
        [ -f "$dir/plugin-descriptor.properties" ] && continue
        jar="$CACHE_DIR/opensearch/${artifact##*:}-${OPENSEARCH_VERSION}.jar"
        if [ ! -f "$jar" ]; then
            log "fetching module $artifact:$OPENSEARCH_VERSION from Maven Central"
            mvn -q -B -Dstyle.color=never org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
                -Dartifact="$artifact:$OPENSEARCH_VERSION:jar" -DoutputDirectory="$CACHE_DIR/opensearch" \
                -Dmdep.overWriteIfNewer=true >/dev/null
            [ -f "$jar" ] || die "Maven did not produce $jar"
        fi
        mkdir -p "$dir"
        cp "$jar" "$dir/"
        cat >"$dir/plugin-descriptor.properties" <<PROPS
description=OpenSearch module $name (installed by ror-search from Maven Central)
version=${OPENSEARCH_VERSION}
name=${name}
classname=${class}
java.version=11
opensearch.version=${OPENSEARCH_VERSION}
extended.plugins=
has.native.controller=false
PROPS
    done
}

configure() {
    ensure_service_user
    service_dir "$RUN_DIR"
    service_dir "$RUN_DIR/opensearch"
    service_dir "$DATA_DIR"
    service_dir "$LOG_DIR"
    cat >"$HOME_DIR/config/opensearch.yml" <<YML
cluster.name: ror-search
node.name: ror-search-1
network.host: 127.0.0.1
http.port: ${OPENSEARCH_PORT}
transport.port: $((OPENSEARCH_PORT + 100))
discovery.type: single-node
path.data: ${DATA_DIR}
path.logs: ${LOG_DIR}
action.auto_create_index: false
cluster.routing.allocation.disk.threshold_enabled: false
YML
    if is_root; then chown -R "$SERVICE_USER" "$HOME_DIR"; fi
}

# check_version: the node that answers must be OpenSearch 2.19.x.
check_version() {
    local info
    info="$(curl -fsS -m 5 "$ROR_OPENSEARCH_URL")" || die "no answer from $ROR_OPENSEARCH_URL"
    if ! grep -q '"distribution" *: *"opensearch"' <<<"$info" \
        || ! grep -q '"number" *: *"2\.19\.[0-9]*"' <<<"$info"; then
        die "$ROR_OPENSEARCH_URL is not OpenSearch 2.19.x: $(tr -d '\n' <<<"$info" | cut -c1-300)"
    fi
}

# check_modules: the node must have the modules the index mapping uses.
check_modules() {
    local modules
    modules="$(curl -fsS -m 5 "$ROR_OPENSEARCH_URL/_nodes/plugins?filter_path=nodes.*.modules.name")" || return 0
    for needed in analysis-common mapper-extras; do
        grep -q "\"$needed\"" <<<"$modules" \
            || die "$ROR_OPENSEARCH_URL lacks the OpenSearch module $needed (needed by the index mapping)"
    done
}

start() {
    if url_answers "$ROR_OPENSEARCH_URL"; then
        check_version
        check_modules
        log "OpenSearch already answers at $ROR_OPENSEARCH_URL"
        return 0
    fi
    fetch
    configure
    [ -d "$JAVA_HOME_17" ] || die "JDK 17 not found at $JAVA_HOME_17 (set ROR_JAVA_HOME)"
    log "starting OpenSearch $OPENSEARCH_VERSION on 127.0.0.1:${OPENSEARCH_PORT} (heap $OPENSEARCH_HEAP)"
    : >"$LOG_DIR/stdout.log"
    if is_root; then chown "$SERVICE_USER" "$LOG_DIR/stdout.log"; fi
    local run_as=()
    if is_root; then run_as=(runuser -u "$SERVICE_USER" --); fi
    start_detached "$PID_FILE" "$LOG_DIR/stdout.log" "${run_as[@]}" \
        env OPENSEARCH_JAVA_HOME="$JAVA_HOME_17" JAVA_HOME="$JAVA_HOME_17" \
        OPENSEARCH_JAVA_OPTS="-Xms${OPENSEARCH_HEAP} -Xmx${OPENSEARCH_HEAP}" \
        OPENSEARCH_PATH_CONF="$HOME_DIR/config" \
        "$HOME_DIR/bin/opensearch"
    if ! wait_for "OpenSearch" 180 health_ok; then
        tail -n 40 "$LOG_DIR/stdout.log" >&2 || true
        die "OpenSearch did not become ready (log: $LOG_DIR/stdout.log)"
    fi
    check_version
    check_modules
    log "OpenSearch ready at $ROR_OPENSEARCH_URL"
}

health_ok() {
    curl -fsS -m 2 "$ROR_OPENSEARCH_URL/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null
}

stop() {
    if pid_alive "$PID_FILE"; then
        local pid
        pid="$(cat "$PID_FILE")"
        log "stopping OpenSearch (process group $pid)"
        kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
        kill -KILL -- "-$pid" 2>/dev/null || true
    fi
    rm -f "$PID_FILE"
}

status() {
    if url_answers "$ROR_OPENSEARCH_URL"; then
        echo "opensearch: up at $ROR_OPENSEARCH_URL"
    else
        echo "opensearch: down ($ROR_OPENSEARCH_URL)"
        return 1
    fi
}

case "${1:-}" in
    fetch) fetch ;;
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) die "usage: $0 fetch|start|stop|status" ;;
esac
