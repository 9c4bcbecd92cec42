"""Contacts: the roster and each contact's presence, as ContactInfo and Status."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slixmpp.exceptions import IqError, IqTimeout

from desktop.bus import ContactInfo, Status
from desktop.chat.xmpp.core import STATUS_OF, Feature, XmppWorker, log

# A contact signed in from several places shows the most available of them.
AVAILABILITY = (Status.ONLINE, Status.BUSY, Status.AWAY)


class Roster(Feature):
    def __init__(self, core: XmppWorker) -> None:
        super().__init__(core)
        # bare JID -> resource -> (status, text): presence is per resource in XMPP
        self._resources: dict[str, dict[str, tuple[Status, str]]] = {}

    def handlers(self) -> dict[str, Callable[[Any], Any]]:
        return {"roster_update": self._on_roster, "presence": self._on_presence}

    async def before_presence(self) -> None:
        self._resources.clear()  # the server sends everyone's presence again
        client = self.core.connected()
        if client is None:
            return
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
        jid, resource = presence["from"].bare, presence["from"].resource
        if jid == self.core.own_jid or not presence["from"].user:
            return  # a server or a service (the support desk), not a person
        places = self._resources.setdefault(jid, {})
        if kind == "unavailable":
            places.pop(resource, None)
        else:
            places[resource] = (STATUS_OF.get(presence["show"], Status.ONLINE),
                                str(presence["status"]))
        status, text = min(places.values(), key=lambda p: AVAILABILITY.index(p[0]),
                           default=(Status.OFFLINE, ""))
        self.core.tell(self.core.sink.on_presence, jid, status, text)
