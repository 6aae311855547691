#!/usr/bin/env bash
# Set up everything on a fresh machine (idempotent; fast when already done):
#   Debian chromium, a .venv with the pinned dev requirements and lite_client (editable),
#   node_modules from package-lock.json, and web/vendor/ (offline Pyodide + wheels, browser assets, model).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n== %s\n' "$*"; }

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  log "apt: chromium"
  if ! dpkg -s chromium >/dev/null 2>&1; then
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-dejavu-core
  else
    echo "chromium $(dpkg-query -W -f='${Version}' chromium) already installed"
  fi
elif ! command -v chromium >/dev/null; then
  echo "chromium is missing and this user cannot apt-get install it" >&2
  exit 1
fi

log "python venv (.venv)"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .

log "gradio 5.x venv (.venv-g5) for the 5.x compatibility tests"
[ -x .venv-g5/bin/python ] || python3 -m venv .venv-g5
.venv-g5/bin/python -m pip install -q --disable-pip-version-check -r requirements-gradio5.txt

log "npm ci (node_modules from package-lock.json)"
stamp="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ "$(cat node_modules/.lite-client-stamp 2>/dev/null)" != "$stamp" ]; then
  npm ci --ignore-scripts --no-audit --no-fund
  echo "$stamp" > node_modules/.lite-client-stamp
else
  echo "node_modules matches package-lock.json"
fi

log "web/vendor/pyodide (offline Pyodide + wheels + lite_client wheel)"
.venv/bin/python scripts/vendor_pyodide.py

if [ -f scripts/vendor_web.py ]; then
  log "web/vendor (browser assets and the offline model)"
  .venv/bin/python scripts/vendor_web.py
fi
log "setup done"
