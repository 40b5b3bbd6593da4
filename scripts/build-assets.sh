#!/usr/bin/env bash
# Build assets/dist/ — the slim plotly.js bundle and its .gz/.br variants — with npm, unless it
# is already built from the same inputs. Called by setup-env.sh; see
# docs/decisions/0007-slim-plotly-built-at-set-up.md for why it is built here and not committed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../assets"
stamp="$(cat package.json package-lock.json build.mjs plotly-entry.cjs | sha256sum | cut -c1-16)"
if [ -f dist/manifest.json ] && [ "$(cat dist/.stamp 2>/dev/null || true)" = "$stamp" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  else
    echo "npm is missing: run 'sudo apt-get install -y nodejs npm' (it builds the plotly.js bundle)" >&2
    exit 1
  fi
fi
# The lock file pins every package and its checksum; no install scripts run (esbuild's binary
# comes in its platform package).
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
node build.mjs
echo "$stamp" > dist/.stamp
