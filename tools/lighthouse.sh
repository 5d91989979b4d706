#!/usr/bin/env bash
# Install Lighthouse (npm package `lighthouse`) outside the repository, for the reader's-site measures
# (tests/reader/test_lighthouse.py skips, saying why, until it is installed).
#   bash tools/lighthouse.sh            # installs into $LIGHTHOUSE_HOME (default ~/.cache/scielo-pub/lighthouse)
# The tests find it there, or wherever the LIGHTHOUSE variable points; they drive Debian chromium
# (CHROME_PATH=/usr/bin/chromium, --headless=new --no-sandbox).
set -euo pipefail
home="${LIGHTHOUSE_HOME:-$HOME/.cache/scielo-pub/lighthouse}"
mkdir -p "$home"
cd "$home"
[ -f package.json ] || npm init -y >/dev/null
npm install --no-audit --no-fund "lighthouse@12"
echo "$home/node_modules/.bin/lighthouse"
