#!/usr/bin/env bash
# Set up everything on a fresh machine and run every check: lint, types, import contracts and
# the whole pytest suite (SQLite and the PostgreSQL server at 127.0.0.1:5432, real HTTP servers,
# real Chromium). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# System packages the browser tests need (Debian's chromium; never Playwright's download).
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  else
    echo "chromium is missing: run 'sudo apt-get install -y chromium fonts-dejavu-core'" >&2
    exit 1
  fi
fi
# The PostgreSQL tests need the local server; start it if this machine has it but it is down.
if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  fi
fi

EXTRAS=dev source scripts/setup-env.sh
.venv/bin/ruff check .
.venv/bin/mypy
.venv/bin/lint-imports
# One worker per core (pytest-xdist); a test file stays on one worker, so module fixtures (a
# Playwright driver, a seeded database) are made once. Each worker has its own server ports,
# temporary folders and PostgreSQL databases. PYTEST_WORKERS=0 runs in one process.
.venv/bin/pytest -n "${PYTEST_WORKERS:-auto}" --dist loadfile "$@"
