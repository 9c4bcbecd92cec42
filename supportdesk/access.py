"""Who may do what to an open appeal, and in which of its states: one table, asked before
an action changes anything (DESIGN §8). A person's roles on an appeal come from the desk's
record of it: the router's offer, its holder, the invited, the people of its line."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from supportdesk.protocol import handover
from supportdesk.texts import Said


class ActionError(Exception):
    """An action refused: `condition` is the XMPP error condition, `text` says why (to the
    app, which words it from the condition); `said`, to a client: in their line's language
    with English alongside."""

    def __init__(self, condition: str, text: str, said: Said | None = None,
                 reason: str = "") -> None:
        super().__init__(text)
        self.condition = condition
        self.text = text
        self.said = said
        self.reason = reason  # a hand-over's refusal: why (protocol/handover.py REASONS)


class Phase(enum.Enum):
    QUEUED = "queued"  # waiting on its line (or, a call, between two phones)
    OFFERED = "offered"  # offered to one specialist (a chat) or ringing their phone (a call)
    IN_WORK = "in_work"


class Role(enum.Enum):
    OFFEREE = "offeree"  # the open offer is theirs
    HOLDER = "holder"  # in their work
    PARTICIPANT = "participant"  # invited by the holder, or a senior who joined
    LINE_SENIOR = "line_senior"
    LINE_STAFF = "line_staff"


@dataclass(frozen=True)
class Rule:
    roles: frozenset[Role]  # who does it …
    phases: frozenset[Phase]  # … in which states
    # Another role on the appeal that gets "not now" with a reason instead of "not yours".
    near: frozenset[Role] = frozenset()
    near_text: str = ""
    too_early: tuple[str, str] = ("not-allowed", "The appeal is not in work.")


_IN_WORK = frozenset({Phase.IN_WORK})
_HOLDER = frozenset({Role.HOLDER})
_ACCEPT_FIRST = "Accept the appeal first."


def _holders(text: str = _ACCEPT_FIRST) -> Rule:
    """What only the one who has it in work does (an offeree is told to accept first)."""
    return Rule(_HOLDER, _IN_WORK, frozenset({Role.OFFEREE}), text)


RULES: dict[str, Rule] = {
    "accept": Rule(frozenset({Role.OFFEREE}), frozenset({Phase.OFFERED}),
                   _HOLDER, "It is in your work already."),
    "decline": Rule(frozenset({Role.OFFEREE}), frozenset({Phase.OFFERED}),
                    _HOLDER, "It is in your work: transfer or finish it instead."),
    "transfer": _holders(),
    "return": _holders(),  # to the partner's first line (handovers.py)
    "escalate": _holders(),
    "invite": _holders(),
    "finish": _holders(),
    "control": _holders(),
    "leave": Rule(frozenset({Role.PARTICIPANT}), _IN_WORK, _HOLDER,
                  "Only an invited colleague leaves; transfer or finish the appeal instead."),
    "join": Rule(frozenset({Role.LINE_SENIOR}), _IN_WORK,
                 too_early=("not-allowed", "Nobody works on it yet: take it instead.")),
    "take": Rule(frozenset({Role.LINE_STAFF}), frozenset({Phase.QUEUED}),
                 too_early=("conflict", "Someone has this appeal already.")),
    # A remote session: asked by the holder or a colleague on the appeal (who then joins a
    # running one), ended by any of them.
    "remote": Rule(frozenset({Role.HOLDER, Role.PARTICIPANT}), _IN_WORK,
                   frozenset({Role.OFFEREE}), _ACCEPT_FIRST),
    "remote-end": Rule(frozenset({Role.HOLDER, Role.PARTICIPANT}), _IN_WORK),
    "remote-control": Rule(frozenset({Role.HOLDER, Role.PARTICIPANT}), _IN_WORK),
    # The app's report on the appeal's call: the phone it rang, or the one who talks.
    "call": Rule(frozenset({Role.OFFEREE, Role.HOLDER}),
                 frozenset({Phase.OFFERED, Phase.IN_WORK})),
}


def check_desk(sender: str, trusted: tuple[str, ...]) -> None:
    """A hand-over comes only from a desk the config names ([handover] accept_from): the
    sending server proved its domain (s2s with verified certificates), and a desk is a
    domain of its own, never a person's address."""
    if "@" in sender or "/" in sender or sender not in trusted:
        raise ActionError("forbidden", "This desk takes no hand-overs from you.",
                          reason=handover.NOT_TRUSTED)


def check(action: str, roles: set[Role], phase: Phase) -> None:
    """ActionError unless someone with `roles` may do `action` while the appeal is in
    `phase`: forbidden when it is not theirs to do, not-allowed (or the rule's own
    condition) when it is, but not now."""
    rule = RULES[action]
    if roles & rule.roles:
        if phase not in rule.phases:
            raise ActionError(*rule.too_early)
        return
    if roles & rule.near:
        raise ActionError("not-allowed", rule.near_text)
    raise ActionError("forbidden", "This appeal is not yours.")
