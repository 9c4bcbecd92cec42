#!/usr/bin/env bash
# Sets everything up, then runs the linters and the whole test suite. Extra arguments go to
# pytest. The suite starts its own Xvfb, D-Bus, keyring, PulseAudio and lab servers.
#
#   scripts/test.sh --under-load [pytest args]   the end-to-end and xdotool tests, with
#       every core kept busy by stress-ng, $UNDER_LOAD_RUNS times in a row (3): as on a
#       shared CI machine. It stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if [ "${1:-}" = "--under-load" ]; then
  shift
  END_TO_END=(
    tests/test_appeals_end_to_end.py tests/test_day_end_to_end.py tests/test_end_to_end.py
    tests/test_appeals.py tests/test_appeals_ui.py tests/test_appeals_workspace.py
    tests/test_line_calls.py tests/test_desktop_integration.py tests/test_button_walk.py
    tests/test_call_ui.py tests/test_tray_notifications.py tests/test_auto_away.py
    tests/test_hotkeys.py tests/test_linphone.py tests/test_profanity.py
    tests/test_remote_app.py tests/test_remote_client_app.py tests/test_remote_assist.py
    tests/test_remote_view.py tests/test_desk_remote.py tests/test_desk_standby.py
    tests/test_desk_faults.py tests/test_language_switch.py tests/test_files.py
    tests/test_scale.py tests/test_partner_return.py tests/test_partner_return_app.py
  )
  runs=${UNDER_LOAD_RUNS:-3}
  stress-ng --cpu "$(nproc)" --timeout 3h --quiet &
  load=$!
  trap 'kill "$load" 2>/dev/null; wait "$load" 2>/dev/null || true' EXIT
  for n in $(seq "$runs"); do
    echo "under load ($(nproc) cores busy): run $n of $runs"
    .venv/bin/pytest "${END_TO_END[@]}" "$@"
  done
  exit 0
fi
.venv/bin/ruff check desktop supportdesk tests bench
.venv/bin/mypy
exec .venv/bin/pytest "$@"
