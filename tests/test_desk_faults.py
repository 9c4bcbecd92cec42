"""The desk under faults, run as `deskline desk` is in production: kill -9 under traffic
(nothing stored lost or doubled, offers resume, clients get an error while it is down),
the XMPP server restarting (the desk joins again and routes on), SIGHUP reloading the
config without dropping an appeal."""

from __future__ import annotations

import signal
from pathlib import Path

from desktop.lab.lab import Lab, LabInfo
from desktop.lab.process import free_port
from supportdesk.store import DeskStore
from tests.desk_traffic import Traffic, nothing_lost_or_doubled, stored
from tests.peers.xmpp_peer import XmppPeer
from tests.supportdesk_rig import DeskProcess, desk_knows, desk_toml, offered, said, wait

NS = "urn:deskline:desk:1"


def test_kill_9_under_traffic_loses_and_doubles_nothing_and_offers_resume(
        lab: LabInfo, store_url: str, tmp_path: Path) -> None:
    config = tmp_path / "desk.toml"
    config.write_text(desk_toml(lab, store_url), encoding="utf-8")
    config.chmod(0o600)  # (it holds the component secret)
    line = f"support@desk.{lab.domain}"
    with DeskProcess(config) as desk, XmppPeer(lab, "anna", desk_show="") as anna, \
            XmppPeer(lab, "ivan") as ivan, XmppPeer(lab, "maria") as maria, \
            XmppPeer(lab, "oleg") as oleg:
        desk.wait_said("joined as")
        desk_knows(lab, anna="free")
        ivan.send(line, "ivan 0", "ivan-0")
        accepted = offered(anna, "ivan 0")
        anna.send(accepted, "Слушаю вас", "an-k-1")  # ivan's appeal in work: relayed live
        maria.send(line, "maria 0", "maria-0")
        waiting = offered(anna, "maria 0")  # maria's stays offered, not accepted
        sent: dict[str, list[str]] = {"ivan": ["ivan 0"], "maria": ["maria 0"], "oleg": []}
        with Traffic(line, {"ivan": ivan, "maria": maria, "oleg": oleg}, sent) as traffic:
            # Traffic flows: the desk has kept a few of each client's messages.
            wait(lambda: all(len(bodies) >= 3 for bodies in stored(store_url).values()))
            before = stored(store_url)
            offers_before = sum(1 for m in anna.messages if m["from"] == waiting)
            desk.kill()
            # Down: what clients send now comes back as an error, to each of them.
            wait(lambda: ivan.errors and maria.errors and oleg.errors)
            errors_while_down = ivan.errors + maria.errors + oleg.errors
            mark = len(desk.lines)
            desk.start()
            desk.wait_said("joined as", after=mark)
            joined_at = len(sent["ivan"])  # what ivan sends from here on must all be kept
            # Offers resume: anna told the restarted desk her status; maria's appeal is
            # offered to her again.
            wait(lambda: sum(1 for m in anna.messages if m["from"] == waiting)
                 > offers_before)
            # Traffic flows again: the desk keeps what each client sends.
            wait(lambda: len(sent["ivan"]) > joined_at + 2)
        # Everything sent since the restart is kept (else this times out and fails).
        wait(lambda: set(sent["ivan"][joined_at:]) <= set(stored(store_url)["ivan"]))
        assert errors_while_down, "silence while the desk was down"
        # The server's bounce for a component that is not there (Prosody: timeout).
        assert set(errors_while_down) <= {"remote-server-timeout", "service-unavailable",
                                          "remote-server-not-found"}
        nothing_lost_or_doubled(traffic, store_url, before, joined_at, anna, accepted)
        store = DeskStore(store_url)
        assert len(store.client_appeals(f"ivan@{lab.domain}")) == 1  # the same appeal
        store.close()


def test_the_desk_joins_again_after_the_chat_server_restarts(tmp_path: Path) -> None:
    lab = Lab(tmp_path / "lab", free_port(), free_port(), desk=False)  # the test runs it
    info = lab.start()
    try:
        config = tmp_path / "desk.toml"
        config.write_text(desk_toml(info, f"sqlite:///{tmp_path / 'desk.sqlite3'}"),
                          encoding="utf-8")
        config.chmod(0o600)  # (it holds the component secret)
        with DeskProcess(config) as desk:
            desk.wait_said("joined as")
            mark = len(desk.lines)
            lab.restart_chat(downtime_s=1.5)
            desk.wait_said("went away", after=mark)
            desk.wait_said("joined as", after=mark, timeout=20)
            line = f"support@desk.{info.domain}"
            with XmppPeer(info, "boris", desk_show="") as boris, \
                    XmppPeer(info, "oleg") as oleg:
                desk_knows(info, boris="free")
                oleg.send(line, "После перезапуска сервера", "ol-p-1")
                offered(boris, "После перезапуска сервера")
            assert desk.stop() == 0
    finally:
        lab.stop()


