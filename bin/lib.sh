# Shared by bin/run and bin/test: find the project, make the virtual
# environment and install what the project needs. Sourced, not run.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${COOP_VENV:-$ROOT/.venv}
PY=$VENV/bin/python
VAR=$ROOT/var
SAO_VERSION='>=8.0 <8.1'

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# The Tryton modules of the project, in dependency order of the folders
coop_modules() {
    local dir
    for dir in "$ROOT"/addons/*/; do
        [ -f "$dir/tryton.cfg" ] && basename "$dir"
    done
}

# Install the project (editable) with its extras into the virtual
# environment; pip only works when pyproject.toml changed since last time.
ensure_venv() {
    local extras=${1:-}
    if [ ! -x "$PY" ]; then
        log "Creating the virtual environment in ${VENV#$ROOT/}"
        python3 -m venv "$VENV"
        "$PY" -m pip install --quiet --upgrade pip
    fi
    local stamp="$VENV/.coop-installed${extras:+-$extras}"
    if [ ! -f "$stamp" ] || [ "$ROOT/pyproject.toml" -nt "$stamp" ]; then
        log "Installing the project and Tryton 8.0${extras:+ (with $extras)}"
        "$PY" -m pip install --quiet --editable "$ROOT${extras:+[$extras]}"
        touch "$stamp"
    fi
}

# The web client sao 8.0 from npm, as its README says: pack, unpack and
# install its runtime dependencies inside its folder.
ensure_sao() {
    local dir=$VAR/sao
    if [ -f "$dir/package/index.html" ] && [ -d "$dir/package/node_modules" ]; then
        return
    fi
    log "Installing the web client tryton-sao 8.0 from npm"
    rm -rf "$dir"
    mkdir -p "$dir"
    (cd "$dir" \
        && npm pack --silent "tryton-sao@$SAO_VERSION" >/dev/null \
        && tar xzf tryton-sao-*.tgz \
        && rm tryton-sao-*.tgz \
        && cd package \
        && npm install --omit=dev --legacy-peer-deps --no-audit --no-fund \
            --loglevel=error >/dev/null)
}

# The portal's front-end packages from npm, at set-up time, into var/portal
# (served by the portal's static route, never copied into the repository);
# trytond finds them through [coop_portal] assets.
HTMX_VERSION='2.0.4'
ensure_portal_assets() {
    local dir=$VAR/portal
    export TRYTOND_COOP_PORTAL__ASSETS=$dir
    if [ -f "$dir/htmx.min.js" ]; then
        return
    fi
    log "Installing htmx.org $HTMX_VERSION from npm for the portal"
    mkdir -p "$dir"
    local tmp
    tmp=$(mktemp -d)
    (cd "$tmp" \
        && npm pack --silent "htmx.org@$HTMX_VERSION" >/dev/null \
        && tar xzf htmx.org-*.tgz \
        && cp package/dist/htmx.min.js "$dir/htmx.min.js")
    rm -rf "$tmp"
}
