"""Child server processes of the lab (and of the test rig): start, wait until ready, stop by PID."""

from __future__ import annotations

import contextlib
import fcntl
import os
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path


class ProcessError(RuntimeError):
    """A server program could not be started or did not become ready."""


def find_program(name: str) -> str | None:
    """Full path of a program; also /usr/sbin, which a normal user's PATH lacks on Debian."""
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")


def port_is_free(port: int, host: str = "127.0.0.1", kind: int = socket.SOCK_STREAM) -> bool:
    with socket.socket(socket.AF_INET, kind) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


# Ports our servers will bind, held by this process until it exits (see free_port).
_held: list[int] = []


def _ephemeral_low() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def free_port(host: str = "127.0.0.1") -> int:
    """A port free for both TCP and UDP (SIP listens on both), for a server started later.
    Taken below the kernel's ephemeral range, so that no connection or bind(0) of another
    process gets it before the server binds it, and held with a lock file until this
    process exits, so that no other of our processes chooses it too (a busy machine runs
    several test runs and benchmarks at once)."""
    folder = Path(tempfile.gettempdir()) / "deskline-ports"
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o777)
        folder.chmod(0o1777)  # every user's runs share it
    low, high = 10000, _ephemeral_low()
    for _ in range(200):
        port = random.randrange(low, high)  # noqa: S311 - spreads ports; no secret
        if not (port_is_free(port, host) and port_is_free(port, host, socket.SOCK_DGRAM)):
            continue
        fd = os.open(folder / f"{port}.lock", os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # another of our processes holds it
            os.close(fd)
            continue
        _held.append(fd)  # released when this process exits
        return port
    raise ProcessError("no free port pair on loopback")


def tcp_ready(port: int, host: str = "127.0.0.1") -> Callable[[], bool]:
    def probe() -> bool:
        try:
            with socket.create_connection((host, port), timeout=0.2):
                return True
        except OSError:
            return False

    return probe


class ManagedProcess:
    """One server program; its output goes to a log file that error messages quote."""

    def __init__(self, name: str, argv: Sequence[str], log_path: Path,
                 env: dict[str, str] | None = None, stdin_data: bytes | None = None) -> None:
        self.name = name
        self.argv = list(argv)
        self.log_path = log_path
        self.env = env
        self.stdin_data = stdin_data
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def start(self, ready: Callable[[], bool], timeout: float = 10.0) -> None:
        log = self.log_path.open("ab")
        try:
            self.proc = subprocess.Popen(
                self.argv, stdout=log, stderr=subprocess.STDOUT, env=self.env,
                stdin=subprocess.PIPE if self.stdin_data is not None else subprocess.DEVNULL,
                start_new_session=True,  # Ctrl-C in a terminal reaches us, we stop them in order
            )
        except FileNotFoundError as exc:
            raise ProcessError(f"{self.name}: program {self.argv[0]!r} is not installed") from exc
        finally:
            log.close()
        if self.stdin_data is not None and self.proc.stdin:
            self.proc.stdin.write(self.stdin_data)
            self.proc.stdin.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ProcessError(f"{self.name} exited with code {self.proc.returncode}:\n"
                                   f"{self.log_tail()}")
            if ready():
                return
            time.sleep(0.01)
        self.stop()
        raise ProcessError(f"{self.name} was not ready within {timeout:.0f} s:\n{self.log_tail()}")

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, grace: float = 3.0) -> None:
        """SIGTERM to the process group by PID, SIGKILL after the grace period."""
        if self.proc is None or self.proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(grace)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def log_tail(self, lines: int = 15) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])
