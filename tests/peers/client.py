"""Test side of tests/peers/sip_peer.py: start a far party and follow what it says."""

from __future__ import annotations

import contextlib
import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from desktop.lab.lab import LabInfo

SCRIPT = Path(__file__).with_name("sip_peer.py")


class PeerProcess:
    def __init__(self, lab: LabInfo, user: str, tone: int = 0, auto_answer: bool = False,
                 srtp: bool = False, display: str = "") -> None:
        self.user = user
        argv = [sys.executable, str(SCRIPT), str(lab.sip_port), user, lab.passwords[user]]
        if tone:
            argv += ["--tone", str(tone)]
        if auto_answer:
            argv.append("--auto-answer")
        if srtp:
            argv.append("--srtp")
        if display:
            argv += ["--display", display]
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True)
        self.events: list[dict[str, Any]] = []
        self.inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.wait("registered", lambda e: e["code"] == 200)

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            event = json.loads(line)
            self.events.append(event)
            self.inbox.put(event)

    def send(self, op: str, **fields: Any) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps({"op": op, **fields}) + "\n")
        self.proc.stdin.flush()

    def wait(self, ev: str, match: Any = None, timeout: float = 10.0) -> dict[str, Any]:
        """The first event of this kind (seen before or arriving) that matches."""
        deadline = time.monotonic() + timeout
        seen = 0
        while True:
            fresh = self.events[seen:]
            for event in fresh:
                if event["ev"] == ev and (match is None or match(event)):
                    return event
            seen += len(fresh)  # not len(self.events): one may have come meanwhile
            left = deadline - time.monotonic()
            if self.proc.poll() is not None and self.inbox.empty():
                raise AssertionError(f"{self.user}: the peer exited ({self.proc.returncode})")
            if left <= 0:
                raise AssertionError(f"{self.user}: no {ev} event; saw {self.events[-8:]}")
            with contextlib.suppress(queue.Empty):
                self.inbox.get(timeout=min(left, 0.05))

    def hears(self) -> dict[str, float]:
        mark = len(self.events)
        self.send("analyze")
        return self.wait("analysis", lambda e: self.events.index(e) >= mark)

    def call_states(self) -> list[str]:
        return [e["state"] for e in self.events if e["ev"] == "call"]

    def close(self) -> None:
        if self.proc.poll() is None:
            self.send("quit")
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream:
                stream.close()

    def __enter__(self) -> PeerProcess:
        return self

    def __exit__(self, *exc: object | TracebackType) -> None:
        self.close()
