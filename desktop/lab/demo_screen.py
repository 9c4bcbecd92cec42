"""The demo client ivan's own screen (`deskline lab --demo`): a display of his (Xvfb)
showing an invoice, shared when a specialist asks for it. In the demo ivan stands for a
client who says yes at once, to sharing and to control; a real client is asked first
(desktop/ui/remote_consent.py)."""

from __future__ import annotations

import asyncio
import logging
import os
import ssl
import subprocess
from pathlib import Path
from typing import Any

from slixmpp import JID
from slixmpp.xmlstream import ET

from desktop.remote.bridge import Bridge, Viewer
from desktop.remote.screen import SharedScreen

log = logging.getLogger(__name__)
NS = "urn:deskline:desk:1"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
INVOICE = ("Счёт №1542 от 01.12.2026", "ООО «Ромашка», ИНН 7701234567",
           "Тариф «Бизнес», ноябрь 2026 ........ 12 400,00 ₽",
           "Второй номер +79267778800 ............. 1 200,00 ₽",
           "Итого к оплате ......................... 13 600,00 ₽")


class DemoScreen:
    def __init__(self, run_dir: Path, ca_file: str) -> None:
        self.run_dir = run_dir
        self.ca_file = ca_file
        self.display = ""
        self.procs: list[subprocess.Popen[bytes]] = []
        self.screen: SharedScreen | None = None
        self.bridge: asyncio.Task[None] | None = None
        self.ports: dict[str, int] = {}  # viewer -> the local port of their leg

    def _start_display(self) -> None:
        read_fd, write_fd = os.pipe()
        xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0",
                                 "1024x640x24", "-nolisten", "tcp"], pass_fds=(write_fd,),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write_fd)
        with os.fdopen(read_fd) as pipe:
            self.display = ":" + pipe.readline().strip()
        self.procs.append(xvfb)
        picture = self.run_dir / "ivan-invoice.png"
        draw = [arg for n, text in enumerate(INVOICE)
                for arg in ("-draw", f"text 60,{90 + 60 * n} '{text}'")]
        subprocess.run(["convert", "-size", "1024x640", "xc:#f4f6fa", "-font", FONT,
                        "-pointsize", "26", "-fill", "#1d2b3a", *draw, str(picture)],
                       check=True, timeout=30)
        self.procs.append(subprocess.Popen(["display", "-window", "root", str(picture)],
                                           env={**os.environ, "DISPLAY": self.display}))

    async def allow(self, xmpp: Any, line: str, session: str) -> None:
        loop = asyncio.get_running_loop()
        if not self.display:
            await loop.run_in_executor(None, self._start_display)
        if self.screen is not None:
            self.screen.stop()
        screen = self.screen = SharedScreen(self.display, self.run_dir / "ivan-share")
        await loop.run_in_executor(None, screen.start)
        iq = xmpp.make_iq_set(ito=JID(line))
        iq.append(ET.Element(f"{{{NS}}}remote-answer", {
            "session": session, "allow": "true", "password": screen.password}))
        answer = (await iq.send(timeout=15)).xml.find(f"{{{NS}}}remote-answer")
        if answer is None:
            return
        bridge = Bridge(answer.get("relay", ""), answer.get("token", ""), screen.port,
                        ssl.create_default_context(cafile=self.ca_file),
                        joined=self._joined)
        self.bridge = asyncio.ensure_future(bridge.run())
        self.bridge.add_done_callback(lambda _task: screen.stop())

    def _joined(self, viewer: Viewer) -> None:
        self.ports[viewer.who] = viewer.local_port

    async def control(self, xmpp: Any, line: str, session: str, who: str) -> None:
        screen, port = self.screen, self.ports.get(who, 0)
        if screen is None or not port:
            return
        await asyncio.get_running_loop().run_in_executor(None, screen.allow_input, port, True)
        iq = xmpp.make_iq_set(ito=JID(line))
        iq.append(ET.Element(f"{{{NS}}}remote-control-answer", {
            "session": session, "who": who, "allow": "true"}))
        await iq.send(timeout=15)

    def stop(self) -> None:
        if self.bridge is not None:
            self.bridge.cancel()
        if self.screen is not None:
            self.screen.stop()
        for proc in reversed(self.procs):
            proc.terminate()
            proc.wait(5)
