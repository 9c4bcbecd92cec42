"""Reports from a history of appeals with known timestamps, on SQLite and PostgreSQL: every
figure equals the one worked out by hand below; who may ask for what. (The desk's own
store and DeskService; the figures' definitions are in supportdesk/reports.py.)"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from xml.etree import ElementTree as ET

import pytest

from desktop.lab.lab import LabInfo
from supportdesk.access import ActionError
from supportdesk.config import DeskConfig, Line, Organisation
from supportdesk.protocol import report as wire
from supportdesk.protocol.report import Comment, Figures, Hour, Spread
from supportdesk.service import DeskService
from supportdesk.store import DeskStore
from tests.peers.xmpp_peer import XmppPeer
from tests.supportdesk_rig import RunningDesk, lab_config, wait
from tests.test_desk_logic import Clock, Outbox

T0 = 1_699_999_200.0  # an hour's start
DAY = 86_400.0


@pytest.fixture
def desk(store_url: str) -> Iterator[DeskService]:
    config = DeskConfig("x", "127.0.0.1", 5347, "s", store_url, (
        Line("support", "Техподдержка", "", 300, 3, 5, ("anna@x", "boris@x"), ("vera@x",)),
        Line("accounting", "Бухгалтерия", "", 300, 3, 5, ("boris@x",), ("vera@x",))),
        (Organisation("Ромашка", ("ivan@x",), ("support", "accounting")),))
    store = DeskStore(store_url)
    history(store)
    service = DeskService(config, store, Outbox(), Clock())
    yield service
    store.close()


def appeal(store: DeskStore, line: str, channel: str, created: float,
           steps: list[tuple[float, str, str]], rating: tuple[int, str] | None = None,
           detail: dict[str, str] | None = None) -> int:
    """An appeal created at T0 + `created`, its steps at T0 + t: (t, kind, actor)."""
    found = store.new_appeal(line, "ivan@x", channel, T0 + created)
    for at, kind, actor in steps:
        store.step(found, kind, T0 + at, actor, (detail or {}).get(kind, ""),
                   transferred=kind == "transferred")
    if rating is not None:
        store.rate(found, rating[0], rating[1], T0 + steps[-1][0] + 5)
    return found


def history(store: DeskStore) -> None:
    """A1…A7 as the expectations below count them; A0 is the day before (left out)."""
    appeal(store, "support", "chat", -10, [(-5, "offered", "anna@x"),
                                           (0, "accepted", "anna@x")])  # A0
    appeal(store, "support", "chat", 0, [  # A1: accepted in 60 s, rated 5 with a comment
        (10, "offered", "anna@x"), (70, "accepted", "anna@x"),
        (100, "first_response", "anna@x"), (400, "finished", "anna@x")], (5, "Спасибо"))
    appeal(store, "support", "chat", 100, [  # A2: anna let it run out; boris 600 s late
        (100, "offered", "anna@x"), (400, "offer_missed", "anna@x"),
        (400, "offered", "boris@x"), (1000, "accepted", "boris@x"),
        (1010, "first_response", "boris@x"), (2000, "finished", "boris@x")])
    appeal(store, "support", "call", 3600, [  # A3: answered in 3 s, transferred once
        (3600, "offered", "boris@x"), (3603, "accepted", "boris@x"),
        (3650, "transferred", "boris@x"), (3700, "finished", "boris@x")], (3, ""))
    appeal(store, "support", "call", 3700, [  # A4: anna's phone rang out; boris in 8 s
        (3700, "offered", "anna@x"), (3715, "offer_missed", "anna@x"),
        (3715, "offered", "boris@x"), (3723, "accepted", "boris@x"),
        (3800, "transferred", "boris@x"), (3850, "transferred", "boris@x"),
        (4000, "finished", "boris@x")], (4, "Долго ждал"))
    appeal(store, "accounting", "chat", 200, [  # A5: still in work
        (200, "offered", "boris@x"), (260, "accepted", "boris@x"),
        (300, "first_response", "boris@x")])
    appeal(store, "support", "chat", 5000, [  # A7: taken from the queue, no offer
        (5100, "accepted", "anna@x"), (5110, "first_response", "anna@x"),
        (5200, "finished", "anna@x")], (2, ""), {"accepted": "queue"})


SUPPORT = Figures(appeals=5, chats=3, calls=2, accepted=5, on_offer=4, within_target=2,
                  accept=Spread(34.0, 600.0), response=Spread(110.0, 910.0),
                  finish=Spread(300.0, 1900.0), missed=2, transferred_once=1,
                  transferred_more=1, finished=5, finished_unrated=1,
                  ratings=(0, 1, 1, 1, 1), rating_avg=3.5)
ACCOUNTING = Figures(appeals=1, chats=1, calls=0, accepted=1, on_offer=1, within_target=1,
                     accept=Spread(60.0, 60.0), response=Spread(100.0, 100.0),
                     finish=Spread(None, None), missed=0, transferred_once=0,
                     transferred_more=0, finished=0, finished_unrated=0,
                     ratings=(0, 0, 0, 0, 0), rating_avg=None)
ANNA = Figures(appeals=2, chats=2, calls=0, accepted=2, on_offer=1, within_target=1,
               accept=Spread(60.0, 60.0), response=Spread(105.0, 110.0),
               finish=Spread(300.0, 400.0), missed=2, transferred_once=0, transferred_more=0,
               finished=2, finished_unrated=0, ratings=(0, 1, 0, 0, 1), rating_avg=3.5)
BORIS = Figures(appeals=4, chats=2, calls=2, accepted=4, on_offer=4, within_target=2,
                accept=Spread(34.0, 600.0), response=Spread(505.0, 910.0),
                finish=Spread(300.0, 1900.0), missed=0, transferred_once=1,
                transferred_more=1, finished=3, finished_unrated=1,
                ratings=(0, 0, 1, 1, 0), rating_avg=3.5)


def test_a_seniors_report_has_every_figure_as_counted_by_hand(desk: DeskService) -> None:
    report = desk.report("vera@x", T0, T0 + DAY)
    assert dict(report.lines) == {"support": SUPPORT, "accounting": ACCOUNTING}
    assert dict(report.specialists) == {"anna@x": ANNA, "boris@x": BORIS}
    assert SUPPORT.within_target_pct == 50.0
    assert [(c.line, c.specialist, c.score, c.text) for c in report.comments] == [
        ("support", "anna@x", 5, "Спасибо"), ("support", "boris@x", 4, "Долго ждал")]
    assert report.hours == (Hour(T0, 3, 70.0), Hour(T0 + 3600, 3, 23.0))
    assert all(isinstance(c, Comment) for c in report.comments)


def test_one_line_and_one_specialist(desk: DeskService) -> None:
    report = desk.report("vera@x", T0, T0 + DAY, line="accounting")
    assert dict(report.lines) == {"accounting": ACCOUNTING}
    only = desk.report("vera@x", T0, T0 + DAY, specialist="anna@x")
    assert dict(only.specialists) == {"anna@x": ANNA}
    assert [(line, f.appeals) for line, f in only.lines] == [("accounting", 0),
                                                             ("support", 2)]
    assert only.line_name("support") == "Техподдержка"  # every line asked, even empty


def test_a_specialist_sees_their_own_figures_only(desk: DeskService) -> None:
    mine = desk.report("boris@x", T0, T0 + DAY)
    assert dict(mine.specialists) == {"boris@x": BORIS}
    lines = dict(mine.lines)
    assert (lines["support"].appeals, lines["accounting"].appeals) == (3, 1)
    assert lines["support"].missed == 0  # anna's missed offers are not his to see
    with pytest.raises(ActionError) as refused:
        desk.report("boris@x", T0, T0 + DAY, specialist="anna@x")
    assert refused.value.condition == "forbidden"
    with pytest.raises(ActionError):
        desk.report("anna@x", T0, T0 + DAY, line="accounting")  # not her line
    with pytest.raises(ActionError):
        desk.report("ivan@x", T0, T0 + DAY)  # a client
    with pytest.raises(ActionError):
        desk.report("vera@x", T0 + DAY, T0)  # a period backwards


HALF_PAST = (Hour(T0 - 1800, 3, 70.0), Hour(T0 + 1800, 3, 23.0))


@pytest.mark.parametrize(("zone", "hours"), [
    ("UTC", (Hour(T0, 3, 70.0), Hour(T0 + 3600, 3, 23.0))),
    ("Asia/Kolkata", HALF_PAST), ("Australia/Adelaide", HALF_PAST),  # +5:30, +10:30 (summer)
    ("Asia/Kathmandu", (Hour(T0 - 2700, 3, 70.0), Hour(T0 + 900, 2, 13.0),  # +5:45
                        Hour(T0 + 4500, 1, 100.0)))])
def test_the_hours_are_the_teams_own(desk: DeskService, zone: str,
                                     hours: tuple[Hour, ...]) -> None:
    """T0 is 22:00 UTC; in +5:30 an hour begins at :30 UTC, in +5:45 at :15: the appeals fall
    into the team's hours (A7 at 23:23 UTC is 05:08 in Kathmandu), and the report names the
    zone they are of."""
    desk.config = replace(desk.config, time_zone=zone)
    report = desk.report("vera@x", T0, T0 + DAY)
    assert report.hours == hours
    assert report.time_zone == zone
    assert wire.from_xml(wire.to_xml(report)).time_zone == zone


def test_taking_from_the_queue_after_a_missed_offer_is_no_offers_acceptance(
        desk: DeskService) -> None:
    """anna let the offer run out at 300 s; an hour later she takes the appeal from the
    queue: not an offer accepted an hour late (nor one within the clock)."""
    appeal(desk.store, "support", "chat", 20_000, [
        (20_000, "offered", "anna@x"), (20_300, "offer_missed", "anna@x"),
        (23_600, "accepted", "anna@x")], detail={"accepted": "queue"})
    report = desk.report("vera@x", T0 + 20_000, T0 + 20_001)
    anna = dict(report.specialists)["anna@x"]
    assert (anna.accepted, anna.on_offer, anna.within_target, anna.accept.median) == (
        1, 0, 0, None)
    assert anna.missed == 1


def test_the_wire_form_reads_back_as_the_same_report(desk: DeskService) -> None:
    report = desk.report("vera@x", T0, T0 + DAY)
    assert wire.from_xml(wire.to_xml(report)) == report


def test_the_desk_answers_a_seniors_report_and_refuses_a_specialist_anothers(
        lab: LabInfo, store_url: str) -> None:
    """Over XMPP, the real desk on the lab's Prosody: vera (the senior) gets the line's
    figures; anna asking for boris's is refused, as is ivan (a client)."""
    config = lab_config(lab, store_url)
    store = DeskStore(store_url)
    d = lab.domain
    store.new_appeal("support", f"ivan@{d}", "chat", T0 + 5)  # one appeal, never taken
    store.close()
    running = RunningDesk(config)
    asked = f"<report xmlns='urn:deskline:desk:1' since='{T0:.0f}' until='{T0 + DAY:.0f}'"
    try:
        with XmppPeer(lab, "vera") as vera, XmppPeer(lab, "anna") as anna, \
                XmppPeer(lab, "ivan") as ivan:
            vera.send_raw(f"<iq type='get' to='desk.{d}' id='r1'>{asked}/></iq>")
            anna.send_raw(f"<iq type='get' to='desk.{d}' id='r2'>{asked} "
                          f"specialist='boris@{d}'/></iq>")
            ivan.send_raw(f"<iq type='get' to='desk.{d}' id='r3'>{asked}/></iq>")
            wait(lambda: {"r1", "r2", "r3"} <= set(vera.iq_replies) | set(anna.iq_replies)
                 | set(ivan.iq_replies))
            assert vera.iq_replies["r1"] == ("result", "")
            report = wire.from_xml(vera.iq_payloads["r1"])
            (line, figures), = report.lines
            assert (line, figures.appeals, figures.accepted) == ("support", 1, 0)
            assert anna.iq_replies["r2"] == ("error", "forbidden")
            assert ivan.iq_replies["r3"] == ("error", "forbidden")
    finally:
        running.close()


