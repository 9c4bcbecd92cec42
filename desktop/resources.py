"""Where bundled files live: resources/ beside the package (the project's layout)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "resources"
SOUNDS = ROOT / "sounds"
I18N = ROOT / "i18n"
