"""The relay on an event loop and thread of its own: TLS handshakes and the screens' bytes
never take the time of the loop that routes appeals (a thousand bogus legs at once are a
thousand handshakes). The desk hears the relay's word on its own loop."""

from __future__ import annotations

import asyncio
import ssl
import threading
from collections.abc import Callable

from supportdesk.remote.relay import Relay, Seen
from supportdesk.remote.tokens import Tokens


class RelayThread:
    def __init__(self, tokens: Tokens, max_viewers: int, seen: Callable[[Seen], None],
                 desk_loop: asyncio.AbstractEventLoop) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="relay",
                                       daemon=True)
        def heard(said: Seen) -> None:
            desk_loop.call_soon_threadsafe(seen, said)

        self.relay = Relay(tokens, max_viewers, heard)

    def start(self, host: str, port: int, tls: ssl.SSLContext) -> None:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self.relay.start(host, port, tls), self.loop)

    def end(self, session: str) -> None:
        """Every leg of the session closed (from the desk's loop: at once, not waited)."""
        asyncio.run_coroutine_threadsafe(self.relay.end(session), self.loop)

    async def close(self) -> None:
        await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(self.relay.close(),
                                                                   self.loop))
        self.loop.call_soon_threadsafe(self.loop.stop)
        await asyncio.to_thread(self.thread.join, 5)
        self.loop.close()
