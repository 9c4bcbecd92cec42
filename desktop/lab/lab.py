"""The local lab: Kamailio + Prosody on 127.0.0.1 with the demo accounts."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import os
import secrets
import shutil
import signal
import socket
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from types import TracebackType

from desktop.lab.accounts import PEOPLE, DemoPerson
from desktop.lab.desk import desk_joined, desk_process
from desktop.lab.kamailio import kamailio_process, sip_options_ready
from desktop.lab.process import (
    ManagedProcess,
    ProcessError,
    find_program,
    free_port,
    port_is_free,
    tcp_ready,
)
from desktop.lab.prosody import Federation, prosody_process
from desktop.lab.tls import DOMAIN, make_tls

# Not 5060/5222: Debian starts the packaged Kamailio and Prosody on those.
SIP_PORT = 15060
XMPP_PORT = 15222
SPECIALIST = "anna"


class LabError(RuntimeError):
    """The lab could not start; the message says why in plain words."""


@dataclass(frozen=True)
class LabInfo:
    """What a client needs to sign in to a running lab (lab.json in its run directory)."""

    run_dir: str
    sip_port: int
    xmpp_port: int
    sip_tls_port: int
    domain: str
    ca_file: str
    passwords: dict[str, str]
    pids: tuple[int, ...]
    desk_port: int = 0  # where the support desk joins Prosody as a component (XEP-0114)
    desk_secret: str = ""
    calls_port: int = 0  # where the desk answers Kamailio whom a call to a line rings
    calls_secret: str = ""
    upload_port: int = 0  # HTTPS of the chat server's file uploads (XEP-0363)

    @property
    def sip_domain(self) -> str:
        return "127.0.0.1"

    def save(self) -> None:
        path = Path(self.run_dir) / "lab.json"
        path.write_text(json.dumps(asdict(self), indent=1))
        path.chmod(0o600)  # demo passwords only, but still not for other users

    @classmethod
    def load_running(cls, run_dir: Path) -> LabInfo | None:
        """The lab already running from this directory, or None."""
        try:
            data = json.loads((run_dir / "lab.json").read_text())
            info = cls(**{**data, "pids": tuple(data["pids"])})
        except (OSError, ValueError, TypeError, KeyError):
            return None
        for pid in info.pids:
            try:
                os.kill(pid, 0)
            except OSError:
                return None
        if not tcp_ready(info.xmpp_port)():
            return None
        return info


def _check_ports(sip_port: int, xmpp_port: int, sip_tls_port: int) -> None:
    for port, what, kind in ((sip_port, "SIP (UDP)", socket.SOCK_DGRAM),
                             (sip_port, "SIP (TCP)", socket.SOCK_STREAM),
                             (sip_tls_port, "SIP (TLS)", socket.SOCK_STREAM),
                             (xmpp_port, "XMPP", socket.SOCK_STREAM)):
        if not port_is_free(port, kind=kind):
            raise LabError(
                f"Port {port} for {what} on 127.0.0.1 is already in use by another program. "
                f"Stop that program or start the lab on other ports "
                f"(deskline lab --sip-port N --xmpp-port N).")


class Lab:
    """Starts and stops the lab servers; every child is stopped by PID on stop()."""

    def __init__(self, run_dir: Path, sip_port: int = SIP_PORT, xmpp_port: int = XMPP_PORT,
                 sip_tls_port: int | None = None, desk: bool = True,
                 demo: bool = False, domain: str = DOMAIN,
                 federation: Federation | None = None,
                 people: tuple[DemoPerson, ...] = PEOPLE, desk_template: str = "desk.toml",
                 ) -> None:
        """`desk`: run the support desk (the tests of the desk run their own instead);
        `demo`: and simulated clients writing appeals (desktop/lab/demo.py); `domain`,
        `federation`, `people`, `desk_template`: one of the lab's companies
        (desktop/lab/companies.py)."""
        self.run_dir = run_dir
        self.domain = domain
        self.federation = federation
        self.people = people
        self.desk_template = desk_template
        self.desk = desk or demo
        self.demo = demo
        self.sip_port = sip_port
        self.xmpp_port = xmpp_port
        self.sip_tls_port = sip_tls_port or (
            sip_port + 1 if sip_port == SIP_PORT else free_port())
        self.procs: list[ManagedProcess] = []
        self.info: LabInfo | None = None

    def start(self) -> LabInfo:
        _check_ports(self.sip_port, self.xmpp_port, self.sip_tls_port)
        missing = [p for p in ("kamailio", "prosody", "openssl") if find_program(p) is None]
        if missing:
            raise LabError(f"The lab needs {', '.join(missing)}; install them "
                           "(the README's setup command does).")
        passwords = {p.username: secrets.token_hex(8) for p in self.people}
        desk = (free_port(), secrets.token_hex(16))
        calls = (free_port(), secrets.token_hex(16))
        upload_port = free_port()
        try:
            # Each run starts clean: Kamailio rewrites its db_text tables at exit.
            if self.run_dir.exists():
                shutil.rmtree(self.run_dir)
            self.run_dir.mkdir(parents=True, mode=0o700)
            ca_file = make_tls(self.run_dir / "tls", self.domain,
                               self.federation.ca if self.federation is not None else None)
            kam = kamailio_process(self.run_dir, self.sip_port, self.sip_tls_port, passwords,
                                   self.people, calls)
            self.procs.append(kam)
            kam.start(lambda: sip_options_ready(self.sip_port))
            pros = prosody_process(self.run_dir, self.xmpp_port, desk, upload_port,
                                   self.domain, self.federation)
            self.procs.append(pros)
            pros.start(tcp_ready(self.xmpp_port))
            from desktop.lab.provision import provision  # noqa: PLC0415 - slixmpp is slow to import

            asyncio.run(provision(self.domain, self.xmpp_port, ca_file, passwords,
                                  self.people))
            if self.desk:
                desk_proc = desk_process(self.run_dir, self.domain, desk, calls, free_port(),
                                         self.desk_template)
                self.procs.append(desk_proc)
                desk_proc.start(desk_joined(desk_proc.log_path), timeout=30)
        except (ProcessError, OSError, TimeoutError, RuntimeError) as exc:
            self.stop()
            raise LabError(f"The lab did not start: {exc}") from exc
        except BaseException:
            self.stop()  # never leave servers behind, whatever went wrong
            raise
        self.info = LabInfo(str(self.run_dir), self.sip_port, self.xmpp_port,
                            self.sip_tls_port, self.domain,
                            str(ca_file), passwords, tuple(p.pid or 0 for p in self.procs),
                            desk[0], desk[1], calls[0], calls[1], upload_port)
        self.info.save()
        if self.demo:
            self._start_demo()
        return self.info

    def _start_demo(self) -> None:
        demo = ManagedProcess("Demo clients", [sys.executable, "-m", "desktop.lab.demo",
                                               str(self.run_dir)], self.run_dir / "demo.log")
        self.procs.append(demo)
        try:
            demo.start(lambda: "clients online" in (demo.log_path.read_text(errors="replace")
                                                    if demo.log_path.exists() else ""))
            # Their phones too: a client's number dialled from the card rings them.
            phones = ManagedProcess("Demo phones", [sys.executable, "-m",
                                                    "desktop.lab.demo_phones",
                                                    str(self.run_dir)],
                                    self.run_dir / "demo-phones.log")
            self.procs.append(phones)
            phones.start(lambda: "demo phones registered" in (
                phones.log_path.read_text(errors="replace")
                if phones.log_path.exists() else ""))
        except ProcessError as exc:
            self.stop()
            raise LabError(f"The demo clients did not start: {exc}") from exc
        assert self.info is not None
        self.info = dataclasses.replace(self.info, pids=tuple(p.pid or 0 for p in self.procs))
        self.info.save()

    def restart_pbx(self, downtime_s: float = 0.0) -> None:
        """Kills Kamailio (SIGKILL, as a crash) and starts it again with the same accounts.

        Its registrations are in memory: after this every client must register again.
        """
        assert self.info is not None
        fresh = kamailio_process(self.run_dir, self.sip_port, self.sip_tls_port,
                                 self.info.passwords, self.people,
                                 (self.info.calls_port, self.info.calls_secret))
        self._crash_and_restart(0, fresh, lambda: sip_options_ready(self.sip_port), downtime_s)

    def restart_chat(self, downtime_s: float = 0.0) -> None:
        """Kills Prosody (SIGKILL, as a crash) and starts it again on the same data."""
        old = self.procs[1]
        fresh = ManagedProcess("Prosody", old.argv, old.log_path)
        self._crash_and_restart(1, fresh, tcp_ready(self.xmpp_port), downtime_s)

    def _crash_and_restart(self, index: int, fresh: ManagedProcess,
                           ready: Callable[[], bool], downtime_s: float) -> None:
        old = self.procs[index]
        assert old.name == fresh.name
        if old.proc is not None:
            os.killpg(old.proc.pid, signal.SIGKILL)
            old.proc.wait()
        time.sleep(downtime_s)
        fresh.start(ready)
        self.procs[index] = fresh
        if self.info is not None:
            self.info = dataclasses.replace(self.info,
                                            pids=tuple(p.pid or 0 for p in self.procs))
            self.info.save()

    def stop(self) -> None:
        for proc in reversed(self.procs):
            proc.stop()
        self.procs.clear()
        with contextlib.suppress(OSError):
            (self.run_dir / "lab.json").unlink()

    def alive(self) -> bool:
        return bool(self.procs) and all(p.alive() for p in self.procs)

    def __enter__(self) -> LabInfo:
        return self.start()

    def __exit__(self, *exc: object | TracebackType) -> None:
        self.stop()


def wait_forever(lab: Lab, other: Lab | None = None) -> None:
    """Foreground mode of `deskline lab`: until Ctrl-C or a server dies."""
    labs = [lab] if other is None else [lab, other]
    while all(each.alive() for each in labs):
        time.sleep(0.5)
    dead = [p for each in labs for p in each.procs if not p.alive()]
    if dead:
        raise LabError(f"{dead[0].name} stopped unexpectedly:\n{dead[0].log_tail()}")
