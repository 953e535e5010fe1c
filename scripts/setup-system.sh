#!/usr/bin/env bash
# Installs the system packages the test suite drives for real: Debian's Chromium (for the
# browser tests) and PostgreSQL (for the PostgreSQL store tests). Needs root and apt-get;
# elsewhere it says what is missing and the tests that need it skip.
set -u
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-system: not root or no apt-get; missing ${need[*]} (tests needing them skip)" >&2
  exit 0
fi
echo "setup-system: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
  || echo "setup-system: apt-get failed for ${need[*]} (tests needing them skip)" >&2
exit 0
