#!/usr/bin/env sh
# Browser tests drive Debian's chromium (Playwright cannot download its own browsers on an isolated network).
# Install it when missing and we are allowed to (root with apt-get); otherwise say how.
set -eu
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the browser tests..."
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
    echo "Browser tests need chromium at $CHROMIUM: run 'sudo apt-get install chromium' (they are skipped until then)." >&2
fi
