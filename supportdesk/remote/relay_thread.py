"""The relay on an event loop and thread of its own: TLS handshakes and the screens' bytes
never take the time of the loop that routes appeals (a thousand bogus legs at once are a
thousand handshakes). The desk hears the relay's word on its own loop."""

from __future__ import annotations

import asyncio
import concurrent.futures
import ssl
import threading
from collections.abc import Callable

from supportdesk.remote.code_channel import CodeChannels
from supportdesk.remote.relay import Relay, Seen
from supportdesk.remote.tokens import CodeGrant, Codes, Tokens

CodeSaid = Callable[[CodeGrant, str, dict[str, str]], dict[str, str]]


class RelayThread:
    def __init__(self, tokens: Tokens, max_viewers: int, seen: Callable[[Seen], None],
                 desk_loop: asyncio.AbstractEventLoop, codes: Codes,
                 code_said: CodeSaid) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="relay",
                                       daemon=True)
        def heard(said: Seen) -> None:
            desk_loop.call_soon_threadsafe(seen, said)

        async def said(grant: CodeGrant, name: str, attrs: dict[str, str]
                       ) -> dict[str, str]:  # decided on the desk's loop, awaited here
            answer: concurrent.futures.Future[dict[str, str]] = concurrent.futures.Future()

            def decide() -> None:
                try:
                    answer.set_result(code_said(grant, name, attrs))
                except Exception as exc:  # noqa: BLE001 - carried to the waiting side
                    answer.set_exception(exc)

            desk_loop.call_soon_threadsafe(decide)
            return await asyncio.wrap_future(answer)

        self.codes = CodeChannels(codes, said)
        self.relay = Relay(tokens, max_viewers, heard, codes=self.codes)

    def start(self, host: str, port: int, tls: ssl.SSLContext) -> None:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self.relay.start(host, port, tls), self.loop)

    def end(self, session: str) -> None:
        """Every leg of the session closed (from the desk's loop: at once, not waited)."""
        asyncio.run_coroutine_threadsafe(self.relay.end(session), self.loop)

    def tell_code(self, session: str, name: str, attrs: dict[str, str]) -> None:
        """To the client side on the session's code channel (from the desk's loop)."""
        asyncio.run_coroutine_threadsafe(self.codes.tell(session, name, attrs), self.loop)

    async def close(self) -> None:
        await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(self._close(), self.loop))
        self.loop.call_soon_threadsafe(self.loop.stop)
        await asyncio.to_thread(self.thread.join, 5)
        self.loop.close()

    async def _close(self) -> None:
        """The relay closed, then whatever of it still runs (a handshake, a leg's last
        write) cancelled and finished, so the loop stops with no connection open."""
        await self.relay.close()
        running = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)
