"""The server's archive (MAM, XEP-0313): a conversation's history, page by page."""

from __future__ import annotations

import time

from slixmpp import JID
from slixmpp.exceptions import IqError, IqTimeout

from desktop.bus import ChatMessage
from desktop.chat.xmpp.core import Feature, log
from desktop.chat.xmpp.desk import author_of, carries_card, is_note
from desktop.chat.xmpp.messages import content, corrected


class Archive(Feature):
    plugins = ("xep_0059", "xep_0313")

    def fetch(self, peer: str, before_id: str, count: int) -> None:
        """The `count` messages before the archive id `before_id` ("" for the newest);
        answered by sink.on_history. From the GUI thread."""
        self.core.soon(lambda: self.core.spawn(self._fetch(peer, before_id, count)))

    async def _fetch(self, peer: str, before_id: str, count: int) -> None:
        client = self.core.connected()
        if client is None:
            return
        mam = client.plugin["xep_0313"]
        try:
            if before_id:  # an older page: archive ids page exactly (stamps are whole seconds)
                iq = await mam.retrieve(with_jid=JID(peer), rsm={"before": before_id,
                                                                  "max": count}, timeout=10)
                results = list(iq["mam"]["results"])
            else:  # the newest page: slixmpp's reverse iterator asks for the last one
                results = [r async for r in mam.iterate(with_jid=JID(peer), reverse=True,
                                                        rsm={"max": count}, total=count)]
                results.reverse()  # it answers newest first
        except (IqError, IqTimeout) as exc:
            log.info("no archive for %s: %s", peer, exc)
            return
        own = self.core.own_jid
        found: list[ChatMessage] = []
        for result in results:  # oldest first
            forwarded = result["mam_result"]["forwarded"]
            msg, stamp = forwarded["stanza"], forwarded["delay"]["stamp"]
            if msg["body"] and not carries_card(msg.xml):
                stanza_id = msg["origin_id"]["id"] or msg["id"] or result["mam_result"]["id"]
                reply_to, quote, body = content(msg)
                found.append(ChatMessage(str(stanza_id), peer, msg["from"].bare == own, body,
                                         stamp.timestamp() if stamp else time.time(),
                                         reply_to=reply_to, quote=quote,
                                         corrects=corrected(msg),
                                         author=author_of(msg, own),
                                         note=is_note(msg, own)))
        oldest = str(results[0]["mam_result"]["id"]) if results else before_id
        self.core.tell(self.core.sink.on_history, peer, found, oldest)
