# Idempotent setup steps, sourced by ./dev. Each step records a stamp of its inputs in
# .setup-stamps/ and is skipped while the stamp still matches.

STAMPS=.setup-stamps
mkdir -p "$STAMPS"

_stamp_ok() {  # _stamp_ok NAME HASH -> true when the step already ran with these inputs
  [ -f "$STAMPS/$1" ] && [ "$(cat "$STAMPS/$1")" = "$2" ]
}

_as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# Debian packages the tests need: the browsers (Playwright cannot download its own here), PostgreSQL,
# and wrk (the service benchmark, bench/service, and its smoke test).
setup_system_packages() {
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v firefox-esr >/dev/null || missing+=(firefox-esr)
  command -v wrk >/dev/null || missing+=(wrk)
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then missing+=(postgresql); fi
  if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]} from Debian (once, about a minute)"
    _as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive _as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

setup_python() {
  local hash
  hash=$(cat pyproject.toml | sha256sum | cut -c1-16)
  if [ ! -x .venv/bin/python ]; then
    echo "setup: creating .venv"
    python3 -m venv .venv
  fi
  if ! _stamp_ok python "$hash"; then
    echo "setup: installing Python packages"
    .venv/bin/pip install -q --upgrade pip
    .venv/bin/pip install -q -e ".[dev]"
    echo "$hash" > "$STAMPS/python"
  fi
}

setup_node() {
  local hash
  hash=$(cat package.json package-lock.json | sha256sum | cut -c1-16)
  if [ ! -d node_modules ] || ! _stamp_ok node "$hash"; then
    echo "setup: installing npm packages"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$hash" > "$STAMPS/node"
  fi
}
