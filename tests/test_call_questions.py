"""The PBX's questions (supportdesk/http.py) share the desk's loop with the chats: a burst
of them asked at once is answered one per turn of the loop, so whatever else is ready (a
chat to route) runs between them, not after the whole burst. Real sockets, a real asyncio
server; the calls behind it are a stand-in that records the order things ran in."""

from __future__ import annotations

import asyncio
import socket
import threading
from typing import Any

from supportdesk.calls import Answer, Ring
from supportdesk.http import CallQuestions

SECRET = "s" * 16
BURST = 50  # (under the old listen backlog of 100: every connection waits to be accepted)


class Recorder:
    """LineCalls as the questions see it: each route is noted; the first one also makes
    "a chat" ready, as a stanza read from the server is, to run at the loop's next turn."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.order: list[str] = []

    def route(self, *_args: Any) -> Answer:
        if not self.order:
            self.loop.call_soon(self.order.append, "chat")
        self.order.append("question")
        return Answer(Ring.NOT_A_LINE)


def test_a_burst_of_questions_lets_a_chat_through_after_the_first() -> None:
    loop = asyncio.new_event_loop()
    recorder = Recorder(loop)
    questions = CallQuestions(lambda: recorder, SECRET)  # type: ignore[arg-type, return-value]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    loop.run_until_complete(questions.start(port))
    held, sent = threading.Event(), threading.Event()

    def hold() -> None:  # the loop busy elsewhere while the whole burst arrives
        held.set()
        sent.wait(30)

    def ask_all(connections: list[socket.socket]) -> None:
        held.wait(30)
        for n in range(BURST):
            conn = socket.create_connection(("127.0.0.1", port))
            conn.sendall(f"GET /route?number=1&call=c{n}&secret={SECRET} HTTP/1.1\r\n"
                         "\r\n".encode())
            connections.append(conn)
        sent.set()

    connections: list[socket.socket] = []
    asker = threading.Thread(target=ask_all, args=(connections,))
    asker.start()
    loop.call_soon(hold)

    async def answered() -> None:
        while recorder.order.count("question") < BURST:
            await asyncio.sleep(0.01)

    try:
        loop.run_until_complete(asyncio.wait_for(answered(), 30))
        asker.join()
        # The chat ran at the next turn after the first question, not after all fifty.
        assert recorder.order.index("chat") <= 2, recorder.order[:5]
        for conn in connections:
            assert conn.recv(200).startswith(b"HTTP/1.1 404 ")
    finally:
        for conn in connections:
            conn.close()
        questions.close()
        serving = asyncio.all_tasks(loop)  # (each ends at its connection's end)
        loop.run_until_complete(asyncio.gather(*serving, return_exceptions=True))
        loop.close()
