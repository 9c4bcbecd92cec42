#!/usr/bin/env bash
# Sets everything up, then runs Deskline. By default it starts the built-in local lab
# (demo PBX, chat server and support desk on 127.0.0.1) and signs in as the demo specialist.
# Without a display (a server, CI) it runs on a virtual one: see README.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# --demo: the lab's clients write appeals now and then (desktop/lab/demo.py).
exec .venv/bin/deskline --demo "$@"
