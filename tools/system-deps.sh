#!/usr/bin/env bash
# Install the Debian packages the tests and PDFs use, when they are missing and we are root.
#   opensp        onsgmls, the reference SGML parser our engine is checked against
#   libxml2-utils xmllint, the reference XML DTD validator
#   chromium      the real browser for page and accessibility tests
#   fonts-dejavu-core  fonts for WeasyPrint PDFs
#   libpango-1.0-0 libpangoft2-1.0-0  WeasyPrint's text layout
#   postgresql    the production store; tests start a throwaway server from its binaries
#   gcc libc6-dev compiles the SGML engine's Cython modules at install (setup.py; without: pure Python)
set -u
quiet=0; [ "${1:-}" = "--quiet" ] && quiet=1
need=()
command -v onsgmls >/dev/null 2>&1 || need+=(opensp)
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -d /usr/share/fonts/truetype/dejavu ] || need+=(fonts-dejavu-core)
ldconfig -p 2>/dev/null | grep -q libpango-1.0 || need+=(libpango-1.0-0)
ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || need+=(libpangoft2-1.0-0)
command -v gcc >/dev/null 2>&1 || need+=(gcc libc6-dev)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 && id postgres >/dev/null 2>&1 || need+=(postgresql)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != "0" ]; then
  echo "system-deps: missing Debian packages: ${need[*]}" >&2
  echo "system-deps: run: sudo apt-get install ${need[*]}  (tests that need them are skipped)" >&2
  exit 1
fi
[ $quiet = 1 ] && echo "system-deps: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null 2>&1 || {
  echo "system-deps: apt-get install ${need[*]} failed; tests that need them are skipped" >&2; exit 1; }
