"""The online monitor on the wire (urn:deskline:desk:1, PROTOCOL.md "Online monitor"): the
live state of a senior's lines, their people and open appeals, and its XML. The desk pushes
what changed (supportdesk/monitor.py); the app applies each update to a Board. Clocks are
times, not durations: the app runs them, the desk pushes nothing while an appeal just waits.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field, fields

from supportdesk.protocol import NS


@dataclass(frozen=True)
class LineNow:
    id: str
    name: str
    queued: int
    oldest: float  # the longest waiting appeal waits since (0: none waits)
    late_at: float  # … and is late from then on (its accept clock)
    offered: int
    in_work: int
    online: int  # of the line's people: free for new appeals …
    busy: int  # … busy for new appeals …
    away: int  # … away


@dataclass(frozen=True)
class PersonNow:
    jid: str
    status: str  # free | busy | away | offline
    open: int  # appeals offered to them or in their work
    on_call: bool  # a line's call rings them or is talked on
    finished: int  # today (the desk's day)
    rated: int  # of those, rated …
    score_sum: int  # … with these scores in all
    remote: bool = False  # watching a client's screen in a remote session

    @property
    def rating_avg(self) -> float | None:
        return self.score_sum / self.rated if self.rated else None


@dataclass(frozen=True)
class AppealNow:
    id: int
    line: str
    client: str
    channel: str  # chat | call | callback
    state: str  # queued | offered | in_work
    specialist: str  # offered to / in whose work ("" queued)
    since: float  # waiting since (queued), offered since, or in work since
    late_at: float  # queued or offered: late from then on; in work: 0
    transfers: int = 0


@dataclass(frozen=True)
class Update:
    """`full`: everything there is (replace the board); else only what changed, and the
    appeals that are no longer open in `gone`."""
    at: float
    full: bool
    lines: tuple[LineNow, ...] = ()
    people: tuple[PersonNow, ...] = ()
    appeals: tuple[AppealNow, ...] = ()
    gone: tuple[int, ...] = ()

    def __bool__(self) -> bool:
        return self.full or bool(self.lines or self.people or self.appeals or self.gone)


@dataclass
class Board:
    """What a watcher knows, kept up to date by the updates."""
    lines: dict[str, LineNow] = field(default_factory=dict)
    people: dict[str, PersonNow] = field(default_factory=dict)
    appeals: dict[int, AppealNow] = field(default_factory=dict)
    at: float = 0.0

    def apply(self, update: Update) -> None:
        if update.full:
            self.lines, self.people, self.appeals = {}, {}, {}
        self.lines.update((x.id, x) for x in update.lines)
        self.people.update((x.jid, x) for x in update.people)
        self.appeals.update((x.id, x) for x in update.appeals)
        for gone in update.gone:
            self.appeals.pop(gone, None)
        self.at = update.at


TAGS: dict[type, str] = {LineNow: "line", PersonNow: "person", AppealNow: "appeal"}
# Attribute names on the wire: the field names, dashed.
_TIMES = {"oldest", "late_at", "since"}


def _attrs(item: LineNow | PersonNow | AppealNow) -> dict[str, str]:
    out: dict[str, str] = {}
    for f in fields(item):
        value = getattr(item, f.name)
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif f.name in _TIMES:
            text = f"{value:.1f}"
        else:
            text = str(value)
        out[f.name.replace("_", "-")] = text
    return out


def to_xml(update: Update) -> ET.Element:
    out = ET.Element(f"{{{NS}}}monitor", {"at": f"{update.at:.1f}"})
    if update.full:
        out.set("full", "true")
    items: tuple[LineNow | PersonNow | AppealNow, ...] = (*update.lines, *update.people,
                                                         *update.appeals)
    for item in items:
        ET.SubElement(out, f"{{{NS}}}{TAGS[type(item)]}", _attrs(item))
    for gone in update.gone:
        ET.SubElement(out, f"{{{NS}}}gone", {"id": str(gone)})
    return out


def _read(kind: type, element: ET.Element) -> LineNow | PersonNow | AppealNow:
    values: dict[str, object] = {}
    for f in fields(kind):
        text = element.get(f.name.replace("_", "-"), "")
        if f.type == "bool":
            values[f.name] = text == "true"
        elif f.type == "int":
            values[f.name] = int(text or 0)
        elif f.type == "float":
            values[f.name] = float(text or 0)
        else:
            values[f.name] = text
    return kind(**values)  # type: ignore[no-any-return]


def from_xml(element: ET.Element) -> Update:
    """The update an element carries; ValueError when it is malformed."""
    found: dict[str, list[object]] = {"line": [], "person": [], "appeal": []}
    kinds = {tag: kind for kind, tag in TAGS.items()}
    gone: list[int] = []
    for child in element:
        tag = child.tag.rpartition("}")[2]
        if tag == "gone":
            gone.append(int(child.get("id", "")))
        elif tag in kinds:
            found[tag].append(_read(kinds[tag], child))
    return Update(float(element.get("at", "0")), element.get("full") == "true",
                  tuple(found["line"]), tuple(found["person"]),  # type: ignore[arg-type]
                  tuple(found["appeal"]), tuple(gone))  # type: ignore[arg-type]
