"""`deskline lab --demo`: the lab runs the support desk, and its simulated clients write
appeals, answer the specialist and rate the work (desktop/lab/demo.py, at a test's pace)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from desktop.lab.lab import Lab
from desktop.lab.process import free_port
from supportdesk.store import DeskStore
from tests.peers.xmpp_peer import XmppPeer
from tests.supportdesk_rig import action, number, offered, said, wait


@pytest.mark.lab  # starts a lab of its own
def test_the_demo_clients_write_answer_and_rate(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESKLINE_DEMO_PACE", "0.1")  # seconds where a person takes tens
    lab = Lab(tmp_path / "lab", free_port(), free_port(), demo=True)
    info = lab.start()
    try:
        with XmppPeer(info, "anna", desk_show="") as anna:
            appeal = offered(anna, "Не приходит счёт", timeout=15)  # ivan, within seconds
            anna.send(appeal, "Здравствуйте, Иван Петрович! Уточните адрес почты.", "d-1")
            wait(lambda: said(anna, appeal, "sidorov@romashka.example"), timeout=10)
            anna.send(appeal, "Отправила счёт повторно.", "d-2")
            wait(lambda: said(anna, appeal, "Пришёл, спасибо"), timeout=10)
            assert action(anna, appeal, "<finish xmlns='urn:deskline:desk:1'/>",
                          "d-f") == ("result", "")
            store = DeskStore(f"sqlite:///{info.run_dir}/desk.sqlite3")
            try:
                deadline = time.monotonic() + 10
                while store.rating(number(appeal)) is None and time.monotonic() < deadline:
                    time.sleep(0.2)
                assert store.rating(number(appeal)) == (5, "Быстро разобрались")
                row = store.appeal(number(appeal))
                assert row is not None
                assert (row.client, row.line) == (f"ivan@{info.domain}", "support")
            finally:
                store.close()
    finally:
        lab.stop()


@pytest.mark.lab  # starts a lab of its own
def test_the_demo_client_shows_his_own_screen_when_asked(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """ivan of the demo has a screen of his own (an invoice on his Xvfb): the specialist
    asks, he allows (in the demo at once), and her viewer gets his screen through the
    desk's relay."""
    from tests.test_desk_remote import NS, iq, remote_events  # noqa: PLC0415
    from tests.test_remote_client_app import Viewer  # noqa: PLC0415

    monkeypatch.setenv("DESKLINE_DEMO_PACE", "0.1")
    lab = Lab(tmp_path / "lab", free_port(), free_port(), demo=True)
    info = lab.start()
    try:
        with XmppPeer(info, "anna", desk_show="") as anna:
            appeal = offered(anna, "Не приходит счёт", timeout=15)
            assert iq(anna, appeal, f"<accept xmlns='{NS}'/>", "ds-acc")[0] == "result"
            assert iq(anna, appeal, f"<remote xmlns='{NS}'/>", "ds-ask")[0] == "result"
            wait(lambda: any(e.get("state") == "ready" for e in remote_events(anna, appeal)),
                 timeout=30)
            ready = next(e for e in remote_events(anna, appeal) if e.get("state") == "ready")
            viewer = Viewer(ready["url"], info.ca_file)
            wait(lambda: viewer.seen, timeout=15)
            assert viewer.seen[0] == b"RFB 003.008\n"
    finally:
        lab.stop()
