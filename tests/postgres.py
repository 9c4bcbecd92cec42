"""A private PostgreSQL for the desk's tests and benchmarks: its own cluster in a temp dir,
on a free loopback port, with a password; stopped by PID (fast shutdown). As root (CI) the
server runs as the `postgres` system user (PostgreSQL refuses to run as root)."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy import create_engine, text

from desktop.lab.process import ManagedProcess, ProcessError, free_port


def _bin(name: str) -> str:
    """Debian keeps the server programs out of PATH, under /usr/lib/postgresql/<N>/bin."""
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not found:
        raise ProcessError(f"PostgreSQL's {name} is not installed (scripts/setup.sh "
                           "installs the postgresql package)")
    return str(found[-1])


def _as_owner(argv: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return argv
    return ["setpriv", "--reuid=postgres", "--regid=postgres", "--clear-groups",
            "--reset-env", *argv]


class PrivatePostgres:
    """One cluster; `database(name)` gives a new empty database's URL."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="dl-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        self.password = secrets.token_urlsafe(16)
        self.proc: ManagedProcess | None = None
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        pwfile = self.dir / "pw"
        pwfile.write_text(self.password)
        if os.geteuid() == 0:
            shutil.chown(pwfile, "postgres", "postgres")
        pwfile.chmod(0o600)
        subprocess.run(_as_owner([_bin("initdb"), "-D", str(self.data), "-U", "desk",
                                  "--auth=scram-sha-256", f"--pwfile={pwfile}",
                                  "-E", "UTF8", "--locale=C.UTF-8"]),
                       check=True, capture_output=True, timeout=120)
        pwfile.unlink()
        log = self.dir / "postgres.log"
        log.touch()
        if os.geteuid() == 0:
            shutil.chown(log, "postgres", "postgres")
        self.proc = ManagedProcess("PostgreSQL", _as_owner([
            _bin("postgres"), "-D", str(self.data), "-p", str(self.port),
            "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={self.dir}",
            "-c", "fsync=on", "-c", "max_connections=200"]), log)
        self.proc.start(self._ready, timeout=30)

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://desk:{self.password}@127.0.0.1:{self.port}/postgres"

    def _ready(self) -> bool:
        return subprocess.run([_bin("pg_isready"), "-q", "-h", "127.0.0.1", "-p",
                               str(self.port)], check=False).returncode == 0

    def database(self, name: str) -> str:
        engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as db:
            db.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            db.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return self.admin_url.rsplit("/", 1)[0] + f"/{name}"

    def stop(self) -> None:
        if self.proc is not None and self.proc.pid is not None and self.proc.alive():
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.proc.pid, signal.SIGINT)  # fast shutdown: no waiting for clients
            self.proc.stop(grace=10)
        shutil.rmtree(self.dir, ignore_errors=True)
