"""Return to the partner through the real app: the vendor's specialist (elena, signed in to
the vendor's own Prosody) opens Transfer…, sees the partner who connected the client and
returns the appeal there; the partner's desk, on the other company's Prosody federated with
the vendor's, offers it to its specialist with the conversation. Where no partner stands
before the line, the dialog says what to tell the client; when the partner's desk is down,
the refusal is said and the appeal stays."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from desktop.app import Deskline
from desktop.bus import AppealInfo, AppealState
from desktop.lab.lab import LabInfo
from desktop.ui.transfer_dialog import TransferDialog
from supportdesk.protocol import NS
from supportdesk.routing import Availability
from tests.apps import close_app, make_app, shoot, when_shown
from tests.companies import PARTNER, partner_desk, vendor_desk
from tests.peers.xmpp_peer import XmppPeer
from tests.supportdesk_rig import RunningDesk, action, offered, said, wait
from tests.test_appeals_workspace import (
    appeal_of,
    click_item,
    click_row,
    in_work_and_open,
    online,
    press,
)


@pytest.fixture
def elena(qapp: QApplication, two_labs: tuple[LabInfo, LabInfo], tmp_path: Path
          ) -> Iterator[Deskline]:
    """The vendor's specialist's app, signed in to the vendor's lab."""
    app = make_app(qapp, two_labs[1], tmp_path, lab_user="elena")
    yield app
    close_app(app)


def _carded(qtbot: QtBot, app: Deskline, appeal: AppealInfo) -> None:
    """The client's card has come (the dialog's partner is on it)."""
    qtbot.waitUntil(lambda: appeal.id in app.appeals.cards, timeout=10000)


def _elena_free(desk: RunningDesk, vendor: LabInfo) -> None:
    assert desk.component is not None
    presence = desk.component.service.router.presence
    wait(lambda: presence.get(f"elena@{vendor.domain}") is Availability.FREE)


def _transfer(qtbot: QtBot, app: Deskline, act: object) -> None:
    when_shown(TransferDialog, act)  # type: ignore[arg-type]
    press(qtbot, app.window.appeal_bar.transfer_button)


def test_the_vendors_specialist_returns_it_and_the_partner_goes_on(
        qtbot: QtBot, two_labs: tuple[LabInfo, LabInfo], elena: Deskline, tmp_path: Path) -> None:
    partner, vendor = two_labs
    online(qtbot, elena)
    v_line, p_line = f"support@desk.{vendor.domain}", f"support@desk.{partner.domain}"
    p_url, v_url = (f"sqlite:///{tmp_path / n}" for n in ("p.sqlite3", "v.sqlite3"))
    with RunningDesk(vendor_desk(vendor, partner, v_url)) as v_desk, \
            RunningDesk(partner_desk(partner, vendor, p_url)), \
            XmppPeer(partner, "anna", desk_show="") as anna, XmppPeer(partner, "ivan") as ivan:
        _elena_free(v_desk, vendor)
        appeal = in_work_and_open(qtbot, elena, ivan, v_line, "Не приходят счета из 1С")
        _carded(qtbot, elena, appeal)
        shown: list[str] = []

        def return_it(dialog: TransferDialog) -> None:
            assert dialog.partner is not None
            shown.append(dialog.partner.item(0).text())
            shoot(dialog, "return-to-partner")
            click_item(qtbot, dialog.partner, PARTNER)
            assert dialog.colleagues.selectedItems() == []  # one choice
            qtbot.keyClicks(dialog.note_field, "Exchange with 1C is set up by the partner")
            qtbot.keyClick(dialog.note_field, Qt.Key.Key_Return)

        _transfer(qtbot, elena, return_it)
        qtbot.waitUntil(lambda: elena.appeals.appeals[appeal.id].state
                        is AppealState.HANDED_ON, timeout=15000)
        assert shown == [f"Return to the partner: {PARTNER}\nits first line, {p_line}"]
        wait(lambda: said(ivan, v_line, PARTNER))  # told who answers now …
        wait(lambda: said(ivan, p_line, "Переписку мы получили"))  # … and by them
        offer = offered(anna, "Exchange with 1C is set up by the partner", timeout=20)
        assert offer.endswith(f"@desk.{partner.domain}")


