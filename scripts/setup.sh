#!/usr/bin/env bash
# Installs everything Deskline needs on Debian 12: system packages (apt, as root or through
# sudo) and the Python environment at .venv. Safe to run again: it only adds what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  python3 python3-venv python3-dev
  # the local lab
  kamailio kamailio-tls-modules kamailio-utils-modules prosody lua-dbi-sqlite3 lua-unbound
  openssl
  # the desk's other store (tests start a private cluster) and the other XMPP server
  postgresql ejabberd
  # Qt's X11 platform plugin
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0
  libegl1 libgl1 libfontconfig1 libdbus-1-3 fonts-dejavu-core
  # emoji in colour in the chat (and the picker beside the reply box)
  fonts-noto-color-emoji
  # audio and the headset
  libportaudio2 libasound2-plugins pulseaudio pulseaudio-utils sox libhidapi-hidraw0
  # the other client bench/calls.py compares with
  baresip-core
  # a client's XMPP client that is not slixmpp (tests/test_profanity.py), typed into in tmux
  profanity tmux
  # a client's phone that is not pjsip (tests/test_linphone.py)
  linphone-cli
  # LibreOffice without a display: a test opens the reports' XLSX export with it
  libreoffice-calc-nogui
  # keyring, display and tools the tests drive the app with
  dbus gnome-keyring xvfb x11-xkb-utils xdotool x11-utils imagemagick util-linux dunst trayer openbox
  # the desktop integration: launcher entries checked, URL handlers registered and opened
  desktop-file-utils xdg-utils
  # the team's time zone of the desk's reports and monitor (desk.toml time_zone)
  tzdata
  # remote assistance: the client's screen shared (x11vnc); the viewer bench/remote.py
  # compares with (TigerVNC); the client's clipboard read and set in a test (xclip)
  x11vnc tigervnc-viewer xclip
  # both cores kept busy for the under-load check of the end-to-end tests (README)
  stress-ng
  # spelling in the reply box: Enchant with Russian and English Hunspell dictionaries
  libenchant-2-2 hunspell-ru hunspell-en-us
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

# The Python environment, on Debian's own Python (a python3 earlier in PATH, e.g. pyenv's
# under root's home, is one a normal user cannot run); pip runs again only when
# pyproject.toml changed.
python=/usr/bin/python3
stamp=.venv/.deskline-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ -x .venv/bin/python ] && ! grep -qx "home = $(dirname "$python")" .venv/pyvenv.cfg; then
  echo "setup: .venv was made by another Python; making it anew with $python"
  rm -rf .venv
fi
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[test]'
  echo "$want" > "$stamp"
fi
