"""Global hotkeys (pynput): answer, hang up and mute while another window is in front.

Off by default. pynput's listener runs in its own thread; each hotkey is handed to the GUI
thread. Without a display pynput cannot load at all: the feature is then reported
unavailable and the app runs on.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from desktop.bus import CallState
from desktop.gui_thread import GuiThread, assert_gui_thread
from desktop.settings import Settings
from desktop.telephony.service import CallService

log = logging.getLogger(__name__)
ACTIONS = ("answer", "hangup", "mute")


def _quiet_listener(base: Any) -> Any:
    """pynput's X11 listener flushes a display it has just closed when it stops (pynput
    1.8); that error, and only while stopping, is not worth a traceback."""

    class Listener(base):  # type: ignore[misc]
        stopping = False

        def _run(self) -> None:
            from Xlib.error import ConnectionClosedError  # noqa: PLC0415 - X11 only

            try:
                super()._run()
            except (OSError, ConnectionClosedError) as exc:
                if not self.stopping:
                    raise
                log.debug("hotkey listener stopped: %s", exc)

    return Listener


class HotkeyService(QObject):
    status_changed = Signal(str)

    def __init__(self, settings: Settings, calls: CallService, gui: GuiThread) -> None:
        super().__init__()
        self.settings = settings
        self.calls = calls
        self.gui = gui
        self.listener: Any = None
        self.status = QCoreApplication.translate("HotkeyService", "Global hotkeys are off.")

    def apply(self) -> None:
        """(Re)starts the listener from the settings."""
        assert_gui_thread()
        self.stop()
        if not self.settings.get_bool("hotkeys.enabled"):
            self._set_status(QCoreApplication.translate("HotkeyService",
                                                        "Global hotkeys are off."))
            return
        try:
            from pynput import keyboard  # noqa: PLC0415 - needs a display to import
        except Exception as exc:  # noqa: BLE001 - pynput raises several kinds without X
            self._set_status(QCoreApplication.translate(
                "HotkeyService", "Global hotkeys are not available here: {0}").format(exc))
            return
        chosen = [(action, self.settings.get_str(f"hotkeys.{action}")) for action in ACTIONS]
        combos = {combo: self._trigger(action) for action, combo in chosen if combo}
        try:
            self.listener = _quiet_listener(keyboard.GlobalHotKeys)(combos)
            self.listener.start()
        except (ValueError, OSError) as exc:
            self._set_status(QCoreApplication.translate(
                "HotkeyService", "A hotkey cannot be used: {0}").format(exc))
            return
        names = {"answer": QCoreApplication.translate("HotkeyService", "answer"),
                 "hangup": QCoreApplication.translate("HotkeyService", "hang up"),
                 "mute": QCoreApplication.translate("HotkeyService", "mute")}
        self._set_status(QCoreApplication.translate("HotkeyService", "Global hotkeys are on: ")
                         + ", ".join(f"{names[action]} {combo}" for action, combo in chosen
                                     if combo))

    def stop(self) -> None:
        if self.listener is not None:
            self.listener.stopping = True
            self.listener.stop()
            self.listener.join(1)
            self.listener = None

    def _trigger(self, action: str) -> Any:
        def fire() -> None:  # pynput's thread
            self.gui.call(self.run, action)
        return fire

    def run(self, action: str) -> None:
        assert_gui_thread()
        calls = list(self.calls.calls.values())
        if action == "answer":
            ringing = [c for c in calls if c.state is CallState.INCOMING]
            if ringing:
                self.calls.answer(ringing[0].id)
        elif action == "hangup":
            current = ([c for c in calls if c.state is CallState.ACTIVE]
                       or [c for c in calls if c.state is not CallState.INCOMING])
            if current:
                self.calls.hangup(current[0].id)
        elif action == "mute" and calls:
            self.calls.set_mute(not self.calls.muted)

    def _set_status(self, text: str) -> None:
        log.info("%s", text)
        self.status = text
        self.status_changed.emit(text)
