"""Demo traffic for the local lab (`deskline lab --demo`): the lab's clients write to the
support lines now and then, answer the specialist, go quiet after the control question and
rate the work, so a new user sees appeals arrive within a minute of starting.

    python -m desktop.lab.demo RUN_DIR
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from slixmpp import JID, ClientXMPP

from desktop.lab.demo_screen import NS, DemoScreen
from desktop.lab.lab import LabInfo

log = logging.getLogger(__name__)
FIRST_S = (8, 20)  # the first appeal comes this soon after the start …
PAUSE_S = (90, 240)  # … and each client writes again after such a pause
THINK_S = (4, 12)  # a client reads the answer and types for this long


@dataclass(frozen=True)
class Story:
    line: str
    opening: str
    answers: tuple[str, ...]  # said one by one, each after a reply of the specialist
    rating: str


STORIES: dict[str, tuple[Story, ...]] = {
    "ivan": (
        Story("support", "Здравствуйте! Не приходит счёт за ноябрь на почту.",
              ("Адрес sidorov@romashka.example, проверял папку «Спам».",
               "Пришёл, спасибо!"), "5 — Быстро разобрались"),
        Story("accounting", "Добрый день. Нужен акт сверки за третий квартал.",
              ("За июль–сентябрь, в электронном виде.",), "4"),
    ),
    "maria": (
        Story("accounting", "Здравствуйте, в счёте №1542 неверный ИНН.",
              ("Правильный ИНН 7701234567.", "Да, жду исправленный счёт."), "5! Спасибо!"),
        Story("support", "Не могу войти в личный кабинет: пишет «неверный пароль».",
              ("Логин kuznetsova, пароль уже сбрасывала.", "Получилось, спасибо."),
              "5"),
    ),
    "oleg": (
        Story("support", "Добрый день! Как подключить второй номер к тарифу?",
              ("Номер +79267778800.", "Понял, спасибо."), "4, Долго ждал ответа"),
    ),
}
CONTROL = ("ещё чем", "еще чем", "чем-то ещё", "чем-то еще")
DESK_NOTES = ("очеред", "получено", "Вам отвечает")  # the desk's, not an answer


# The tests run the same stories faster: every delay times this.
PACE = float(os.environ.get("DESKLINE_DEMO_PACE", "1") or "1")


def _between(bounds: tuple[int, int]) -> float:
    low, high = bounds
    return (low + secrets.randbelow(high - low + 1)) * PACE


@dataclass
class _Client:
    name: str
    xmpp: ClientXMPP
    component: str
    story: Story | None = None
    said: int = 0
    next_story: int = 0
    quiet: bool = False
    pending: list[asyncio.TimerHandle] = field(default_factory=list)

    def start_appeal(self) -> None:
        stories = STORIES[self.name]
        self.story = stories[self.next_story % len(stories)]
        self.next_story += 1
        self.said, self.quiet = 0, False
        self._send(self.story.line, self.story.opening)

    def heard(self, body: str) -> None:
        """The line said something: a place in the queue, an answer, the control question
        or the request for a rating."""
        story = self.story
        if story is None or any(note in body for note in DESK_NOTES):
            return
        if "Оцените" in body or "оцените" in body:
            self._later(THINK_S, lambda: self._finish(story))
        elif any(mark in body for mark in CONTROL):
            self.quiet = True  # the client is content: the desk finishes it after a while
        elif not self.quiet and self.said < len(story.answers):
            answer = story.answers[self.said]
            self.said += 1
            self._later(THINK_S, lambda: self._send(story.line, answer))

    def _finish(self, story: Story) -> None:
        self._send(story.line, story.rating)
        self.story = None
        self._later(PAUSE_S, self.start_appeal)

    def _send(self, line: str, body: str) -> None:
        self.xmpp.send_message(mto=JID(f"{line}@{self.component}"), mbody=body, mtype="chat")

    def _later(self, bounds: tuple[int, int], action: Any) -> None:
        self.pending.append(asyncio.get_running_loop().call_later(_between(bounds), action))


async def run(info: LabInfo) -> None:
    component = f"desk.{info.domain}"
    screen = DemoScreen(Path(info.run_dir), info.ca_file)  # ivan's own (demo_screen.py)
    stopping = asyncio.Event()
    running: set[asyncio.Future[None]] = set()

    def keep(work: Any) -> None:  # (a reference, or the task may be collected mid-way)
        task = asyncio.ensure_future(work)
        running.add(task)
        task.add_done_callback(running.discard)

    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopping.set)
    for name in STORIES:
        xmpp = ClientXMPP(f"{name}@{info.domain}", info.passwords[name])
        xmpp.ca_certs = Path(info.ca_file)
        xmpp.enable_direct_tls = False
        xmpp.enable_plaintext = False
        client = _Client(name, xmpp, component)

        def on_message(msg: Any, client: _Client = client) -> None:
            if msg["type"] not in ("chat", "normal") or \
                    not msg["from"].bare.endswith(component):
                return
            asked = msg.xml.find(f"{{{NS}}}remote-request")
            control = msg.xml.find(f"{{{NS}}}remote-control-request")
            if client.name == "ivan" and asked is not None:
                keep(screen.allow(client.xmpp, msg["from"].bare, asked.get("session", "")))
            elif client.name == "ivan" and control is not None:
                keep(screen.control(client.xmpp, msg["from"].bare, control.get("session", ""),
                                    control.get("who", "")))
            else:
                client.heard(str(msg["body"]))

        def on_start(_event: Any, client: _Client = client) -> None:
            client.xmpp.send_presence()
            client.pending.append(asyncio.get_running_loop().call_later(
                _between(FIRST_S) + 30 * PACE * list(STORIES).index(client.name),
                client.start_appeal))

        xmpp.add_event_handler("message", on_message)
        xmpp.add_event_handler("session_start", on_start)
        xmpp.connect("127.0.0.1", info.xmpp_port)
    try:
        await stopping.wait()  # until the lab stops this process
    finally:
        screen.stop()


def main() -> int:
    logging.basicConfig(level=logging.WARNING)
    info = LabInfo.load_running(Path(sys.argv[1]))
    if info is None:
        print(f"demo: no lab running in {sys.argv[1]}", file=sys.stderr)  # noqa: T201
        return 1
    print("demo: clients online", flush=True)  # noqa: T201
    asyncio.run(run(info))
    return 0


if __name__ == "__main__":
    sys.exit(main())
