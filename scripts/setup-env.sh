#!/usr/bin/env bash
# Create .venv (if missing) and install msgcompare into it. Sourced by serve.sh and test.sh.
# EXTRAS="dev" installs the test tools too.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
if [ -n "${EXTRAS:-}" ]; then
  .venv/bin/python -m pip install --quiet -e ".[${EXTRAS}]"
else
  .venv/bin/python -m pip install --quiet -e .
fi
# Dutch catalogue: the .mo files are build output, compiled from the reviewed .po files.
if [ -d translations ]; then
  .venv/bin/pybabel compile -d translations >/dev/null
fi
# The slim plotly.js bundle the pages load: built from the npm registry's plotly.js (pinned).
bash scripts/build-assets.sh
