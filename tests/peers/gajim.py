"""Stanzas as Gajim 1.7 sends them, for tests that need Gajim's exact form."""

from __future__ import annotations


def gajim_message(to: str, stanza_id: str, body: str, replaces: str = "") -> str:
    """A chat message in the form Gajim 1.7 sends it (origin-id, receipt request, chat
    marker; a correction carries XEP-0308's replace). Written from Gajim's stanzas, sent
    byte for byte over a real connection."""
    replace = (f'<replace xmlns="urn:xmpp:message-correct:0" id="{replaces}" />'
               if replaces else "")
    return (f'<message xmlns="jabber:client" to="{to}" type="chat" id="{stanza_id}">'
            f"<body>{body}</body>{replace}"
            f'<origin-id xmlns="urn:xmpp:sid:0" id="{stanza_id}" />'
            '<request xmlns="urn:xmpp:receipts" />'
            '<markable xmlns="urn:xmpp:chat-markers:0" /></message>')
