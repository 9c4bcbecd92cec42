"""`deskline desk --config FILE`: the desk joined to the XMPP server until SIGTERM or Ctrl-C;
it joins again after the server goes away (backoff up to 30 s)."""

from __future__ import annotations

import asyncio
import logging
import signal
from pathlib import Path
from typing import Any

from supportdesk.component import DeskComponent
from supportdesk.config import load

log = logging.getLogger(__name__)


def run(config_file: Path) -> int:
    config = load(config_file)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    desk = DeskComponent(config)
    delay = [1.0]

    def joined(_event: Any) -> None:
        delay[0] = 1.0
        print(f"desk: joined as {config.component}", flush=True)  # noqa: T201

    def lost(_event: Any) -> None:
        if not stopping.is_set():
            log.warning("desk: the chat server went away; joining again in %.0f s", delay[0])
            loop.call_later(delay[0], desk.connect)
            delay[0] = min(delay[0] * 2, 30.0)

    stopping = asyncio.Event()
    desk.add_event_handler("session_start", joined)
    desk.add_event_handler("disconnected", lost)
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopping.set)
    desk.connect()
    loop.run_until_complete(stopping.wait())
    loop.run_until_complete(desk.disconnect(wait=1))
    desk.service.store.close()
    return 0
