"""The desk-to-desk hand-over (supportdesk/protocol/handover.py): what a partner's desk
reads is checked field by field, and what a vendor's desk sends stays within its bounds."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest

from supportdesk.protocol import handover as wire
from supportdesk.protocol.appeals import MAX_BODY, size
from supportdesk.protocol.handover import HANDOVER_NS, HandOver, Spoken

GOOD = HandOver(17, "ivan@partner.example", "Поддержка вендора", "Deskline", "Елена", "ru",
                "Настройка обмена — первая линия партнёра",
                (Spoken("client", 1.5, "Не выгружаются счета"),
                 Spoken("desk", 2.5, "Смотрю", "Елена")), 3)


def test_a_hand_over_reads_back_as_sent() -> None:
    assert wire.read(ET.fromstring(ET.tostring(wire.to_xml(GOOD)))) == GOOD  # noqa: S314 - ours


def _changed(**attrs: str) -> ET.Element:
    found = wire.to_xml(GOOD)
    for name, value in attrs.items():
        found.set(name, value)
    return found


@pytest.mark.parametrize("found", [
    _changed(appeal="0"), _changed(appeal="99999999999999999999"), _changed(appeal="x"),
    _changed(client=""), _changed(client="x" * 300), _changed(lang="x" * 20),
    _changed(specialist="x" * 100), _changed(**{"left-out": "-1"}),
])
def test_attributes_out_of_bounds_are_refused(found: ET.Element) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - each names its field; any refusal is it
        wire.read(found)


def _with_message(who: str = "client", at: str = "1", body: str = "hi") -> ET.Element:
    found = wire.to_xml(GOOD)
    ET.SubElement(found, f"{{{HANDOVER_NS}}}message", {"who": who, "at": at}).text = body
    return found


@pytest.mark.parametrize("found", [
    _with_message(who="admin"), _with_message(at="nan"), _with_message(at="inf"),
    _with_message(at="soon"), _with_message(body=""), _with_message(body="x" * (MAX_BODY + 1)),
])
def test_a_message_out_of_bounds_refuses_the_whole(found: ET.Element) -> None:
    with pytest.raises(ValueError):  # noqa: PT011
        wire.read(found)


def test_more_messages_or_a_longer_note_than_allowed_are_refused() -> None:
    many = wire.to_xml(GOOD)
    for n in range(wire.MAX_MESSAGES):
        ET.SubElement(many, f"{{{HANDOVER_NS}}}message", {"who": "client", "at": str(n)}
                      ).text = "x"
    with pytest.raises(ValueError, match="more than"):
        wire.read(many)
    noted = wire.to_xml(GOOD)
    note = noted.find(f"{{{HANDOVER_NS}}}note")
    assert note is not None
    note.text = "x" * 2001
    with pytest.raises(ValueError, match="note"):
        wire.read(noted)


def test_what_is_sent_keeps_the_newest_within_its_bytes() -> None:
    said = [Spoken("client", n, f"{n} " + "я" * 5000) for n in range(40)]
    kept, left_out = wire.newest_that_fit(said)
    assert kept[-1] == said[-1]
    assert left_out == len(said) - len(kept)
    assert sum(len(m.body.encode()) for m in kept) <= wire.MESSAGE_BYTES
    sent = wire.to_xml(HandOver(1, "c@x.example", "L", "V", "S", "ru", "", kept, left_out))
    assert size(sent) < 64 * 1024
    assert wire.read(sent).messages == kept
    few, none_left = wire.newest_that_fit([Spoken("client", n, "x") for n in range(80)])
    assert (len(few), none_left) == (wire.MAX_MESSAGES, 30)


def test_a_refusal_names_one_of_the_reasons_or_none() -> None:
    error = ET.Element("error")
    error.append(wire.refused_xml(wire.NOT_THEIRS))
    assert wire.reason_of(error) == "not-theirs"
    odd = ET.Element("error")
    odd.append(wire.refused_xml("because"))
    assert wire.reason_of(odd) == ""
    assert wire.reason_of(None) == ""
    with pytest.raises(ValueError):  # noqa: PT011
        wire.read_accepted(None)
    assert wire.read_accepted(wire.accepted_xml(wire.Accepted(42, "Техподдержка"))) == \
        wire.Accepted(42, "Техподдержка")
