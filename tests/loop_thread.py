"""An asyncio loop in a thread of the test's own, ended as asyncio.run ends its loop: every
task still running is cancelled and awaited before the loop stops, so no connection is
left open for the garbage collector to find in a later test (a ResourceWarning there is
an error in someone else's test)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


class LoopThread:
    def __init__(self, name: str = "test-loop") -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name=name, daemon=True)
        self.thread.start()

    def call(self, coro: Coroutine[Any, Any, T], timeout: float = 10) -> T:
        """Run `coro` on the loop and wait for its result."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def spawn(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        """Run `coro` on the loop; close() ends it if it is still running."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    def close(self) -> None:
        if self.loop.is_closed():
            return
        if self.loop.is_running():
            self.call(_settle(), 15)
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(5)
        self.loop.close()


async def _settle() -> None:
    """Every other task cancelled and finished (their `finally`s close what they opened),
    then one turn for the transports' close callbacks."""
    for _ in range(3):  # (a task's cleanup may start others: a leg's, a session's)
        running = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        if not running:
            break
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)
    await asyncio.get_running_loop().shutdown_asyncgens()
    # aiohttp's documented graceful shutdown: TLS transports close in a loop turn or two
    await asyncio.sleep(0.25)
