"""The appeal elements (supportdesk/protocol/appeals.py) read back as what was written, for
any values (hypothesis), and a malformed or oversized element is cut or left out, never
taken on trust."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from supportdesk.protocol import NS
from supportdesk.protocol import appeals as wire
from supportdesk.protocol.appeals import (
    ClientCard,
    Handed,
    HandKind,
    History,
    HistoryMessage,
    HistoryStep,
    Mine,
    Offer,
    PastAppeal,
    Waiting,
)

# Texts as XML can carry them (no control characters), within the caps; times in whole
# seconds where the wire has them so.
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
WORD = st.text(st.characters(whitelist_categories=("Ll", "Lu", "Nd")), min_size=1,
               max_size=20)
SECONDS = st.integers(0, 4_000_000_000).map(float)
IDS = st.integers(1, 10**9)
CHANNEL = st.sampled_from(wire.CHANNELS)


def parse(text: str | bytes) -> ET.Element:
    return ET.fromstring(text)  # noqa: S314 (the test's own XML)


def again(element: ET.Element) -> ET.Element:
    """Through text, as a stanza travels."""
    return parse(ET.tostring(element))


@settings(max_examples=200)
@given(st.builds(Offer, IDS, WORD, TEXT, TEXT, SECONDS, TEXT, CHANNEL, TEXT))
def test_an_offer_reads_back(offer: Offer) -> None:
    expected = offer if offer.line_name else Offer(
        offer.appeal, offer.line, offer.line, offer.client, offer.accept_by,
        offer.organisation, offer.channel, offer.number)
    assert wire.read_offer(offer.appeal, again(wire.offer_xml(offer))) == expected


@settings(max_examples=200)
@given(st.builds(Handed, IDS, WORD, WORD, TEXT, st.sampled_from(HandKind), TEXT,
                 st.integers(0, 5), TEXT))
def test_a_hand_over_reads_back(handed: Handed) -> None:
    assert wire.read_handed(handed.appeal, again(wire.handed_xml(handed))) == handed


@settings(max_examples=100)
@given(st.lists(st.builds(Mine, IDS, WORD, WORD, TEXT, WORD, SECONDS, st.integers(0, 5),
                          SECONDS, SECONDS, st.integers(0, 5), TEXT, TEXT, CHANNEL, TEXT),
                max_size=5))
def test_a_feed_reads_back(items: list[Mine]) -> None:
    assert wire.read_mine(again(wire.mine_xml(items))) == items


@settings(max_examples=100)
@given(WORD, WORD, st.lists(st.builds(Waiting, IDS, TEXT, SECONDS, TEXT, SECONDS, CHANNEL,
                                      TEXT), max_size=5))
def test_a_queue_reads_back(line: str, name: str, items: list[Waiting]) -> None:
    assert wire.read_queue(again(wire.queue_xml(line, name, items))) == (line, name, items, 0)


PAST = st.builds(PastAppeal, IDS, WORD, CHANNEL, WORD, TEXT, st.integers(0, 5), SECONDS,
                 st.integers(0, 5), TEXT, TEXT, st.integers(0, 3), TEXT).map(
    lambda p: p if p.score else PastAppeal(p.appeal, p.line, p.channel, p.state,
                                           p.specialist, p.transfers, p.created, 0, "",
                                           p.note, p.remote, p.remote_note))
# (a comment comes with a rating)


@settings(max_examples=100)
@given(IDS, TEXT, TEXT, st.dictionaries(WORD, st.tuples(WORD, TEXT), max_size=3),
       st.lists(PAST, max_size=4))
def test_a_client_card_reads_back(appeal: int, client: str, organisation: str,
                                  lines: dict[str, tuple[str, str]],
                                  past: list[PastAppeal]) -> None:
    card = ClientCard(appeal, client, organisation,
                      tuple((i, name) for i, (name, _phone) in lines.items()), tuple(past),
                      tuple((i, phone) for i, (_name, phone) in lines.items() if phone))
    assert wire.read_card(appeal, again(wire.card_xml(card))) == card


@settings(max_examples=100)
@given(IDS, st.lists(st.builds(HistoryMessage, TEXT, TEXT, TEXT,
                               st.integers(0, 4 * 10**12).map(lambda ms: ms / 1000), TEXT,
                               st.booleans()),
                     max_size=5),
       st.lists(st.builds(HistoryStep, st.integers(0, 4 * 10**12).map(lambda ms: ms / 1000),
                          WORD, TEXT, TEXT), max_size=5),
       st.integers(0, 10**6))
def test_a_history_reads_back(appeal: int, messages: list[HistoryMessage],
                              steps: list[HistoryStep], left_out: int) -> None:
    history = History(appeal, tuple(messages), tuple(steps), left_out)
    assert wire.read_history(again(wire.history_xml(history))) == history


def test_what_does_not_parse_is_left_out_and_big_texts_are_cut() -> None:
    offer = parse(f"<offer xmlns='{NS}' line='support' accept-by='soon'/>")
    assert wire.read_offer(7, offer) is None
    handed = parse(f"<handed xmlns='{NS}' line='support' kind='steal'/>")
    assert wire.read_handed(7, handed) is None
    feed = parse(f"<mine xmlns='{NS}'><appeal id='x'/><appeal id='2' line='s' "
                         f"accept-by='nan'/><appeal id='3' line='s' client='{'x' * 5000}' "
                         "channel='fax'/></mine>")
    (item,) = wire.read_mine(feed)
    assert (item.appeal, len(item.client), item.channel) == (3, wire.MAX_TEXT, "chat")
    many = "".join(f"<message at='{n}' from='a' id='{n}'>{n}</message>"
                   for n in range(wire.MAX_HISTORY + 10))
    history = wire.read_history(parse(f"<history xmlns='{NS}'>{many}</history>"))
    assert len(history.messages) == wire.MAX_HISTORY
    assert history.messages[-1].body == str(wire.MAX_HISTORY + 9)  # the newest kept


def test_a_long_queue_and_a_long_text_stay_within_their_bytes() -> None:
    """4,000 callbacks waiting: the oldest that fit go out, `more` says how many else; a
    320 KB conversation's text keeps its start and end and says what it left out."""
    waiting = [Waiting(n, f"+7916{n:07d}", 1_700_000_000.0 + n, "ООО «Ромашка»",
                       1_700_000_300.0 + n, "callback", f"+7916{n:07d}")
               for n in range(1, 4001)]
    element = wire.queue_xml("support", "Техподдержка", waiting)
    assert len(ET.tostring(element, encoding="utf-8")) <= wire.PAGE_BYTES
    line, name, sent, more = wire.read_queue(again(element))
    assert (line, name) == ("support", "Техподдержка")
    assert sent == waiting[:wire.QUEUE_ITEMS]
    assert more == len(waiting) - len(sent) > 0
    # The desk passes only the oldest it lists, and the count of the rest.
    assert wire.read_queue(again(wire.queue_xml("support", "", waiting[:3], 3997)))[3] == 3997
    text = "\n".join("Ж" * 9_990 + f" #{n:02d}" for n in range(16))
    clipped = wire.clip(text)
    assert len(clipped.encode()) <= wire.TEXT_BYTES
    assert clipped.startswith("ЖЖЖ")
    assert clipped.endswith("#15")
    assert "characters left out" in clipped
    assert wire.clip("коротко") == "коротко"


def test_a_card_of_fifty_long_appeals_stays_within_its_bytes() -> None:
    """Fifty previous appeals, each with a rating's comment, a note and a remote session's
    comment of 1,000-2,000 Cyrillic characters (1 MB): the newest that fit go out."""
    long = "Ж" * wire.MAX_COMMENT
    past = tuple(PastAppeal(n, "support", "chat", "finished", "anna@x", 0, 1.7e9 + n, 5,
                            long, long, 1, f"ended: {long[:1000]}") for n in range(50, 0, -1))
    element = wire.card_xml(ClientCard(51, "ivan@x", "Ромашка", (("support", "Т"),), past))
    assert len(ET.tostring(element, encoding="utf-8")) <= wire.PAGE_BYTES
    card = wire.read_card(51, again(element))
    assert 0 < len(card.appeals) < 50
    assert card.appeals == past[:len(card.appeals)]  # the newest
