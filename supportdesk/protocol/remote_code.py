"""What travels on the relay's code channel (supportdesk/remote/code_channel.py) both
ways: JSON text, one object with one key, its value an object of short texts. Read the
same way by the relay and by `deskline assist` (desktop/remote/code_link.py)."""

from __future__ import annotations

import json

MAX_TEXT = 4096  # bytes of one thing said


def read_said(text: object) -> tuple[str, dict[str, str]] | None:
    """(name, attributes) of one thing said; None for anything else. A bare text value
    is its own attribute ({"code": "1234 5678"}); booleans read as "true"/"false"."""
    if not isinstance(text, str) or len(text) > MAX_TEXT:
        return None
    try:
        found = json.loads(text)
    except ValueError:
        return None
    if not isinstance(found, dict) or len(found) != 1:
        return None
    ((name, value),) = found.items()
    if isinstance(value, str):
        value = {name: value}
    if not isinstance(value, dict):
        return None
    return str(name)[:32], {str(k)[:32]: _text(v) for k, v in list(value.items())[:8]
                            if isinstance(v, str | bool | int)}


def _text(value: str | bool | int) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)[:256]
