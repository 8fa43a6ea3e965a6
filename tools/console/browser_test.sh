#!/usr/bin/env bash
# Runs the console's browser test (browser_test.py) with selenium from a virtual
# environment of its own under .build/, creating it when missing. Chromium and
# chromium-driver come from Debian (.ci/run installs them). Arguments go to the test;
# VIGIL_REQUIRE_BROWSER=1 makes a missing browser a failure instead of a skip.
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=.build/console-venv
if ! "$VENV/bin/python" -c 'import selenium' 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q selenium
fi
exec "$VENV/bin/python" tools/console/browser_test.py "$@"
