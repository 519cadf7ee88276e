#!/usr/bin/env bash
# Install OpenLink Virtuoso (Debian/Ubuntu package `virtuoso-opensource`) for tests/test_virtuoso.py.
#
# Non-interactive; does nothing when `virtuoso-t` is already on PATH. The tests start their own
# virtuoso-t instance (temporary database, free 127.0.0.1 ports) and never use the system service.
#
# The package asks for a DBA password. VIRTUOSO_DBA_PASSWORD, when set, is preseeded; otherwise it
# is left blank, which makes the package keep its system daemon disabled (what CI wants).
set -euo pipefail

if command -v virtuoso-t >/dev/null 2>&1; then
    echo "install-virtuoso: $(command -v virtuoso-t) already installed; nothing to do"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-virtuoso: apt-get not found; install Virtuoso Open Source 7 by hand" >&2
    exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
password="${VIRTUOSO_DBA_PASSWORD:-}"
# Several Ubuntu/Debian releases name the versioned package differently; preseed all we know.
for package in virtuoso-opensource-7 virtuoso-opensource-6.1; do
    printf '%s\n' \
        "$package $package/dba-password password $password" \
        "$package $package/dba-password-again password $password" \
        | $SUDO debconf-set-selections
done

$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends virtuoso-opensource

command -v virtuoso-t >/dev/null 2>&1 || { echo "install-virtuoso: virtuoso-t missing after install" >&2; exit 1; }
echo "install-virtuoso: installed $(virtuoso-t -? 2>&1 | head -n 2 | tr '\n' ' ')"
