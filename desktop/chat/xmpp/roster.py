"""Contacts: the roster and each contact's presence, as ContactInfo and Status."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slixmpp.exceptions import IqError, IqTimeout

from desktop.bus import ContactInfo, Status
from desktop.chat.xmpp.core import STATUS_OF, Feature, log


class Roster(Feature):
    def handlers(self) -> dict[str, Callable[[Any], Any]]:
        return {"roster_update": self._on_roster, "presence": self._on_presence}

    def session_started(self) -> None:
        client = self.core.connected()
        if client is not None:
            self.core.spawn(self._get_roster(client))

    async def _get_roster(self, client: Any) -> None:
        try:
            await client.get_roster(timeout=10)  # answered through roster_update
        except (IqError, IqTimeout) as exc:
            log.warning("no roster: %s", exc)

    def _on_roster(self, _iq: Any) -> None:
        assert self.core.client is not None
        roster = self.core.client.client_roster
        own = self.core.own_jid
        contacts = [ContactInfo(str(jid), roster[jid]["name"] or str(jid), Status.OFFLINE,
                                groups=tuple(roster[jid]["groups"]))
                    for jid in roster if str(jid) != own]
        self.core.tell(self.core.sink.on_contacts, contacts)

    def _on_presence(self, presence: Any) -> None:
        kind = presence["type"]
        if kind not in ("available", "unavailable", "dnd", "away", "xa", "chat"):
            return  # subscriptions and errors are not a status
        jid = presence["from"].bare
        if jid == self.core.own_jid:
            return
        status = (Status.OFFLINE if kind == "unavailable"
                  else STATUS_OF.get(presence["show"], Status.ONLINE))
        self.core.tell(self.core.sink.on_presence, jid, status, str(presence["status"]))