def test_the_app_labels_a_teams_hours_in_the_teams_zone(desk: DeskService) -> None:
    """A +5:30 team's report read on a computer in any zone: the hours are "03:00" and
    "04:00" (their clock), not 21:30 and 22:30."""
    from desktop.export import Table, plain  # noqa: PLC0415
    from desktop.ui.report_charts import buckets  # noqa: PLC0415

    desk.config = replace(desk.config, time_zone="Asia/Kolkata")
    report = wire.from_xml(wire.to_xml(desk.report("vera@x", T0, T0 + DAY)))
    assert [label for label, _n, _wait in buckets(report)] == ["15.11 03:00", "15.11 04:00"]
    hours = Table("Hours", ("Hour",), ("hour",), ((report.hours[0].start,),),
                  report.time_zone)
    assert plain(hours.rows[0][0], "hour", hours.zone) == "2023-11-15 03:00"


def test_a_years_report_is_one_answer_the_server_takes() -> None:
    """A year of 100,000 appeals with 20,000 comments: counted by day, the newest comments
    that fit, the rest counted; the answer stays ~100 KiB (it was 2.4 MiB, and the server
    dropped the desk)."""
    from supportdesk.reports import build  # noqa: PLC0415
    from supportdesk.store.report_rows import Rows  # noqa: PLC0415

    year = 365 * DAY
    times = [("support", "anna@x", T0 + n * year / 100_000, 10.0, 20.0, 30.0, 15.0)
             for n in range(100_000)]
    comments = [(n, "support", "anna@x", 5, f"Спасибо за помощь, всё решили №{n} " * 3)
                for n in range(20_000)]
    report = build(Rows({}, {}, times, {}, comments), T0, T0 + year, ["support"])
    assert report.bucket_s == DAY
    assert 365 <= len(report.hours) <= 366
    assert report.comments[-1].appeal == 19_999  # the newest kept
    assert report.comments_left_out == 20_000 - len(report.comments) > 0
    sent = wire.to_xml(report)
    assert len(ET.tostring(sent, encoding="utf-8")) < 110 * 1024
    assert wire.from_xml(sent).comments == report.comments


