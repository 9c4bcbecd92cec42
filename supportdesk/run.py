"""`deskline desk --config FILE`: the desk joined to the XMPP server until SIGTERM or Ctrl-C;
it joins again after the server goes away (backoff up to 30 s); SIGHUP reloads the config
without dropping an appeal."""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
import time
from pathlib import Path
from typing import Any

from supportdesk.component import DeskComponent
from supportdesk.config import ConfigError, load
from supportdesk.service import ReloadRefusedError

log = logging.getLogger(__name__)


def say(text: str) -> None:
    """What an administrator watching the service should read (journal, terminal), with
    the time it happened."""
    print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} desk: {text}", flush=True)  # noqa: T201


def run(config_file: Path) -> int:
    config = load(config_file)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    desk = DeskComponent(config)
    # What start-up made (imports, the recovered appeals) lives as long as the process:
    # out of the collector's walks, whose full ones held the loop 50 ms every few dozen
    # calls in a PBX storm (bench/hostile_desk.py).
    gc.freeze()
    delay = [1.0]

    def joined(_event: Any) -> None:
        delay[0] = 1.0
        say(f"joined as {config.component}")

    def lost(_event: Any) -> None:
        if not stopping.is_set():
            say(f"the chat server went away; joining again in {delay[0]:.0f} s")
            loop.call_later(delay[0], desk.connect)
            delay[0] = min(delay[0] * 2, 30.0)

    def reload() -> None:
        try:
            notes = desk.service.reconfigure(load(config_file))
        except ConfigError as exc:
            say(f"{config_file} not reloaded, the old config stays: "
                + "; ".join(exc.problems))
            return
        except ReloadRefusedError as exc:
            say(f"{config_file} not reloaded, the old config stays: {exc}")
            return
        desk.describe_lines()  # new lines answer disco too
        say(f"{config_file} reloaded" + "".join(f"; {note}" for note in notes))

    stopping = asyncio.Event()
    desk.add_event_handler("session_start", joined)
    desk.add_event_handler("disconnected", lost)
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopping.set)
    loop.add_signal_handler(signal.SIGHUP, reload)
    desk.connect()
    loop.run_until_complete(stopping.wait())
    loop.run_until_complete(desk.close_relay())
    loop.run_until_complete(desk.disconnect(wait=1))
    desk.release()
    return 0
