"""Where bundled files live: desktop/assets/ inside the package, so an installed wheel
(pipx, any venv) carries its sounds, translations and icon."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent / "assets"
SOUNDS = ROOT / "sounds"
I18N = ROOT / "i18n"
ICON = ROOT / "icons" / "deskline.svg"
