#!/usr/bin/env bash
# The end-to-end tests and the demo drive Debian's Chromium; the Firefox tests drive Debian's
# Firefox ESR. Install the ones named (default: both) when the machine lacks them.
#   bash scripts/ensure-browsers.sh [chromium] [firefox]
set -euo pipefail
wanted=("$@")
[ ${#wanted[@]} -eq 0 ] && wanted=(chromium firefox)

missing=()
for browser in "${wanted[@]}"; do
  case "$browser" in
    chromium)
      if { [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; } || [ -x /usr/bin/chromium ]; then continue; fi
      missing+=(chromium chromium-driver) ;;
    firefox)
      if { [ -n "${FIREFOX_PATH:-}" ] && [ -x "$FIREFOX_PATH" ]; } || [ -x /usr/bin/firefox-esr ] || [ -x /usr/bin/firefox ]; then continue; fi
      missing+=(firefox-esr) ;;
    *) echo "Unknown browser: $browser (chromium or firefox)" >&2; exit 2 ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing ${missing[*]} (Debian packages)…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "Missing: ${missing[*]}. Install them (sudo apt-get install ${missing[*]}), or set CHROMIUM_PATH / FIREFOX_PATH to the executables." >&2
exit 1
