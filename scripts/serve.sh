#!/usr/bin/env bash
# Set up what a fresh machine needs and start msgcompare in production mode at http://127.0.0.1:5000:
# gunicorn with an embedded job worker and scheduler, the SQLite database and queue in instance/,
# the seed data loaded. HOST and PORT override the address; see README "Running in production".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
step() { printf '==> %s\n' "$*" >&2; }

# Chromium renders the chart images and the report's charts (never Playwright's own download).
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    step "Installing chromium and fonts with apt-get (chart images and report charts need them)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  else
    step "chromium is missing: chart images will answer 503 until you run 'sudo apt-get install -y chromium fonts-dejavu-core'"
  fi
fi

# Python packages: reinstalled only when pyproject.toml changed since the last install.
stamp=.venv/.installed-from
wanted="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ -x .venv/bin/msgcompare ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
  step "Python environment is up to date (.venv)"
  # The plotly.js bundle has inputs of its own (assets/): rebuilt only when they changed.
  bash scripts/build-assets.sh
else
  step "Installing Python packages into .venv (about a minute the first time)"
  source scripts/setup-env.sh
  echo "$wanted" > "$stamp"
fi

step "Migrating the database"
.venv/bin/msgcompare db upgrade
step "Loading the seed data (reviewed facts are kept)"
.venv/bin/msgcompare data load

# One machine: keep a key in instance/ (created 0600) so logins survive restarts. With several
# web servers, set MSGCOMPARE_SECRET_KEY yourself, the same on each.
if [ -z "${MSGCOMPARE_SECRET_KEY:-}" ]; then
  MSGCOMPARE_SECRET_KEY="$(.venv/bin/python -c 'from compare.settings import instance_secret_key; print(instance_secret_key())')"
  export MSGCOMPARE_SECRET_KEY
fi
step "Starting msgcompare at http://${HOST:-127.0.0.1}:${PORT:-5000}/ (Ctrl-C stops it)"
exec .venv/bin/msgcompare serve --host "${HOST:-127.0.0.1}" --port "${PORT:-5000}"
