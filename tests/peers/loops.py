"""Ending a slixmpp client that runs in a thread with its own asyncio loop, leaving nothing
open (the suite turns unclosed sockets and loops into failures)."""

from __future__ import annotations

import asyncio
import gc
import threading
from collections.abc import Callable
from typing import Any


def end_client(loop: asyncio.AbstractEventLoop, thread: threading.Thread, client: Any,
               forget: Callable[[], None]) -> None:
    """Disconnects `client` (if any), stops the loop and its thread, closes the loop;
    `forget` drops the caller's reference to the client before the final collection."""
    if client is not None:
        done = threading.Event()

        async def bye() -> None:
            await client.disconnect(wait=1)
            done.set()
        loop.call_soon_threadsafe(lambda: asyncio.ensure_future(bye()))
        done.wait(3)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(3)
    pending = asyncio.all_tasks(loop)
    for task in pending:
        task.cancel()
    if pending:
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
    forget()
    gc.collect()  # slixmpp's __del__ needs the loop still open
    loop.close()
