"""Desktop notifications (org.freedesktop.Notifications over D-Bus, with jeepney).

The D-Bus connection lives in its own thread: a slow or missing notification daemon never
holds up the GUI. Clicks on a notification come back to the GUI thread as the key the
notification was sent with.
"""

from __future__ import annotations

import contextlib
import html
import logging
import queue
import select
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass

from jeepney import DBusAddress, MatchRule, message_bus, new_method_call
from jeepney.io.blocking import DBusConnection, open_dbus_connection

from desktop.gui_thread import GuiThread

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
NOTIFICATIONS = DBusAddress(PATH, bus_name=SERVICE, interface=SERVICE)


@dataclass(frozen=True)
class Notice:
    key: str  # ours: "call:<id>" or "chat:<jid>"; a new notice with a key replaces the old
    title: str
    body: str
    urgent: bool = False


class NotificationClient:
    """show()/close() from the GUI thread; `on_clicked(key)` is called in the GUI thread."""

    def __init__(self, gui: GuiThread, on_clicked: Callable[[str], None],
                 app_name: str = "Deskline", open_label: str = "Open") -> None:
        self.gui = gui
        self.open_label = open_label  # the default action's name, where a daemon shows it
        self.on_clicked = on_clicked
        self.app_name = app_name
        self.markup = False  # the daemon reads the body as markup: ours is escaped then
        self.shown: dict[str, int] = {}  # key -> daemon's id; read in the worker thread only
        self._jobs: queue.SimpleQueue[tuple[str, Notice | str]] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._wake_r, self._wake_w = socket.socketpair()
        for end in (self._wake_r, self._wake_w):
            end.setblocking(False)
        self._thread = threading.Thread(target=self._run, name="notifications", daemon=True)
        self._thread.start()

    # --- GUI thread --------------------------------------------------------------------
    def show(self, notice: Notice) -> None:
        self._jobs.put(("show", notice))
        self._wake()

    def close(self, key: str) -> None:
        self._jobs.put(("close", key))
        self._wake()

    def stop(self) -> None:
        self._stop.set()
        self._wake()
        self._thread.join(1.0)

    def _wake(self) -> None:
        with contextlib.suppress(BlockingIOError):  # already woken: the byte is waiting
            self._wake_w.send(b"!")

    # --- worker thread -----------------------------------------------------------------
    def _run(self) -> None:
        try:
            conn = open_dbus_connection(bus="SESSION")
        except (OSError, KeyError, ValueError) as exc:
            log.info("no session bus for notifications: %s", exc)
            return
        with conn:
            rules = [MatchRule(type="signal", interface=SERVICE, member=member, path=PATH)
                     for member in ("ActionInvoked", "NotificationClosed")]
            for rule in rules:
                conn.send_and_get_reply(message_bus.AddMatch(rule), timeout=2)
            self._ask_capabilities(conn)
            with conn.filter(rules[0]) as actions, conn.filter(rules[1]) as closed:
                while not self._stop.is_set():
                    self._do_jobs(conn)
                    self._receive(conn)  # also what came in while a job waited for a reply
                    while actions:
                        self._clicked(actions.popleft().body)
                    while closed:
                        self._closed(closed.popleft().body)
                    # Asleep until the bus says something or the GUI hands over a job.
                    ready, _, _ = select.select([conn.sock, self._wake_r], [], [])
                    if self._wake_r in ready:
                        with contextlib.suppress(BlockingIOError):
                            self._wake_r.recv(64)

    @staticmethod
    def _receive(conn: DBusConnection) -> None:
        """Everything the bus has sent, into the filters' queues (several messages may have
        come in one read: read until nothing is left)."""
        with contextlib.suppress(TimeoutError):
            while True:
                conn.recv_messages(timeout=0)

    def _ask_capabilities(self, conn: DBusConnection) -> None:
        try:
            reply = conn.send_and_get_reply(new_method_call(NOTIFICATIONS, "GetCapabilities"),
                                            timeout=2)
        except TimeoutError:
            return
        if reply.header.message_type.name == "error":
            log.info("no notification daemon: %s", reply.body)  # it may come later
            return
        self.markup = "body-markup" in reply.body[0]

    def _do_jobs(self, conn: DBusConnection) -> None:
        while not self._jobs.empty():
            kind, what = self._jobs.get()
            try:
                if kind == "show":
                    assert isinstance(what, Notice)
                    self._show(conn, what)
                elif isinstance(what, str) and what in self.shown:
                    conn.send_and_get_reply(new_method_call(
                        NOTIFICATIONS, "CloseNotification", "u", (self.shown.pop(what),)),
                        timeout=2)
            except (TimeoutError, OSError) as exc:
                log.info("notification daemon does not answer: %s", exc)

    def _show(self, conn: DBusConnection, notice: Notice) -> None:
        hints = {"urgency": ("y", 2 if notice.urgent else 1),
                 "desktop-entry": ("s", "deskline"),
                 "category": ("s", "call.incoming" if notice.urgent else "im.received")}
        reply = conn.send_and_get_reply(new_method_call(
            NOTIFICATIONS, "Notify", "susssasa{sv}i",
            (self.app_name, self.shown.get(notice.key, 0), "", notice.title,
             html.escape(notice.body, quote=False) if self.markup else notice.body,
             ["default", self.open_label], hints, 0 if notice.urgent else -1)), timeout=2)
        if reply.header.message_type.name == "error":
            log.info("notification refused: %s", reply.body)
            return
        self.shown[notice.key] = int(reply.body[0])

    def _clicked(self, body: tuple[int, str]) -> None:
        number, _action = body  # the notice stays until the GUI closes it (it read it)
        for key, shown in list(self.shown.items()):
            if shown == number:
                self.gui.call(self.on_clicked, key)

    def _closed(self, body: tuple[int, int]) -> None:
        for key, shown in list(self.shown.items()):
            if shown == body[0]:
                del self.shown[key]
