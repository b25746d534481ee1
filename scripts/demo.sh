#!/usr/bin/env bash
# The demo: installs what is missing (no browser needed), builds pkg/, then serves the
# dashboard (www/) next to the local sandbox API until Ctrl+C.
# Usage: scripts/demo.sh [--port 8080] [--sandbox-port 8787] [--merge-nested replace|merge] [--quiet]
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/setup.sh" --no-browser
"$ROOT/scripts/build.sh"
exec node "$ROOT/scripts/serve-demo.mjs" "$@"
