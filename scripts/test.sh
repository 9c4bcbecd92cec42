#!/usr/bin/env bash
# Sets everything up, then runs the linters and the whole test suite. Extra arguments go to
# pytest. The suite starts its own Xvfb, D-Bus, keyring, PulseAudio and lab servers.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/ruff check desktop supportdesk tests bench
.venv/bin/mypy
exec .venv/bin/pytest "$@"
