"""Reports in a process of their own: a year's report is seconds of Python over its rows,
and in a thread beside the routing loop it held the interpreter lock the loop needs (an
offer took 256 ms instead of 14 during one, bench/hostile_desk.py). One worker process,
started at the first report, reads the store on its own connection and sends the report
back as plain values; the desk decides first whether the asker may have it."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace

from supportdesk.protocol.report import Report
from supportdesk.reports import build
from supportdesk.store import DeskStore
from supportdesk.store.report_rows import Period


@dataclass(frozen=True)
class Asked:
    """A report its asker may have (DeskService.report_asked checked that)."""

    period: Period
    zone: dt.tzinfo
    names: tuple[tuple[str, str], ...]  # line id -> its name


def make(store: DeskStore, asked: Asked) -> Report:
    period = asked.period
    rows = store.report_rows(period)
    if period.specialist:  # their own: the offers they missed, on their lines' rows too
        own = rows.missed_by.get(period.specialist, 0)
        rows = replace(rows, missed_by={period.specialist: own}, by_line={
            key: replace(c, missed=own) for key, c in rows.by_line.items()})
    report = build(rows, period.since, period.until, period.lines, asked.zone)
    names = dict(asked.names)
    return replace(report, names=tuple((line, names.get(line, line))
                                       for line, _figures in report.lines))


@functools.cache
def _reader(url: str) -> DeskStore:
    """The worker's own connection, kept between reports (the desk migrated the store)."""
    return DeskStore(url, migrate=False)


def _in_worker(url: str, asked: Asked) -> Report:
    return make(_reader(url), asked)


class Reports:
    """Makes reports beside the loop: in the worker process, or (a store in memory, which
    no other process sees) in a thread."""

    def __init__(self, url: str, store: DeskStore) -> None:
        self.url = url
        self.store = store
        self.apart = ":memory:" not in url and url not in ("sqlite://", "sqlite:///")
        self.pool: ProcessPoolExecutor | None = None

    async def make(self, asked: Asked) -> Report:
        loop = asyncio.get_running_loop()
        if not self.apart:
            return await loop.run_in_executor(None, make, self.store, asked)
        if self.pool is None:  # (spawned: nothing of the desk's loop or sockets goes along)
            self.pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        try:
            return await loop.run_in_executor(self.pool, _in_worker, self.url, asked)
        except BrokenProcessPool:
            self.pool = None  # (the worker died: the next report starts another)
            raise

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None
