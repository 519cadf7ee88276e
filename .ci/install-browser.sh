#!/usr/bin/env bash
# Install what tests/test_explorer_browser.py needs: Debian's `chromium` (headless, /usr/bin/chromium)
# and Playwright for Python in .venv, which drives that system Chromium. Also Graphviz for
# `kg explore --png/--svg` (tests/test_explore.py) and a font so screenshots have text.
#
# Never runs `playwright install`: no browser is downloaded, Playwright launches /usr/bin/chromium.
# Non-interactive and idempotent: what is already there is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="${VENV:-.venv}"
PLAYWRIGHT_SPEC="${PLAYWRIGHT_SPEC:-playwright~=1.65}"  # keep in step with pyproject's test extra

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)

if [ "${#missing[@]}" -gt 0 ]; then
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "install-browser: apt-get not found; install ${missing[*]} by hand" >&2
        exit 1
    fi
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
    echo "install-browser: installed ${missing[*]}"
else
    echo "install-browser: chromium, graphviz and fonts already installed"
fi
/usr/bin/chromium --version 2>/dev/null || { echo "install-browser: /usr/bin/chromium missing after install" >&2; exit 1; }

if [ ! -x "$VENV/bin/python" ]; then
    echo "install-browser: no virtualenv at $VENV (run \`make install\` first)" >&2
    exit 1
fi
if "$VENV/bin/python" -c "import playwright.sync_api" 2>/dev/null; then
    echo "install-browser: playwright $("$VENV/bin/python" -c 'from importlib.metadata import version; print(version("playwright"))') already in $VENV"
else
    "$VENV/bin/pip" install --quiet "$PLAYWRIGHT_SPEC"
    echo "install-browser: installed $PLAYWRIGHT_SPEC into $VENV"
fi
