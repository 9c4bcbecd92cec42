"""What the desk says, as plain values: the service calls an Outbox; the XMPP component is
the Outbox that turns each call into a stanza. No XMPP types here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from supportdesk.protocol.appeals import Handed, Offer, Waiting
from supportdesk.texts import Said


@dataclass(frozen=True)
class Extras:
    """What travels with a relayed message besides its text."""

    receipt: bool = False  # XEP-0184: the sender asks to be told when it is delivered
    state: str = ""  # XEP-0085 chat state sent with the message ("active")
    reply_id: str = ""  # XEP-0461: the id of the quoted message …
    reply_to: str = ""  # … and its author, as the recipient knows them
    fallback: tuple[int, int] | None = None  # the quote's span in the body, for old clients
    replaces: str = ""  # XEP-0308: the id of the sender's message this one corrects
    oob: str = ""  # XEP-0066: the body is a file's link (shown inline by chat clients)


NO_EXTRAS = Extras()


class Outbox(Protocol):
    def message(self, sender: str, to: str, body: str, *, stanza_id: str = "",
                extras: Extras = NO_EXTRAS, nick: str = "",
                offer: Offer | None = None, handed: Handed | None = None,
                author: str = "", note: bool = False) -> None:
        """A chat message; `offer` adds the desk's offer element, `handed` the hand-over
        element (transfer, escalation, take, invitation); `author`, a colleague's words
        relayed from an appeal: who wrote them (named `nick`), so the app does not show
        them as the client's; `note`, those words are an internal note (the team's)."""

    def tell(self, sender: str, to: str, said: Said, *, rating_for: int = 0,
             element: tuple[str, dict[str, str]] | None = None) -> None:
        """The desk's own words to a client, in every language of `said`; `rating_for` adds
        the XEP-0004 rating form of that appeal; `element`, one of the desk's (name,
        attributes), e.g. a remote session's request."""

    def signal(self, sender: str, to: str, *, state: str = "", received: str = "") -> None:
        """A message without text: a chat state, or a delivery receipt for `received`."""

    def event(self, sender: str, to: str, name: str, attrs: dict[str, str]) -> None:
        """A desk event for the app (e.g. an offer withdrawn), in urn:deskline:desk:1."""

    def queue(self, staff: list[str], line: str, name: str, items: list[Waiting],
              more: int) -> None:
        """A line's queue as it is now (its oldest, and how many `more` wait), from the desk
        itself, for these of its staff to take from (written once for all of them)."""

    def end_remote(self, session: str) -> None:
        """The relay closes every leg of this remote session."""

    def to_code(self, session: str, name: str, attrs: dict[str, str]) -> None:
        """To the client side that answered this session by its one-time code (over the
        relay's code channel: it has no chat with the desk)."""

    def hello(self, to: str) -> None:
        """The desk's presence to a specialist: "tell me your status" after a (re)start."""