def test_without_a_partner_the_dialog_says_what_to_tell_the_client_and_a_refusal_is_said(
        qtbot: QtBot, two_labs: tuple[LabInfo, LabInfo], elena: Deskline, tmp_path: Path) -> None:
    partner, vendor = two_labs
    online(qtbot, elena)
    v_line = f"support@desk.{vendor.domain}"
    with RunningDesk(vendor_desk(vendor, partner, f"sqlite:///{tmp_path / 'v.sqlite3'}")) \
            as v_desk, XmppPeer(partner, "oleg") as oleg, XmppPeer(partner, "ivan") as ivan:
        _elena_free(v_desk, vendor)
        olegs = in_work_and_open(qtbot, elena, oleg, v_line, "Вопрос Олега вендору")
        _carded(qtbot, elena, olegs)
        advice: list[str] = []

        def look(dialog: TransferDialog) -> None:
            assert dialog.partner is None
            label = dialog.findChild(QLabel, "transferNoPartner")
            assert label is not None
            advice.append(label.text())
            shoot(dialog, "return-no-partner")
            dialog.reject()

        _transfer(qtbot, elena, look)
        qtbot.waitUntil(lambda: bool(advice), timeout=5000)
        assert "tell the client which line to write to" in advice[0]
        # The partner's desk is not running: the return is refused, the appeal stays.
        ivans = in_work_and_open(qtbot, elena, ivan, v_line, "Вопрос Ивана вендору")
        _carded(qtbot, elena, ivans)

        def return_it(dialog: TransferDialog) -> None:
            assert dialog.partner is not None
            click_item(qtbot, dialog.partner, PARTNER)
            qtbot.keyClick(dialog.partner, Qt.Key.Key_Return)

        _transfer(qtbot, elena, return_it)
        status = elena.window.statusBar()
        qtbot.waitUntil(lambda: "partner's desk did not take it" in status.currentMessage(),
                        timeout=15000)
        assert f"№{ivans.id}" in status.currentMessage()
        assert elena.appeals.appeals[ivans.id].state is AppealState.IN_WORK
        bar = elena.window.appeal_bar
        assert bar.transfer_button.isEnabled()


@pytest.fixture
def anna(qapp: QApplication, two_labs: tuple[LabInfo, LabInfo], tmp_path: Path
         ) -> Iterator[Deskline]:
    """The partner's specialist's app, signed in to the partner's (the lab's own) server."""
    app = make_app(qapp, two_labs[0], tmp_path / "anna")
    yield app
    close_app(app)


def test_the_partners_specialist_reads_the_conversation_and_the_vendors_note(
        qtbot: QtBot, two_labs: tuple[LabInfo, LabInfo], anna: Deskline, tmp_path: Path
        ) -> None:
    partner, vendor = two_labs
    online(qtbot, anna)
    v_line, p_line = f"support@desk.{vendor.domain}", f"support@desk.{partner.domain}"
    p_url, v_url = (f"sqlite:///{tmp_path / n}" for n in ("p.sqlite3", "v.sqlite3"))
    with RunningDesk(vendor_desk(vendor, partner, v_url)) as v_desk, \
            RunningDesk(partner_desk(partner, vendor, p_url)) as p_desk, \
            XmppPeer(vendor, "elena", desk_show="") as elena, XmppPeer(partner, "ivan") as ivan:
        _elena_free(v_desk, vendor)
        assert p_desk.component is not None
        presence = p_desk.component.service.router.presence
        wait(lambda: presence.get(f"anna@{partner.domain}") is Availability.FREE)
        ivan.send(v_line, "Счета из 1С не выгружаются с понедельника", "v1")
        theirs = offered(elena, "с понедельника", timeout=20)
        assert action(elena, theirs, f"<accept xmlns='{NS}'/>", "acc") == ("result", "")
        elena.send(theirs, "Это настройка обмена, её делает ваш партнёр", "e1")
        wait(lambda: said(ivan, v_line, "её делает ваш партнёр"))
        assert action(elena, theirs, f"<return xmlns='{NS}' note='Обмен с 1С у партнёра'/>",
                      "ret") == ("result", "")
        # In anna's feed as any offer; accepted with Enter, its conversation opens whole.
        offer = appeal_of(qtbot, anna, ivan.jid, AppealState.OFFERED)
        click_row(qtbot, anna, offer.id)
        qtbot.keyClick(anna.window.feed.list, Qt.Key.Key_Return)
        pane = anna.window.chat
        qtbot.waitUntil(lambda: pane.peer == offer.address, timeout=5000)
        qtbot.waitUntil(lambda: {"Счета из 1С не выгружаются с понедельника",
                                 "Это настройка обмена, её делает ваш партнёр"}
                        <= {m.body for m in pane.messages}, timeout=10000)
        by_vendor = next(m for m in pane.messages if m.body.startswith("Это настройка обмена"))
        assert by_vendor.author == "Deskline"  # (the client's own words: his, no author)
        noted = [m for m in pane.messages if "Обмен с 1С у партнёра" in m.body]
        assert len(noted) == 1
        assert noted[0].note
        assert "Deskline" in noted[0].body
        qtbot.waitUntil(lambda: anna.appeals.appeals[offer.id].state is AppealState.IN_WORK,
                        timeout=5000)
        shoot(anna.window, "returned-appeal-at-the-partner")
        # anna answers from her line; the client reads it there.
        qtbot.keyClicks(pane.input, "Ivan, we will set the exchange up now")
        qtbot.keyClick(pane.input, Qt.Key.Key_Return)
        wait(lambda: said(ivan, p_line, "we will set the exchange up now"))
