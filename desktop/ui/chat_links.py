"""A message's words as the conversation shows them: escaped, with its web addresses and
e-mail addresses clickable (http, https and mailto only: nothing else a sender writes
becomes a link), a sentence's closing punctuation left outside the link."""

from __future__ import annotations

import html
import re

FOUND = re.compile(r"(?P<web>https?://[^\s<>\"']+)"
                   r"|(?P<mail>[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,})")
TRAILING = ".,;:!?)»”'"  # ends a sentence, not the address


def linked(text: str) -> str:
    """`text` as HTML: escaped, line breaks kept, its addresses as links."""
    out, at = [], 0
    for found in FOUND.finditer(text):
        address = found.group().rstrip(TRAILING)
        end = found.start() + len(address)
        out.append(html.escape(text[at:found.start()]))
        href = address if found.group("web") else f"mailto:{address}"
        out.append(f'<a href="{html.escape(href, quote=True)}">{html.escape(address)}</a>')
        at = end
    out.append(html.escape(text[at:]))
    return "".join(out).replace("\n", "<br>")
