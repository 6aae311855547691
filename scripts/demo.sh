#!/usr/bin/env bash
# Set everything up, then serve web/ on http://127.0.0.1:8000 (no token, no network needed).
# Extra arguments go to scripts/serve.py (e.g. --port 8080, --with-demo-servers).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -f scripts/serve.py ]; then
  exec .venv/bin/python scripts/serve.py "$@"
fi
echo "serving web/ on http://127.0.0.1:8000"
exec .venv/bin/python -m http.server 8000 --bind 127.0.0.1 --directory web
