"""The desk's wire format (urn:deskline:desk:1): the appeals' values and XML in
appeals.py, the report's in report.py, the online monitor's in monitor.py: the only part of
the desk the desktop imports. Every element is described with an example in PROTOCOL.md."""

from __future__ import annotations

import re

NS = "urn:deskline:desk:1"
# IQ set children, to a<id>@desk.<domain>; transfer has to= (a colleague) or line=, and
# confirm="true" for a second transfer, and note='…' (an internal note for the next one).
# A message to a<id>@desk.<domain> with <note/> is an internal note: kept in the thread,
# to the team (each copy with <note/> and <author/>), never to the client.
# control: the specialist's last message was the control question ("anything else?"):
# the appeal finishes by itself after the line's auto-finish minutes unless the client writes.
# escalate: to a senior of the line who is online (not counted as a transfer).
# invite to='colleague': they take part (hear the client, may write); leave: they stop.
# join: a senior of the line takes part on their own (from the online monitor).
# take: from the queue of one's line into one's work; comment text='…': a short note.
# return note='…': to the partner's first line that stands before this line for the client
# (desk to desk, protocol/handover.py); answered once the partner's desk has it.
# call state='answered'|'ended' [mos='…']: the app on the appeal's phone call (for PBXs that
# do not tell the desk themselves; after the PBX's word it changes nothing); the end may
# carry the line's worst estimated MOS, counted in the reports.
ACTIONS = ("accept", "decline", "finish", "transfer", "control", "escalate", "invite",
           "leave", "take", "comment", "call", "join", "remote", "remote-end",
           "remote-control", "return")
# IQ set children from a client to a line's address: a remote session's answer, its Stop,
# and control given to one viewer or taken back.
REMOTE_CLIENT = ("remote-answer", "remote-stop", "remote-control-answer")
# IQ get children, to the appeal: its messages and steps; its client's card and appeals.
# To desk.<domain> itself: <mine since='…'/>, the asker's feed (open, and worked on since);
# <report since until line? specialist?/>, the figures of a period (report.py).
# IQ set <monitor/> to desk.<domain>: a senior watches the online monitor (monitor.py;
# the answer is everything now, then pushed changes); <monitor stop='true'/> stops.
QUERIES = ("history", "appeals")
RATING_FORM = f"{NS}#rating"  # FORM_TYPE of the XEP-0004 rating form


APPEAL_LOCAL = re.compile(r"a([1-9][0-9]{0,17})")


def appeal_address(appeal: int, component: str) -> str:
    return f"a{appeal}@{component}"


def appeal_of(local: str) -> int | None:
    """The appeal id of a<id>@…, None for anything else (a line, and what is no id of
    ours: other digits than 0-9, a leading zero, or more than fits a store's 64 bits)."""
    found = APPEAL_LOCAL.fullmatch(local)
    return int(found.group(1)) if found is not None else None
