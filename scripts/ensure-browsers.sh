#!/usr/bin/env bash
# The end-to-end tests and the demo drive Debian's Chromium. Install it when the machine lacks it.
set -euo pipefail
if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then exit 0; fi
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Chromium (Debian packages chromium and chromium-driver)…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  exit 0
fi
echo "Chromium is missing. Install it (sudo apt-get install chromium) or set CHROMIUM_PATH to a Chromium executable." >&2
exit 1
