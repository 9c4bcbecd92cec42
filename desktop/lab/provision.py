"""Creates the demo accounts on the lab chat server through the real protocol.

Each person registers in-band (XEP-0077), publishes a vCard, and adds the people they work
with to the roster; with everyone online at once, subscriptions become mutual.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from slixmpp import JID, ClientXMPP
from slixmpp.exceptions import IqError

from desktop.chat.vcard import to_vcard
from desktop.lab.accounts import DemoPerson
from desktop.values import PhoneNumber, Profile

log = logging.getLogger(__name__)

SUPPORT_ROLES = ("specialist", "colleague")


def contacts_of(person: DemoPerson, people: tuple[DemoPerson, ...]) -> list[DemoPerson]:
    """Support staff see everyone; a client sees the support staff."""
    return [p for p in people if p is not person
            and (person.role in SUPPORT_ROLES or p.role in SUPPORT_ROLES)]


def group_of(person: DemoPerson) -> str:
    return "Клиенты" if person.role == "client" else "Коллеги"


def profile_of(person: DemoPerson) -> Profile:
    # The company's people can be called in the app by their SIP address (on the lab PBX).
    sip = f"sip:{person.username}@127.0.0.1" if person.role != "client" else ""
    return Profile(first_name=person.first_name, patronymic=person.patronymic,
                   last_name=person.last_name, position=person.position,
                   company=person.company, email=person.email,
                   phones=tuple(PhoneNumber(ph.kind, ph.number) for ph in person.phones),
                   sip=sip)


class _Provisioner(ClientXMPP):
    def __init__(self, person: DemoPerson, domain: str, password: str, ca_file: Path,
                 people: tuple[DemoPerson, ...]) -> None:
        super().__init__(f"{person.username}@{domain}", password)
        self.person, self.domain, self.people = person, domain, people
        self.ca_certs = ca_file
        self.enable_direct_tls = False  # the lab speaks STARTTLS only: skip the failing try
        self.auto_authorize = True
        self.auto_subscribe = True
        for plugin in ("xep_0030", "xep_0004", "xep_0066", "xep_0077", "xep_0054"):
            self.register_plugin(plugin)
        self.plugin["xep_0077"].force_registration = True
        self.ready: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.add_event_handler("register", self._register)
        self.add_event_handler("session_start", self._session_start)
        self.add_event_handler("failed_auth", self._failed)

    async def _register(self, _form: Any) -> None:
        iq = self.Iq()
        iq["type"] = "set"
        iq["register"]["username"] = self.boundjid.user
        iq["register"]["password"] = self.password
        try:
            await iq.send(timeout=5)  # type: ignore[no-untyped-call]
        except IqError as exc:  # already there from an earlier run: log in instead
            log.info("registration of %s: %s", self.boundjid.bare, exc.condition)

    def _failed(self, _event: Any) -> None:
        if not self.ready.done():
            self.ready.set_exception(RuntimeError(f"login failed for {self.boundjid.bare}"))

    async def _session_start(self, _event: Any) -> None:
        await self.get_roster(timeout=5)
        self.send_presence()
        await self.plugin["xep_0054"].publish_vcard(to_vcard(profile_of(self.person)), timeout=5)
        for other in contacts_of(self.person, self.people):
            jid = f"{other.username}@{self.domain}"
            pending = self.update_roster(JID(jid), name=profile_of(other).full_name,
                                         groups=[group_of(other)], timeout=5)
            if pending is not None:
                await pending
            self.send_presence_subscription(pto=jid)
        if not self.ready.done():
            self.ready.set_result(None)

    def mutual(self) -> bool:
        roster = self.client_roster
        return all(roster[f"{o.username}@{self.domain}"]["subscription"] == "both"
                   for o in contacts_of(self.person, self.people))


async def provision(domain: str, port: int, ca_file: Path, passwords: dict[str, str],
                    people: tuple[DemoPerson, ...], timeout: float = 20.0) -> None:
    clients = [_Provisioner(p, domain, passwords[p.username], ca_file, people) for p in people]
    try:
        for c in clients:
            c.connect("127.0.0.1", port)
        async with asyncio.timeout(timeout):
            await asyncio.gather(*(c.ready for c in clients))
            while not all(c.mutual() for c in clients):
                await asyncio.sleep(0.02)
    finally:
        await asyncio.gather(*(c.disconnect(wait=1) for c in clients), return_exceptions=True)