def test_sighup_reloads_the_config_and_keeps_every_appeal(lab: LabInfo, tmp_path: Path) -> None:
    d = lab.domain
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    config = tmp_path / "desk.toml"
    config.write_text(desk_toml(lab, url), encoding="utf-8")
    config.chmod(0o600)  # (it holds the component secret)
    accounting = (f'[[line]]\nid = "accounting"\nname = "Бухгалтерия"\n'
                  f'members = ["boris@{d}"]\n')
    line, other = f"support@desk.{d}", f"accounting@desk.{d}"
    with DeskProcess(config) as desk, XmppPeer(lab, "anna", desk_show="") as anna, \
            XmppPeer(lab, "boris", desk_show="") as boris, XmppPeer(lab, "ivan") as ivan:
        desk.wait_said("joined as")
        desk_knows(lab, anna="free", boris="free")
        ivan.send(line, "Открытое обращение", "hup-1")
        appeal = offered(anna, "Открытое обращение")
        anna.send(appeal, "Работаю", "hup-2")
        ivan.send(other, "Акт сверки", "hup-3")
        wait(lambda: "item-not-found" in ivan.errors)  # no such line yet
        config.write_text(desk_toml(lab, url, extra=accounting,
                                    connected=("support", "accounting")), encoding="utf-8")
        mark = len(desk.lines)
        desk.signal(signal.SIGHUP)
        desk.wait_said("reloaded", after=mark)
        ivan.send(other, "Акт сверки, ещё раз", "hup-4")
        offered(boris, "Акт сверки, ещё раз")
        ivan.send(line, "А по первому вопросу?", "hup-5")  # the open appeal lives on
        wait(lambda: said(anna, appeal, "А по первому вопросу?"))
        # A broken file, and one dropping the line ivan's open appeal is on: refused,
        # saying why; the running config stays.
        config.write_text("domain = [", encoding="utf-8")
        mark = len(desk.lines)
        desk.signal(signal.SIGHUP)
        desk.wait_said("not reloaded", after=mark)
        only_accounting = desk_toml(lab, url, extra=accounting,
                                    connected=("accounting",)).replace(
            'id = "support"', 'id = "gone"')
        config.write_text(only_accounting, encoding="utf-8")
        mark = len(desk.lines)
        desk.signal(signal.SIGHUP)
        desk.wait_said("'support' has open appeals", after=mark)
        ivan.send(line, "Вы ещё здесь?", "hup-6")
        wait(lambda: said(anna, appeal, "Вы ещё здесь?"))
        assert desk.stop() == 0


def test_an_offer_runs_no_clock_while_the_chat_server_is_down(tmp_path: Path) -> None:
    """anna has an offer on a 4 s clock; the chat server is down 8 s: nobody could see the
    offer run, so nothing is recorded against her, and the desk comes back with it still
    hers for the seconds it had left."""
    lab = Lab(tmp_path / "lab", free_port(), free_port(), desk=False)
    info = lab.start()
    try:
        url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
        config = tmp_path / "desk.toml"
        config.write_text(desk_toml(info, url).replace(
            'capacity = 3', 'capacity = 3\naccept_seconds = 4'), encoding="utf-8")
        config.chmod(0o600)  # (it holds the component secret)
        line = f"support@desk.{info.domain}"
        with DeskProcess(config) as desk:
            desk.wait_said("joined as")
            with XmppPeer(info, "anna", desk_show="") as anna, XmppPeer(info, "ivan") as ivan:
                desk_knows(info, anna="free")
                ivan.send(line, "Перед отключением", "down-1")
                appeal = offered(anna, "Перед отключением")
                mark = len(desk.lines)
                lab.restart_chat(downtime_s=8.0)  # twice the clock: the point is the time
                desk.wait_said("joined as", after=mark, timeout=30)
            assert desk.stop() == 0
        store = DeskStore(url)
        kinds = [kind for kind, _who in store.steps(int(appeal.split("@")[0][1:]))]
        store.close()
        assert kinds == ["created", "offered"]
    finally:
        lab.stop()
