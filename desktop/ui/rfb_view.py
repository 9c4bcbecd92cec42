"""A remote session's screen drawn natively (desktop/remote/rfb.py in a thread of its own,
painted with QPainter), chosen over noVNC in QtWebEngine by measurement (PROTOCOL.md,
"Remote assistance"; bench/remote.py): a quarter of its memory, half its latency. View
only until the client grants control; then the pointer, keys, Ctrl+Alt+Del, clipboard."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
from concurrent.futures import Future
from typing import Any

import aiohttp
from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeyEvent, QMouseEvent, QPainter, QWheelEvent
from PySide6.QtWidgets import QWidget

from desktop.gui_thread import GuiThread, assert_gui_thread
from desktop.remote.rfb import RfbClient, RfbError, close_quietly, run_in_thread

log = logging.getLogger(__name__)
BUTTONS = {Qt.MouseButton.LeftButton: 1, Qt.MouseButton.MiddleButton: 2,
           Qt.MouseButton.RightButton: 4}
KEYSYMS = {  # where Qt gives no X keysym of its own (not on X11)
    Qt.Key.Key_Return: 0xFF0D, Qt.Key.Key_Enter: 0xFF8D, Qt.Key.Key_Backspace: 0xFF08,
    Qt.Key.Key_Tab: 0xFF09, Qt.Key.Key_Escape: 0xFF1B, Qt.Key.Key_Delete: 0xFFFF,
    Qt.Key.Key_Home: 0xFF50, Qt.Key.Key_Left: 0xFF51, Qt.Key.Key_Up: 0xFF52,
    Qt.Key.Key_Right: 0xFF53, Qt.Key.Key_Down: 0xFF54, Qt.Key.Key_PageUp: 0xFF55,
    Qt.Key.Key_PageDown: 0xFF56, Qt.Key.Key_End: 0xFF57, Qt.Key.Key_Insert: 0xFF63,
    Qt.Key.Key_Shift: 0xFFE1, Qt.Key.Key_Control: 0xFFE3, Qt.Key.Key_Alt: 0xFFE9,
    Qt.Key.Key_Meta: 0xFFEB, **{getattr(Qt.Key, f"Key_F{n}"): 0xFFBD + n for n in range(1, 13)},
}
CONTROL_L, ALT_L, DELETE = 0xFFE3, 0xFFE9, 0xFFFF


class RfbView(QWidget):
    """One session's screen. `state` follows the connection: idle, connecting, connected,
    ended, failed, refused (the password)."""

    state_changed = Signal(str)
    clipboard_received = Signal(str)  # the client's clipboard, while this viewer controls

    def __init__(self, ca_file: str, gui: GuiThread, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("remoteScreen")
        self.ca_file = ca_file
        self.gui = gui  # the connection's thread tells us through it
        self.state = "idle"
        self.granted = False
        self.scaled = True
        self.clipboards = 0
        self.client: RfbClient | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.task: Future[None] | None = None
        self.buttons = 0
        self.ended = False  # end() called: what the connection still says is not shown
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    # --- the window's controls ------------------------------------------------------------
    def open(self, url: str, password: str, view_only: bool = True) -> None:
        """Connect to the relay at `url` (wss://…/viewer/<token>), its certificate checked
        against the company CA; the screen's one-time password."""
        self.granted = not view_only
        tls = ssl.create_default_context(cafile=self.ca_file or None)
        self._set_state("connecting")

        def start(loop: asyncio.AbstractEventLoop) -> None:
            self.task = asyncio.run_coroutine_threadsafe(self._run(url, password, tls), loop)

        self.loop, _thread = run_in_thread(start, "rfb-view")

    def set_view_only(self, view_only: bool) -> None:
        self.granted = not view_only
        if self.client is not None:
            self.client.view_only = view_only

    def set_scaled(self, scaled: bool) -> None:
        self.scaled = scaled
        self.update()

    def send_ctrl_alt_del(self) -> None:
        for keysym, down in ((CONTROL_L, True), (ALT_L, True), (DELETE, True),
                             (DELETE, False), (ALT_L, False), (CONTROL_L, False)):
            self._soon("key", keysym, down)

    def paste(self, text: str) -> None:
        if self.granted and text:
            self._soon("paste", text[:100000])

    def end(self) -> None:
        self.ended = True
        loop, self.loop = self.loop, None
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                asyncio.run_coroutine_threadsafe(self._stop(), loop)

    # --- the connection's thread -------------------------------------------------------------
    async def _run(self, url: str, password: str, tls: ssl.SSLContext) -> None:
        state = "failed"
        try:
            async with aiohttp.ClientSession() as http, \
                    http.ws_connect(url, ssl=tls, max_msg_size=16 * 1024 * 1024,
                                    heartbeat=20.0) as ws:
                def tell(fn: Any, *args: Any) -> None:
                    self.gui.call(lambda: None if self.ended else fn(*args))

                self.client = RfbClient(
                    ws, password, lambda *rect: tell(self._changed, *rect),
                    lambda *size: tell(self._resized, *size),
                    lambda text: tell(self._their_clipboard, text))
                self.client.view_only = not self.granted
                try:
                    await self.client.run()
                finally:
                    await close_quietly(ws)
        except RfbError as exc:
            state = "refused" if str(exc) == "refused" else "failed"
            log.info("remote: the screen's protocol: %s", exc)
        except asyncio.CancelledError:
            state = "ended"
        except (ConnectionError, aiohttp.ClientError, OSError) as exc:
            state = "ended" if self.state == "connected" else "failed"
            log.info("remote: the screen's connection: %s", exc)
        self.gui.call(lambda: None if self.ended else self._set_state(state))

    async def _stop(self) -> None:
        running = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)
        await asyncio.sleep(0.25)  # (TLS transports close: aiohttp's graceful shutdown)
        asyncio.get_running_loop().stop()

    def _soon(self, what: str, *args: Any) -> None:
        client, loop = self.client, self.loop
        if client is None or loop is None or not self.granted:
            return
        with contextlib.suppress(RuntimeError):  # (the loop stopped meanwhile)
            asyncio.run_coroutine_threadsafe(getattr(client, what)(*args), loop)

    # --- GUI thread ------------------------------------------------------------------------
    def _set_state(self, state: str) -> None:
        assert_gui_thread()
        if state != self.state:
            self.state = state
            self.state_changed.emit(state)

    def _resized(self, _width: int, _height: int) -> None:
        if self.state == "connecting":  # (the handshake's end: the screen's size known)
            self._set_state("connected")
        self.update()

    def _their_clipboard(self, text: str) -> None:
        self.clipboards += 1
        if self.granted and text:
            self.clipboard_received.emit(text)

    def _changed(self, x: int, y: int, w: int, h: int) -> None:
        self.update(self._to_widget(QRect(x, y, w, h)).adjusted(-1, -1, 1, 1))

    def _target(self) -> QRect:
        """Where the screen is drawn in the widget (fit, aspect kept; or 1:1)."""
        fb = self.client.screen if self.client is not None else None
        if fb is None or not fb.width:
            return QRect()
        if not self.scaled:
            return QRect(0, 0, fb.width, fb.height)
        factor = min(self.width() / fb.width, self.height() / fb.height)
        w, h = int(fb.width * factor), int(fb.height * factor)
        return QRect((self.width() - w) // 2, (self.height() - h) // 2, w, h)

    def _to_widget(self, rect: QRect) -> QRect:
        target, fb = self._target(), self.client.screen if self.client else None
        if fb is None or not fb.width or target.isEmpty():
            return self.rect()
        fx, fy = target.width() / fb.width, target.height() / fb.height
        return QRect(target.x() + int(rect.x() * fx), target.y() + int(rect.y() * fy),
                     int(rect.width() * fx) + 2, int(rect.height() * fy) + 2)

    def _to_screen(self, point: QPoint) -> tuple[int, int] | None:
        target, fb = self._target(), self.client.screen if self.client else None
        if fb is None or target.isEmpty() or not target.contains(point):
            return None
        return ((point.x() - target.x()) * fb.width // target.width(),
                (point.y() - target.y()) * fb.height // target.height())

    def paintEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.fillRect(event.rect(), QColor(0x2B, 0x2B, 0x2B))
        fb = self.client.screen if self.client is not None else None
        if fb is not None and fb.width:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, self.scaled)
            with fb.lock:
                image = QImage(fb.pixels, fb.width, fb.height, fb.width * 4,
                               QImage.Format.Format_RGB32)
                painter.drawImage(self._target(), image)
        painter.end()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        self._pointer(event.position().toPoint(), self.buttons)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        self.setFocus()
        self.buttons |= BUTTONS.get(event.button(), 0)
        self._pointer(event.position().toPoint(), self.buttons)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        self.buttons &= ~BUTTONS.get(event.button(), 0)
        self._pointer(event.position().toPoint(), self.buttons)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt's name)
        wheel = 8 if event.angleDelta().y() > 0 else 16
        point = event.position().toPoint()
        self._pointer(point, self.buttons | wheel)
        self._pointer(point, self.buttons)

    def _pointer(self, point: QPoint, buttons: int) -> None:
        at = self._to_screen(point)
        if at is not None:
            self._soon("pointer", at[0], at[1], buttons)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        self._key(event, True)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        self._key(event, False)

    def _key(self, event: QKeyEvent, down: bool) -> None:
        if event.isAutoRepeat() and not down:
            return
        keysym = event.nativeVirtualKey() or KEYSYMS.get(Qt.Key(event.key()), 0)
        if not keysym and len(event.text()) == 1:
            code = ord(event.text())
            keysym = code if code <= 0xFF else 0x01000000 + code
        if keysym:
            self._soon("key", keysym, down)

    def focusNextPrevChild(self, _next: bool) -> bool:  # noqa: N802 (Qt's name)
        return False  # (Tab goes to the client's screen, not to the window's buttons)
