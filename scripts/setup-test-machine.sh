#!/usr/bin/env bash
# What the tests need beyond npm: Debian's Chromium for the end-to-end suite and openssl
# for the interoperability tests. Playwright never downloads a browser here.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v openssl >/dev/null || need+=(openssl)
command -v unzip >/dev/null || need+=(unzip)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Please install as root: apt-get update && apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
echo "test machine ready: $(/usr/bin/chromium --version 2>/dev/null | head -1), $(openssl version)"
