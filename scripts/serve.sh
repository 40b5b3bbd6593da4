#!/usr/bin/env bash
# Set up everything on a fresh machine and serve msgcompare at http://127.0.0.1:5000
# on the embedded SQLite database (instance/msgcompare.sqlite3) with the seed data.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup-env.sh
.venv/bin/msgcompare db upgrade
.venv/bin/msgcompare data load
exec .venv/bin/msgcompare run --host "${HOST:-127.0.0.1}" --port "${PORT:-5000}"
