#!/usr/bin/env bash
# Sets everything up, then runs Deskline. By default it starts the built-in local lab
# (demo PBX and chat server on 127.0.0.1) and signs in as the demo specialist.
# Without a display (a server, CI) it runs on a virtual one: see README.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/deskline "$@"
