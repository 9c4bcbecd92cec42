"""Cards: our own and our contacts' vCards (XEP-0054) with photos (XEP-0153 hash in
presence, XEP-0084 avatars for newer clients), and publishing ours.

A small roster's cards are fetched at once; a big one's as the contacts come into view
(want()), the rest trickling in afterwards, so a 1,000-contact roster does not cost 1,000
requests at sign-in.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable
from typing import Any

from slixmpp import JID
from slixmpp.exceptions import IqError, IqTimeout

from desktop.chat.photo import network_photo
from desktop.chat.vcard import from_vcard, to_vcard
from desktop.chat.xmpp.core import Feature, XmppWorker, log
from desktop.values import Profile, ProfileProblem

EAGER_PROFILES = 50
TRICKLE_AFTER_S = 5.0
TRICKLE_PER_S = 10


class Profiles(Feature):
    plugins = ("xep_0054", "xep_0153", "xep_0084", "xep_0115")  # caps: PEP +notify

    def __init__(self, core: XmppWorker) -> None:
        super().__init__(core)
        self._asked: set[str] = set()
        self._later: list[str] = []  # not asked yet, for the trickle
        self._trickle: asyncio.TimerHandle | None = None
        self._photo_hashes: dict[str, str] = {}

    def handlers(self) -> dict[str, Callable[[Any], Any]]:
        return {"roster_update": self._on_roster,
                "vcard_avatar_update": self._on_avatar_update,
                "avatar_metadata_publish": self._on_avatar_metadata}

    def session_started(self) -> None:
        self.core.spawn(self._fetch_own())

    # --- GUI thread ------------------------------------------------------------------------
    def want(self, jids: list[str]) -> None:
        """The cards of these contacts are wanted now (they came into view)."""
        self.core.soon(self._ask, jids)

    def publish(self, profile: Profile) -> None:
        """Saves our card and photo; answered by sink.on_profile_published."""
        self.core.soon(lambda: self.core.spawn(self._publish(profile)))

    # --- protocol thread -------------------------------------------------------------------
    async def _fetch_own(self) -> None:
        client = self.core.connected()
        if client is None:
            return
        try:
            iq = await client.plugin["xep_0054"].get_vcard(JID(self.core.own_jid), timeout=10)
        except (IqError, IqTimeout) as exc:
            log.warning("own profile not loaded: %s", exc)
            return
        self.core.tell(self.core.sink.on_own_profile, await checked(iq["vcard_temp"]))

    def _on_roster(self, _iq: Any) -> None:
        assert self.core.client is not None
        own = self.core.own_jid
        jids = [str(jid) for jid in self.core.client.client_roster if str(jid) != own]
        unasked = [jid for jid in jids if jid not in self._asked]
        if len(jids) <= EAGER_PROFILES:
            self._ask(unasked)
            return
        self._later = unasked
        if self._trickle is None:
            self._trickle = self.core.loop.call_later(TRICKLE_AFTER_S, self._trickle_in)

    def _ask(self, jids: list[str]) -> None:
        for jid in jids:
            if jid not in self._asked:
                self._asked.add(jid)
                self.core.spawn(self._fetch(jid))

    def _trickle_in(self) -> None:
        self._trickle = None
        batch, self._later = self._later[:TRICKLE_PER_S], self._later[TRICKLE_PER_S:]
        self._ask(batch)
        if self._later:
            self._trickle = self.core.loop.call_later(1.0, self._trickle_in)

    async def _fetch(self, jid: str) -> None:
        client = self.core.connected()
        if client is None:
            return
        try:
            iq = await client.plugin["xep_0054"].get_vcard(JID(jid), timeout=10)
        except (IqError, IqTimeout) as exc:
            log.info("no profile for %s: %s", jid, exc)
            return
        self.core.tell(self.core.sink.on_profile, jid, await checked(iq["vcard_temp"]))

    def _on_avatar_update(self, presence: Any) -> None:
        """A contact's photo hash changed (XEP-0153): fetch their vCard again."""
        self._photo_changed(presence["from"].bare,
                            str(presence["vcard_temp_update"]["photo"]))

    def _on_avatar_metadata(self, msg: Any) -> None:
        """A contact published a photo the XEP-0084 way (newer clients, e.g. Gajim, send no
        new presence hash): the server's vCard shows it too, so fetch that again."""
        item = msg["pubsub_event"]["items"]["item"]
        self._photo_changed(msg["from"].bare, str(item["id"]))  # the id is the photo's hash

    def _photo_changed(self, jid: str, photo: str) -> None:
        if jid == self.core.own_jid or self._photo_hashes.get(jid) == photo:
            return
        self._photo_hashes[jid] = photo
        if jid in self._asked:  # a card we have (or asked for) changed
            self.core.spawn(self._fetch(jid))

    async def _publish(self, profile: Profile) -> None:
        client = self.core.connected()
        if client is None:
            self.core.tell(self.core.sink.on_profile_published, ProfileProblem.NOT_CONNECTED)
            return
        try:
            await client.plugin["xep_0054"].publish_vcard(to_vcard(profile), timeout=10)
            if profile.photo:  # XEP-0084 for newer clients; the vCard PHOTO for the rest
                avatar = client.plugin["xep_0084"]
                await avatar.publish_avatar(profile.photo, timeout=10)
                # Numbers as strings: slixmpp 1.17 writes ints it is given into XML badly
                # (DESIGN.md section 3), whatever its type hints say.
                meta: Any = {"id": avatar.generate_id(profile.photo), "type": "image/png",
                             "bytes": str(len(profile.photo)), "width": "256", "height": "256"}
                await avatar.publish_avatar_metadata([meta], timeout=10)
            await client.plugin["xep_0153"].api["reset_hash"](  # type: ignore[call-arg]
                client.boundjid)
            self.core.send_presence()  # with the new photo hash: contacts fetch the new card
        except (IqError, IqTimeout) as exc:
            log.warning("profile not published: %s", exc)
            self.core.tell(self.core.sink.on_profile_published, ProfileProblem.SERVER_REFUSED)
            return
        self.core.tell(self.core.sink.on_own_profile, profile)
        self.core.tell(self.core.sink.on_profile_published, None)


async def checked(vcard: Any) -> Profile:
    """The card with its photo made safe to show (bounded, scaled), decoded in a worker
    thread once per card, so no presence or repaint ever decodes a network photo."""
    profile = from_vcard(vcard)
    if profile.photo:
        photo = await asyncio.to_thread(network_photo, profile.photo)
        profile = dataclasses.replace(profile, photo=photo)
    return profile
