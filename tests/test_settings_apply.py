"""Settings → Save takes effect at once: a new PBX account registers and a new chat account
signs in, without a restart; the typed passwords reach the real keyring off the GUI
thread."""

from __future__ import annotations

from pathlib import Path

from keyring.backends import SecretService
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QLineEdit, QSpinBox
from pytestqt.qtbot import QtBot

from desktop.bus import CallState, LinkState
from desktop.lab.lab import LabInfo
from desktop.lab.process import ManagedProcess
from desktop.secrets import SERVICE
from desktop.ui.settings_dialog import SettingsDialog
from tests.apps import close_app, make_app, save_button
from tests.peers.client import PeerProcess


def type_into(qtbot: QtBot, dialog: SettingsDialog, name: str, text: str) -> None:
    field = dialog.findChild(QLineEdit, name)
    assert field is not None
    field.selectAll()
    qtbot.keyClicks(field, text)


def test_a_changed_pbx_and_chat_account_apply_on_save(
        qtbot: QtBot, qapp: QApplication, lab: LabInfo, secret_service: ManagedProcess,
        tmp_path: Path) -> None:
    app = make_app(qapp, lab, tmp_path)
    try:
        status = app.window.status
        qtbot.waitUntil(lambda: status.pbx.state is LinkState.ONLINE
                        and status.chat.state is LinkState.ONLINE, timeout=10000)
        assert app.calls.account is not None
        assert app.calls.account.user == "anna"
        dialog = app.settings_dialog()
        dialog.show()  # a child of the window: it goes with the app
        # The demo lab ticked: the servers' fields are not the ones used, so greyed.
        server = dialog.findChild(QLineEdit, "pbx.server")
        assert server is not None
        assert not server.isEnabled()
        lab_box = dialog.findChild(QCheckBox, "labEmbedded")
        assert lab_box is not None
        # On its box, where a person clicks (the row is as wide as the dialog; its middle
        # is past the words, where a click does nothing)
        qtbot.mouseClick(lab_box, Qt.MouseButton.LeftButton,
                         pos=QPoint(8, lab_box.height() // 2))
        assert server.isEnabled()
        for name, text in (("pbx.server", "127.0.0.1"), ("pbx.user", "boris"),
                           ("sip.password", lab.passwords["boris"]),
                           ("chat.jid", f"boris@{lab.domain}"), ("chat.server", "127.0.0.1"),
                           ("chat.ca_file", lab.ca_file),
                           ("xmpp.password", lab.passwords["boris"])):
            type_into(qtbot, dialog, name, text)
        for name, port in (("pbx.port", lab.sip_port), ("chat.port", lab.xmpp_port)):
            spin = dialog.findChild(QSpinBox, name)
            assert spin is not None
            spin.lineEdit().selectAll()
            qtbot.keyClicks(spin, str(port))
        qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)

        # No restart: the same app signs in as boris, and says so in the status bar.
        qtbot.waitUntil(lambda: app.calls.account is not None
                        and app.calls.account.user == "boris"
                        and status.pbx.state is LinkState.ONLINE, timeout=10000)
        qtbot.waitUntil(lambda: app.chat.account == f"boris@{lab.domain}"
                        and status.chat.state is LinkState.ONLINE, timeout=10000)
        # The PBX now rings this app for boris.
        with PeerProcess(lab, "ivan") as ivan:
            ivan.send("call", uri=f"sip:boris@127.0.0.1:{lab.sip_port}")
            qtbot.waitUntil(lambda: any(c.state is CallState.INCOMING
                                        for c in app.calls.calls.values()), timeout=10000)
            ivan.send("hangup")
            qtbot.waitUntil(lambda: not app.calls.calls, timeout=10000)
        keyring = SecretService.Keyring()
        for name in ("sip:boris@127.0.0.1", f"xmpp:boris@{lab.domain}"):
            qtbot.waitUntil(lambda n=name: keyring.get_password(SERVICE, n)
                            == lab.passwords["boris"], timeout=10000)
        assert lab.passwords["boris"] not in (tmp_path / "config" / "settings.json").read_text()
    finally:
        close_app(app)
