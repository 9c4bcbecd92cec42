"""The desk on Debian's ejabberd instead of Prosody (a smoke test): the component joins,
an appeal is routed to a free specialist and relayed both ways."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from supportdesk.config import DeskConfig, Line, Organisation
from supportdesk.routing import Availability
from tests.ejabberd import PrivateEjabberd
from tests.peers.xmpp_peer import XmppPeer
from tests.supportdesk_rig import RunningDesk, knows, offered, said, wait


@pytest.fixture
def ejabberd() -> Iterator[PrivateEjabberd]:
    server = PrivateEjabberd()
    yield server
    server.stop()


def test_the_desk_routes_and_relays_on_ejabberd(ejabberd: PrivateEjabberd,
                                                tmp_path: Path) -> None:
    info = ejabberd.info
    d = info.domain
    config = DeskConfig(d, "127.0.0.1", info.desk_port, info.desk_secret,
                        f"sqlite:///{tmp_path / 'desk.sqlite3'}",
                        (Line("support", "Техподдержка", "", 300, 3, 5, (f"anna@{d}",), ()),),
                        (Organisation("ООО «Ромашка»", (f"ivan@{d}",), ("support",)),))
    line = f"support@desk.{d}"
    with RunningDesk(config) as running, \
            XmppPeer(info, "anna", stranger_password="anna-pw", desk_show="") as anna, \
            XmppPeer(info, "ivan", stranger_password="ivan-pw") as ivan:
        knows(running, info, anna=Availability.FREE)
        ivan.send(line, "Здравствуйте, вопрос по ejabberd", "ej-1")
        appeal = offered(anna, "вопрос по ejabberd")
        anna.send(appeal, "Слушаю вас", "ej-2")
        wait(lambda: said(ivan, line, "Слушаю вас"))
        ivan.send(line, "Спасибо", "ej-3")
        wait(lambda: said(anna, appeal, "Спасибо"))
