"""The PBX's questions about calls to a line, over HTTP on 127.0.0.1 (Kamailio's
http_client asks them; PROTOCOL.md, "Calls to a line"). Every request carries the shared
secret; answers are one short line of plain text, easy to take apart in a PBX script:

  GET /route?number=N&caller=C&from=URI&call=ID
                                         200 "anna 17 15" (user, appeal, seconds to ring)
                                         404 not a line of ours; 480 "callback 17|reason":
                                         nobody, a callback; the reason for the caller
  GET /next?call=ID&status=408           the one rung did not take it: the same answers
                                         (404 "no such call": not one of ours, or over)
  GET /answered?call=ID                  200
  GET /ended?call=ID                     200
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import socket
import time
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

from supportdesk.calls import Answer, LineCalls, Ring

log = logging.getLogger(__name__)
MAX_REQUEST = 8192  # a PBX's question is a few hundred bytes
READ_S = 5.0
ACCEPT_AT_ONCE = 16  # new connections taken in one turn of the loop
LISTEN_BACKLOG = 1024  # connections the kernel holds until then (a PBX's burst)
STATUS = {200: "OK", 400: "Bad Request", 403: "Forbidden", 404: "Not Found",
          405: "Method Not Allowed", 480: "Temporarily Unavailable", 500: "Server Error"}


def answer_of(found: Answer) -> tuple[int, str]:
    if found.ring is Ring.RING:
        return 200, f"{found.user} {found.appeal} {found.seconds:g}"
    if found.ring is Ring.NOT_A_LINE:
        return 404, "not a line"
    if found.ring is Ring.UNKNOWN:
        return 404, "no such call"
    return 480, f"callback {found.appeal}|{found.reason}"


def _done(step: Callable[[str], None], call: str) -> tuple[int, str]:
    step(call)
    return 200, "ok"


class CallQuestions:
    """Answers the PBX in the desk's event loop (the same thread as the XMPP side)."""

    def __init__(self, calls: Callable[[], LineCalls], secret: str) -> None:
        self.calls = calls
        self.secret = secret.encode()
        self.server: asyncio.AbstractServer | None = None
        self.open: set[asyncio.StreamWriter] = set()  # the PBX keeps its connection
        self.turn: asyncio.Lock | None = None

    async def start(self, port: int) -> None:
        self.turn = asyncio.Lock()
        listening = socket.socket()
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind(("127.0.0.1", port))
        # asyncio accepts up to `backlog` connections in one turn of the loop: a few at a
        # time, so a thousand new ones do not hold it; the kernel keeps the rest waiting
        # (listen again with room for a burst: none is refused, none waits a SYN retry).
        self.server = await asyncio.start_server(self._serve, sock=listening,
                                                 backlog=ACCEPT_AT_ONCE)
        listening.listen(LISTEN_BACKLOG)
        log.info("desk: calls asked at 127.0.0.1:%s", port)

    def close(self) -> None:
        """No more questions: the listener and the kept connections close (the PBX then
        hears nothing, and dials the number as a number)."""
        if self.server is not None:
            self.server.close()
        for writer in list(self.open):
            writer.close()

    def ask(self, target: str) -> tuple[int, str]:
        """One question, `target` as in the request line ("/route?number=…")."""
        parts = urlsplit(target)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if not hmac.compare_digest(query.get("secret", "").encode(), self.secret):
            return 403, "forbidden"
        call = query.get("call", "")
        if not call or len(call) > 256:
            return 400, "call is needed"
        calls = self.calls()
        log.debug("desk: %s %s", parts.path, {k: v for k, v in query.items() if k != "secret"})
        questions: dict[str, Callable[[], tuple[int, str]]] = {
            "/route": lambda: answer_of(calls.route(query.get("number", ""),
                                                    query.get("caller", ""), call,
                                                    query.get("from", ""),
                                                    query.get("referred", ""))),
            "/next": lambda: answer_of(calls.no_answer(call, query.get("status", ""))),
            "/answered": lambda: _done(calls.answered, call),
            "/ended": lambda: _done(calls.ended, call)}
        found = questions.get(parts.path)
        return found() if found is not None else (404, "no such question")

    async def _in_turn(self, target: str) -> tuple[int, str]:
        """One question at a time, each in a turn of the event loop of its own: a thousand
        asked at once wait their turns between the chats (which are read every turn),
        instead of all answered before the next chat is read (1,000 took the desk's loop
        for seconds)."""
        assert self.turn is not None
        async with self.turn:
            began = time.perf_counter()
            answer = self.ask(target)
            # Holding the turn as long again: in a storm of questions at most half of the
            # desk's time (and of a shared machine's) goes to them; chats, which need
            # several turns of the loop each (read, route, the send queue), and the chat
            # server the desk shares the machine with get the rest.
            await asyncio.sleep(time.perf_counter() - began)
        return answer

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """HTTP/1.1 with keep-alive (Kamailio reuses its connection): GET only."""
        self.open.add(writer)
        try:
            while True:
                try:
                    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), READ_S)
                except (TimeoutError, asyncio.IncompleteReadError,
                        asyncio.LimitOverrunError, ConnectionError):
                    return
                if len(head) > MAX_REQUEST:
                    return
                request = head.split(b"\r\n", 1)[0].decode("latin-1").split(" ")
                if len(request) != 3 or request[0] != "GET":
                    code, body = 405, "GET only"
                else:
                    try:
                        code, body = await self._in_turn(request[1])
                    except Exception:  # a store hiccup: the PBX hears 500, the desk goes on
                        log.exception("desk: a call question failed")
                        code, body = 500, "error"
                data = body.encode()
                writer.write(f"HTTP/1.1 {code} {STATUS.get(code, 'Error')}\r\n"
                             f"Content-Type: text/plain\r\nContent-Length: {len(data)}\r\n"
                             "\r\n".encode() + data)
                await writer.drain()
        finally:
            self.open.discard(writer)
            writer.close()
