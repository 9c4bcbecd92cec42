"""profanity 0.13 (Debian's, C and libstrophe: not slixmpp) as the client's XMPP client, run
in a private tmux server and typed into as a person types."""

from __future__ import annotations

import subprocess
import time
import uuid
from pathlib import Path
from types import TracebackType

from pytestqt.exceptions import TimeoutError
from pytestqt.qtbot import QtBot

from desktop.lab.lab import LabInfo
from desktop.ui.chat_pane import ChatPane


class Profanity:
    def __init__(self, lab: LabInfo, user: str, home: Path) -> None:
        self.socket = f"dl-prof-{uuid.uuid4().hex[:8]}"
        self.jid = f"{user}@{lab.domain}"
        home.mkdir(parents=True, exist_ok=True)
        self._tmux("new-session", "-d", "-x", "200", "-y", "50", "-s", "p",
                   "-e", f"HOME={home}", "-e", f"XDG_CONFIG_HOME={home / 'config'}",
                   "-e", f"XDG_DATA_HOME={home / 'data'}", "-e", "TERM=xterm", "profanity")
        self.wait_for("Type /help")
        self.type(f"/connect {self.jid} server 127.0.0.1 port {lab.xmpp_port} tls trust")
        self.wait_for("Enter password")
        self.type(lab.passwords[user])
        # Signed in: the status line says so whichever window is in front (messages kept
        # for the account while it was offline, a desk's rating form say, open their own
        # windows over the console's "logged in successfully").
        self.wait_for("[online]")

    def _tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True,
                              text=True, check=False).stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-J", "-S", "-200", "-t", "p")

    def type(self, line: str) -> None:
        """A line typed into profanity, then Enter."""
        self._tmux("send-keys", "-t", "p", "-l", line)
        self._tmux("send-keys", "-t", "p", "Enter")

    def wait_for(self, text: str, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.screen():
            if time.monotonic() > deadline:
                raise AssertionError(f"profanity never showed {text!r}:\n{self.screen()}")
            time.sleep(0.1)

    def shows_in(self, qtbot: QtBot, pane: ChatPane, text: str, timeout: int = 10000) -> None:
        """Waits until the app's chat pane shows `text`; a failure shows profanity's screen
        too (what it said about what it sent)."""
        try:
            qtbot.waitUntil(lambda: text in pane.view.toPlainText(), timeout=timeout)
        except TimeoutError as exc:
            raise AssertionError(f"the app never showed {text!r}; it shows:\n"
                                 f"{pane.view.toPlainText()}\nprofanity:\n{self.screen()}"
                                 ) from exc

    def close(self) -> None:
        self.type("/quit")
        time.sleep(0.3)
        self._tmux("kill-server")

    def __enter__(self) -> Profanity:
        return self

    def __exit__(self, *exc: object | TracebackType) -> None:
        self.close()
