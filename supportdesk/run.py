"""`deskline desk --config FILE`: the desk joined to the XMPP server until SIGTERM or Ctrl-C;
it joins again after the server goes away (backoff up to 30 s); SIGHUP reloads the config
without dropping an appeal. On PostgreSQL a second one started beside it is the standby:
it takes over when the active's lease lapses (supportdesk/lease.py)."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from supportdesk.component import DeskComponent
from supportdesk.config import ConfigError, load
from supportdesk.lease import POLL_S, RENEW_S, Lease
from supportdesk.service import ReloadRefusedError
from supportdesk.store import DeskStore

log = logging.getLogger(__name__)
LEASE_LOST = 3  # the exit status of a desk that found another one active


def say(text: str) -> None:
    """What an administrator watching the service should read (journal, terminal), with
    the time it happened."""
    print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} desk: {text}", flush=True)  # noqa: T201


def run(config_file: Path) -> int:
    config = load(config_file)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    lease = active_lease(config.store_url)
    if lease is not None:  # from now on: building the desk may take longer than the lease
        threading.Thread(target=keep_lease, args=(lease,), name="lease", daemon=True).start()
    desk = DeskComponent(config, fence=lease.fence(lost) if lease is not None else None)
    # What start-up made (imports, the recovered appeals) lives as long as the process:
    # out of the collector's walks, whose full ones held the loop 50 ms every few dozen
    # calls in a PBX storm (bench/hostile_desk.py).
    gc.freeze()
    delay = [1.0]

    def joined(_event: Any) -> None:
        delay[0] = 1.0
        say(f"joined as {config.component}")

    def lost_server(_event: Any) -> None:
        if lease is not None and not lease.renew():  # (kicked out by the new active)
            lost(lease.holder()[1])
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
    desk.add_event_handler("disconnected", lost_server)
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopping.set)
    loop.add_signal_handler(signal.SIGHUP, reload)
    desk.connect()
    loop.run_until_complete(stopping.wait())
    loop.run_until_complete(desk.close_relay())
    loop.run_until_complete(desk.disconnect(wait=1))
    desk.release()
    if lease is not None:
        lease.give_back()  # the standby takes over at once
        lease.close()
    return 0


def active_lease(url: str) -> Lease | None:
    """On PostgreSQL: the lease, waited for while another desk holds it (this one is the
    standby until then). SQLite is one process's: None."""
    if not url.startswith("postgresql"):
        return None
    DeskStore(url).close()  # the schema first (the lease's table is in it)
    lease = Lease(url)
    if not lease.take():
        holder, epoch = lease.holder()
        say(f"standby: {holder} is active (epoch {epoch}); taking over when its lease lapses")
        while not taken(lease):
            time.sleep(POLL_S)
    say(f"active (epoch {lease.epoch})")
    return lease


def taken(lease: Lease) -> bool:
    """The standby's look: the database away for a while is waited out, not a reason to end."""
    try:
        return lease.take()
    except SQLAlchemyError as exc:
        log.warning("the store does not answer (%s); the standby waits", type(exc).__name__)
        return False


def keep_lease(lease: Lease) -> None:
    """Renewed every RENEW_S, in a thread of its own: a busy routing loop (a recovery of
    many appeals, a storm) is no reason to hand over; a paused or cut-off process is.
    Found taken: the desk ends."""
    while True:
        time.sleep(RENEW_S)
        try:
            renewed = lease.renew()
        except SQLAlchemyError as exc:  # the database away for a moment: the lease runs on
            log.warning("lease not renewed: %s", type(exc).__name__)
            continue
        if not renewed:
            lost(lease.holder()[1])


def lost(epoch: int) -> None:
    """Another desk took the lease (this one was paused or cut off): nothing more is
    written or sent; the process ends now (its supervisor starts it again, as the standby)."""
    say(f"lost the lease to another desk (epoch {epoch}): stopping without writing")
    os._exit(LEASE_LOST)
