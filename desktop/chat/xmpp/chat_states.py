"""Typing (XEP-0085 chat states), both ways."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slixmpp import JID

from desktop.chat.xmpp.core import Feature


class ChatStates(Feature):
    plugins = ("xep_0085",)

    def handlers(self) -> dict[str, Callable[[Any], Any]]:
        return {"chatstate": self._on_chat_state}

    def send(self, peer: str, typing: bool) -> None:
        """From the GUI thread: we are typing to `peer`, or stopped."""
        self.core.soon(self._send, peer, typing)

    def _send(self, peer: str, typing: bool) -> None:
        client = self.core.connected()
        if client is not None:
            msg = client.make_message(mto=JID(peer), mtype="chat")
            msg["chat_state"] = "composing" if typing else "paused"
            msg["no-store"] = True
            msg.send()

    def _on_chat_state(self, msg: Any) -> None:
        self.core.tell(self.core.sink.on_typing, msg["from"].bare,
                       msg["chat_state"] == "composing")
