"""Status bar: the PBX registration and the chat connection, each with a coloured dot."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from desktop.audio.devices import DeviceList
from desktop.bus import ChatLinkChanged, LinkProblem, LinkState, PbxLinkChanged
from desktop.ui.i18n import watch_language
from desktop.ui.link_problems import link_problem_text

_COLOUR = {LinkState.OFFLINE: "#8a8a8a", LinkState.CONNECTING: "#d49a3a",
           LinkState.ONLINE: "#2e9b57", LinkState.FAILED: "#c8393b"}


def state_text(state: LinkState) -> str:
    return {LinkState.OFFLINE: QCoreApplication.translate("link", "not connected"),
            LinkState.CONNECTING: QCoreApplication.translate("link", "connecting…"),
            LinkState.ONLINE: QCoreApplication.translate("link", "connected"),
            LinkState.FAILED: QCoreApplication.translate("link", "failed")}[state]


class LinkLabel(QLabel):
    """A coloured dot and the state in words; plain text, so nothing from the network or a
    program's message is ever read as markup."""

    def __init__(self, pbx: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pbx = pbx
        self.state = LinkState.OFFLINE
        self.shown: tuple[str, LinkProblem | None, int] = ("", None, 0)
        self.dot = QLabel("●")  # coloured by the state; the status bar puts it before us
        self.setTextFormat(Qt.TextFormat.PlainText)
        watch_language(self, self._retranslate)

    def _retranslate(self) -> None:
        self.show_state(self.state, *self.shown)

    def show_state(self, state: LinkState, account: str, problem: LinkProblem | None,
                   code: int = 0) -> None:
        self.state, self.shown = state, (account, problem, code)
        what = (QCoreApplication.translate("StatusBar", "PBX") if self.pbx
                else QCoreApplication.translate("StatusBar", "Chat"))
        text = f"{what}: {state_text(state)}"
        if problem is not None:
            text += f" — {link_problem_text(problem, code, self.pbx)}"
        self.setText(text)
        self.dot.setStyleSheet(f"color: {_COLOUR[state]};")
        self.setToolTip(account)


class StatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pbx = LinkLabel(pbx=True)
        self.chat = LinkLabel(pbx=False)
        self.devices: DeviceList | None = None
        self.told = False  # whether the devices were told yet (nothing is said before)
        self.pbx.setObjectName("pbxLink")
        self.chat.setObjectName("chatLink")
        # No sound server or no output: said once, here, while it lasts (calls and new
        # appeals would otherwise come silently).
        self.sound = QLabel()
        self.sound.setObjectName("soundProblem")
        self.sound.setStyleSheet("color: #c62828;")
        self.sound.hide()
        self.addPermanentWidget(self.sound)
        for link in (self.pbx, self.chat):
            self.addPermanentWidget(link.dot)
            self.addPermanentWidget(link)
        watch_language(self, self._retranslate)

    def _retranslate(self) -> None:
        if self.told:
            self.on_devices(self.devices)

    def on_devices(self, devices: DeviceList | None) -> None:
        self.devices, self.told = devices, True
        if devices is None:
            self.sound.setText("🔇 " + self.tr("No sound"))
            self.sound.setToolTip(self.tr(
                "No sound server runs (PulseAudio or PipeWire): calls cannot be heard and new "
                "appeals ring silently. Start one (on Debian: apt install pulseaudio, then "
                "log in again), or plug in a headset."))
        elif not devices.sinks:
            self.sound.setText("🔇 " + self.tr("No speakers"))
            self.sound.setToolTip(self.tr(
                "The sound server has no speakers or headset: plug one in (Settings → Audio "
                "shows what is found)."))
        self.sound.setVisible(devices is None or not devices.sinks)

    def on_pbx_link(self, event: PbxLinkChanged) -> None:
        self.pbx.show_state(event.state, event.account, event.problem, event.code)

    def on_chat_link(self, event: ChatLinkChanged) -> None:
        self.chat.show_state(event.state, event.account, event.problem, event.code)