def test_remote_sessions_are_counted_with_their_time_per_line_and_specialist(
        desk: DeskService) -> None:
    """Two sessions on anna's appeal (300 s and 120 s, the second still ending after the
    period's appeal was made) and one allowed-never (declined): the line and anna count 2,
    420 s; what the wire carries reads back the same."""
    store = desk.store
    appeal(store, "support", "chat", 5000, [
        (5010, "offered", "anna@x"), (5020, "accepted", "anna@x"),
        (5030, "remote_asked", "anna@x"), (5040, "remote_started", "ivan@x"),
        (5340, "remote_ended", "anna@x"), (5400, "remote_asked", "anna@x"),
        (5410, "remote_started", "ivan@x"), (5530, "remote_ended", "ivan@x"),
        (5600, "remote_asked", "anna@x"), (5610, "remote_ended", "ivan@x")])
    report = desk.report("vera@x", T0, T0 + DAY)
    support = dict(report.lines)["support"]
    assert (support.remote_sessions, support.remote_seconds) == (2, 420.0)
    assert dict(report.lines)["accounting"].remote_sessions == 0
    anna = dict(report.specialists)["anna@x"]
    assert (anna.remote_sessions, anna.remote_seconds) == (2, 420.0)
    again = wire.from_xml(wire.to_xml(report))
    assert dict(again.lines)["support"].remote_seconds == 420.0
    assert dict(again.specialists)["anna@x"].remote_sessions == 2


def test_calls_on_a_poor_line_are_counted_per_line_and_specialist(desk: DeskService) -> None:
    """The specialist's app tells the worst MOS of a line's call with its end (a
    call_quality step): 2.9 is a poor line, 4.3 a good one; a chat has none."""
    store = desk.store
    for mos in ("2.90", "4.30"):
        appeal(store, "support", "call", 6000, [
            (6010, "offered", "anna@x"), (6020, "accepted", "anna@x"),
            (6200, "call_quality", "anna@x"), (6210, "finished", "anna@x")],
            detail={"call_quality": mos})
    report = desk.report("vera@x", T0, T0 + DAY)
    support = dict(report.lines)["support"]
    assert (support.calls_measured, support.calls_poor) == (2, 1)
    assert dict(report.lines)["accounting"].calls_measured == 0
    anna = dict(report.specialists)["anna@x"]
    assert (anna.calls_measured, anna.calls_poor) == (2, 1)
    again = wire.from_xml(wire.to_xml(report))
    assert dict(again.lines)["support"].calls_poor == 1
