#!/bin/sh
# Collects the interface strings into resources/i18n/*.ts (keeping the translations made in
# them, e.g. with pyside6-linguist) and compiles the .qm files the app loads.
set -eu
cd "$(dirname "$0")/.."
for ts in resources/i18n/deskline_*.ts; do
    .venv/bin/pyside6-lupdate -no-obsolete $(find desktop -name '*.py' | sort) -ts "$ts"
    .venv/bin/pyside6-lrelease "$ts" -qm "${ts%.ts}.qm"
done
