"""Ports for servers started later: out of the kernel's way, and held until we exit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from desktop.lab.process import free_port

CHECKOUT = Path(__file__).resolve().parents[1]


def test_a_chosen_port_is_below_the_kernels_ephemeral_range() -> None:
    low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    assert all(1024 < free_port() < low for _ in range(20))


def test_another_process_does_not_get_a_port_this_one_holds() -> None:
    """The other process draws our port first: it skips it while we hold it."""
    held = free_port()
    other = subprocess.run(
        [sys.executable, "-c",
         "from desktop.lab import process\n"
         "draw = process.random.randrange\n"
         f"picks = iter([{held}])\n"
         "process.random.randrange = lambda low, high: next(picks, None) or draw(low, high)\n"
         "print(process.free_port())\n"],
        capture_output=True, text=True, check=True, cwd=CHECKOUT, timeout=30)
    assert 0 < int(other.stdout) != held
