"""The client's side of remote sessions in the app (GUI thread, plain state): a request
from a desk is shown for consent; allowed, x11vnc starts on our display and the answer goes
back with its one-time password; the relay's viewers come and go; Stop ends it for
everyone. Widgets hear `requested` and `changed`; they never see the connection."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from desktop.gui_thread import GuiThread, assert_gui_thread
from desktop.remote.request import ControlRequest, RemoteRequest, Sharing
from desktop.remote.screen import ScreenError, SharedScreen
from desktop.tasks import run_background

log = logging.getLogger(__name__)


class ShareActions(Protocol):
    """The connection's remote share feature, as this service uses it."""

    def answer(self, request: RemoteRequest, allow: bool, password: str,
               reason: str = "") -> None: ...
    def share(self, session: str, relay: str, token: str, vnc_port: int,
              ca_file: str) -> None: ...
    def stop(self, request: RemoteRequest) -> None: ...
    def control_answer(self, request: RemoteRequest, who: str, allow: bool) -> None: ...


class RemoteShare(QObject):
    requested = Signal(object)  # RemoteRequest: ask the user
    control_requested = Signal(object)  # ControlRequest: ask the user (nobody has input)
    changed = Signal(object)  # Sharing: who watches, who controls, or over and why

    def __init__(self, gui: GuiThread, work: Path, ca_file: str = "") -> None:
        super().__init__()
        self.gui = gui
        self.work = work
        self.ca_file = ca_file
        self.feature: ShareActions | None = None
        self.current: Sharing | None = None
        self.screen: SharedScreen | None = None
        self.viewer_ports: dict[str, int] = {}
        self.working: list[threading.Thread] = []  # x11vnc's changes under way

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
            if self.feature is not None:  # (the specialist hears why, not a silence)
                self.feature.answer(request, False, "", reason=why)
            self._over(f"failed: {why}")

        run_background(self.gui, "x11vnc", screen.start, started, failed)

    def decline(self, request: RemoteRequest) -> None:
        assert_gui_thread()
        if self.feature is not None:
            self.feature.answer(request, False, "")

    def allow_control(self, asked: ControlRequest) -> None:
        """Keyboard and mouse for that viewer (the one who controlled before loses them)."""
        assert_gui_thread()
        if self.current is None or self.current.over or self.feature is None:
            return
        before = self.current.controller
        if before and before != asked.who:
            self.feature.control_answer(self.current.request, before, False)
        self._input(asked.who, True)
        self.feature.control_answer(self.current.request, asked.who, True)
        self.current = replace(self.current, controller=asked.who)
        self.changed.emit(self.current)

    def decline_control(self, asked: ControlRequest) -> None:
        """No: that viewer is told; whoever controlled before has it back."""
        assert_gui_thread()
        if self.current is None or self.current.over or self.feature is None:
            return
        self.feature.control_answer(self.current.request, asked.who, False)
        if self.current.controller:
            self._input(self.current.controller, True)

    def take_back_control(self) -> None:
        assert_gui_thread()
        if self.current is None or not self.current.controller or self.feature is None:
            return
        who = self.current.controller
        self._input(who, False)
        self.feature.control_answer(self.current.request, who, False)
        self.current = replace(self.current, controller="")
        self.changed.emit(self.current)

    def _input(self, who: str, allowed: bool) -> None:
        screen, port = self.screen, self.viewer_ports.get(who, 0)
        if screen is not None and port:
            self._background(lambda: screen.allow_input(port, allowed), _ignore)

    def _background(self, work: Callable[[], object],
                    done: Callable[[object], None]) -> None:
        self.working = [t for t in self.working if t.is_alive()]
        self.working.append(run_background(self.gui, "x11vnc-input", work, done, _log))

    def shutdown(self) -> None:
        """The app quits: the screen is no longer shared, and nothing is left running."""
        assert_gui_thread()
        self.stop()
        for thread in self.working:
            thread.join(5)

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
        controller = self.current.controller if self.current.controller in viewers else ""
        self.current = Sharing(self.current.request, tuple(viewers), controller=controller)
        self.changed.emit(self.current)

    def on_control_request(self, session: str, who: str, specialist: str) -> None:
        """A viewer asks for control: while the question is on screen nobody has input
        (consent cannot be given through the session), then the user decides."""
        assert_gui_thread()
        if self.current is None or self.current.over or \
                self.current.request.session != session or who not in self.viewer_ports:
            return
        asked = ControlRequest(who, specialist)
        screen = self.screen
        if screen is None:
            return
        ports = list(self.viewer_ports.values())
        # The question shows only once x11vnc took everyone's input away.
        self._background(lambda: [screen.allow_input(port, False) for port in ports],
                         lambda _done: self.control_requested.emit(asked))

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


def _ignore(_result: object) -> None:
    pass


def _log(exc: Exception) -> None:
    log.warning("x11vnc did not take an input change: %s", exc)
