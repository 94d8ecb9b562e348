#!/usr/bin/env bash
# Install what ror-search needs on a fresh Debian machine: system packages, the Python
# environment (.venv) and the OpenSearch distribution (cached under .cache/).
# Idempotent: a second run checks and returns quickly.
source "$(dirname "$0")/lib.sh"

apt_install curl ca-certificates unzip postgresql postgresql-15-postgis-3
# Headless Chromium for the page's end-to-end tests (Playwright drives it; no browser download).
apt_install chromium

# Python environment
stamp="$VENV/.installed"
if [ ! -x "$VENV/bin/python" ]; then
    log "creating $VENV"
    python3 -m venv "$VENV"
fi
if [ ! -f "$stamp" ] || [ "$ROOT/pyproject.toml" -nt "$stamp" ]; then
    log "installing Python dependencies"
    "$VENV/bin/pip" install -q --upgrade pip >/dev/null
    "$VENV/bin/pip" install -q -e "$ROOT[dev]"
    touch "$stamp"
fi

"$ROOT/scripts/opensearch.sh" fetch
