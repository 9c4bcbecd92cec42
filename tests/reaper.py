"""Ends every process of a test run once the run's pytest process is gone, however it went.

pytest starts this first (conftest.py), in a session of its own, with the read end of a pipe
whose write end only pytest holds. Every process the run starts inherits the run's marker
in its environment (Xvfb, D-Bus, PulseAudio, the lab servers, peers, apps and the labs they
start). When the pipe closes (pytest exited, crashed, or was killed with SIGKILL), whatever
still carries the marker is killed. Fixtures stop what they started in a normal run; this
catches what a dead run left behind.

    python tests/reaper.py MARKER FD
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path


def marked(marker: bytes) -> list[int]:
    """PIDs of the processes whose environment carries the marker, this one excepted."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:  # gone meanwhile, or not ours to read
            continue
        if marker in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


def main() -> None:
    marker, fd = sys.argv[1].encode(), int(sys.argv[2])
    while os.read(fd, 4096):  # blocks until pytest's end of the pipe is closed
        pass
    for _ in range(20):  # a dying parent may still be starting a child: look again
        pids = marked(marker)
        if not pids:
            return
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                continue
        time.sleep(0.1)


if __name__ == "__main__":
    main()
