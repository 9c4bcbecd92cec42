"""One active desk on a shared PostgreSQL store, a standby waiting (DESIGN §10).

The active holds a lease: one row (`desk_lease`, migration 0009) naming it, with an epoch
and an expiry on the database's clock, renewed every RENEW_S. A standby takes the lease
once it has lapsed (the active killed, its machine gone, its network cut, or paused), the
epoch one higher, and only then builds the desk from the store and joins the chat server.

A desk that is gone (killed, crashed) is told from one that is only paused by a session
advisory lock the active holds on a connection of its own: PostgreSQL lets it go the moment
that connection closes, so a standby that gets it need not wait for the lease to lapse.

Fencing: every write of the desk checks, in its own transaction, that the epoch is still
its own (SELECT … FOR SHARE: a takeover waits for a write under way, and a write after a
takeover sees the new epoch). An active that finds its lease gone — at a renewal or at a
write — says so and ends at once, before it writes anything. SQLite is one process: no
lease."""

from __future__ import annotations

import os
import socket
import threading
import uuid
from collections.abc import Callable

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection

from supportdesk.store.store import driver_url

LEASE_S = 2.0  # a lapsed lease is taken after this long without a renewal
RENEW_S = 0.5  # the active renews this often (four chances before it lapses)
POLL_S = 0.25  # the standby looks this often
# The database's clock (one for both desks), and the statements built from it once: no
# value of anyone's is ever put into their text.
NOW = "extract(epoch from clock_timestamp())"
TAKE = text(f"UPDATE desk_lease SET holder = :me, epoch = epoch + 1, expires_at = {NOW} + :s "  # noqa: S608
            f"WHERE id = 1 AND (expires_at < {NOW} OR :gone) RETURNING epoch")
RENEW = text(f"UPDATE desk_lease SET expires_at = {NOW} + :s "  # noqa: S608
             "WHERE id = 1 AND holder = :me AND epoch = :epoch")
FENCE = text("SELECT epoch FROM desk_lease WHERE id = 1 FOR SHARE")  # (every write runs it)
ALIVE_LOCK = 0x64657361  # the advisory lock of the desk that is alive and active


class LeaseLostError(Exception):
    """Another desk holds the lease now: this one must not write."""


class Lease:
    def __init__(self, url: str, seconds: float = LEASE_S) -> None:
        self.engine = create_engine(driver_url(url), pool_size=3, max_overflow=0,
                                    pool_pre_ping=True, hide_parameters=True)
        self.keeper = self.engine.connect()  # holds ALIVE_LOCK while this desk lives
        self.alive = False  # whether it does
        self.lock = threading.Lock()  # (the renewing thread and the routing loop)
        self.seconds = seconds
        self.me = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.epoch = 0  # ours, once taken

    def _hold_alive(self) -> bool:
        """ALIVE_LOCK ours (already, or now): no other active desk lives."""
        if not self.alive:
            self.alive = bool(self.keeper.execute(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": ALIVE_LOCK}).scalar())
            self.keeper.commit()  # (the lock is the session's: it outlives the transaction)
        return self.alive

    def take(self) -> bool:
        """The lease, if it has lapsed, was given back, or its holder is gone: True when
        it is ours now."""
        with self.lock, self.engine.begin() as db:
            gone = self._hold_alive()
            epoch = db.execute(TAKE, {"me": self.me, "s": self.seconds,
                                      "gone": gone}).scalar()
        if epoch is None:
            return False
        self.epoch = int(epoch)
        return True

    def renew(self) -> bool:
        """Still ours for another `seconds`; False when another desk has taken it."""
        with self.lock, self.engine.begin() as db:
            self._hold_alive()  # (taken from a paused one: ours once it has ended)
            renewed = db.execute(RENEW, {"me": self.me, "epoch": self.epoch,
                                         "s": self.seconds}).rowcount
        return renewed == 1

    def give_back(self) -> None:
        """A clean stop: the standby need not wait for the lease to lapse."""
        with self.engine.begin() as db:
            db.execute(text("UPDATE desk_lease SET expires_at = 0 "
                            "WHERE id = 1 AND holder = :me AND epoch = :epoch"),
                       {"me": self.me, "epoch": self.epoch})

    def holder(self) -> tuple[str, int]:
        with self.engine.connect() as db:
            row = db.execute(text("SELECT holder, epoch FROM desk_lease WHERE id = 1")).one()
        return str(row[0]), int(row[1])

    def fence(self, lost: Callable[[int], None]) -> Callable[[Connection], None]:
        """What the store runs first in each write transaction: `lost(epoch now)` when the
        lease is no longer ours (it does not return: the desk ends)."""
        def check(db: Connection) -> None:
            now = db.execute(FENCE).scalar()
            if now != self.epoch:
                lost(int(now or 0))
                raise LeaseLostError(f"epoch {now}, ours {self.epoch}")
        return check

    def close(self) -> None:
        with self.lock:
            self.keeper.close()  # (ALIVE_LOCK with it)
        self.engine.dispose()
