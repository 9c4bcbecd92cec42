"""Where bundled files live: the checkout's resources/ folder, which an installed wheel
(pipx, any venv) carries as desktop/assets (setup.py maps it)."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
ROOT = next((p for p in (_PACKAGE / "assets", _PACKAGE.parent / "resources") if p.is_dir()),
            _PACKAGE / "assets")
SOUNDS = ROOT / "sounds"
I18N = ROOT / "i18n"
ICON = ROOT / "icons" / "deskline.svg"
