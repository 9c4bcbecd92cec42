"""The client's side of remote sessions in the app (GUI thread, plain state): a request
from a desk is shown for consent; allowed, x11vnc starts on our display and the answer goes
back with its one-time password; the relay's viewers come and go; Stop ends it for
everyone. Widgets hear `requested` and `changed`; they never see the connection."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from desktop.gui_thread import GuiThread, assert_gui_thread
from desktop.remote.request import RemoteRequest, Sharing
from desktop.remote.screen import ScreenError, SharedScreen
from desktop.tasks import run_background

log = logging.getLogger(__name__)


class ShareActions(Protocol):
    """The connection's remote share feature, as this service uses it."""

    def answer(self, request: RemoteRequest, allow: bool, password: str) -> None: ...
    def share(self, session: str, relay: str, token: str, vnc_port: int,
              ca_file: str) -> None: ...
    def stop(self, request: RemoteRequest) -> None: ...


class RemoteShare(QObject):
    requested = Signal(object)  # RemoteRequest: ask the user
    changed = Signal(object)  # Sharing: who watches, or over and why

    def __init__(self, gui: GuiThread, work: Path, ca_file: str = "") -> None:
        super().__init__()
        self.gui = gui
        self.work = work
        self.ca_file = ca_file
        self.feature: ShareActions | None = None
        self.current: Sharing | None = None
        self.screen: SharedScreen | None = None
        self.viewer_ports: dict[str, int] = {}

    def attach(self, feature: ShareActions | None, ca_file: str) -> None:
        self.feature = feature
        self.ca_file = ca_file

    # --- the user's answers ---------------------------------------------------------------
    def allow(self, request: RemoteRequest) -> None:
        assert_gui_thread()
        if self.current is not None and not self.current.over:
            self.decline(request)  # (one session at a time)
            return
        self.current = Sharing(request)
        screen = self.screen = SharedScreen(os.environ.get("DISPLAY", ""), self.work)

        def started(_port: int) -> None:
            if self.feature is not None and self.screen is screen:
                self.feature.answer(request, True, screen.password)

        def failed(exc: Exception) -> None:
            why = exc.refusal.value if isinstance(exc, ScreenError) else "failed"
            if self.feature is not None:
                self.feature.answer(request, False, "")
            self._over(f"failed: {why}")

        run_background(self.gui, "x11vnc", screen.start, started, failed)

    def decline(self, request: RemoteRequest) -> None:
        assert_gui_thread()
        if self.feature is not None:
            self.feature.answer(request, False, "")

    def stop(self) -> None:
        """The user's Stop: over for every viewer at once."""
        assert_gui_thread()
        if self.current is None or self.current.over:
            return
        if self.feature is not None:
            self.feature.stop(self.current.request)
        self._over("stopped")

    # --- from the connection --------------------------------------------------------------
    def on_request(self, request: RemoteRequest) -> None:
        assert_gui_thread()
        self.requested.emit(request)

    def on_answered(self, session: str, relay: str, token: str) -> None:
        assert_gui_thread()
        if self.current is None or self.current.request.session != session or \
                self.screen is None or self.feature is None:
            return
        self.feature.share(session, relay, token, self.screen.port, self.ca_file)
        self.changed.emit(self.current)

    def on_refused(self, session: str, text: str) -> None:
        assert_gui_thread()
        if self.current is not None and self.current.request.session == session:
            self._over(f"refused: {text}")

    def on_viewer(self, session: str, who: str, joined: bool, local_port: int) -> None:
        assert_gui_thread()
        if self.current is None or self.current.request.session != session:
            return
        viewers = [v for v in self.current.viewers if v != who]
        if joined:
            viewers.append(who)
            self.viewer_ports[who] = local_port
        self.current = Sharing(self.current.request, tuple(viewers))
        self.changed.emit(self.current)

    def on_over(self, session: str) -> None:
        assert_gui_thread()
        if self.current is not None and self.current.request.session == session and \
                not self.current.over:
            self._over("ended")

    def _over(self, why: str) -> None:
        screen, self.screen = self.screen, None
        if screen is not None:
            screen.stop()  # (x11vnc's own stop: a second at most)
        if self.current is not None:
            self.current = Sharing(self.current.request, (), True, why)
            self.changed.emit(self.current)
        self.viewer_ports.clear()
