"""Prosody as the lab chat server: a private CA, a config and an SQLite archive in WAL mode."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from importlib import resources
from pathlib import Path

from desktop.lab.process import ManagedProcess

DOMAIN = "deskline.lab"


def make_tls(tls_dir: Path, domain: str = DOMAIN) -> Path:
    """A lab CA and a server certificate signed by it; clients verify against the CA file."""
    tls_dir.mkdir(parents=True, exist_ok=True)
    ca_key, ca_crt = tls_dir / "ca.key", tls_dir / "ca.crt"
    key, csr, crt = tls_dir / "server.key", tls_dir / "server.csr", tls_dir / "server.crt"
    ext = tls_dir / "server.ext"
    ext.write_text(f"subjectAltName=DNS:{domain},DNS:rooms.{domain},IP:127.0.0.1\n"
                   "extendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n")
    steps = [
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-nodes", "-keyout", ca_key, "-out", ca_crt, "-days", "30",
         "-subj", "/CN=Deskline lab CA"],
        ["openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
         "-keyout", key, "-out", csr, "-subj", f"/CN={domain}"],
        ["openssl", "x509", "-req", "-in", csr, "-CA", ca_crt, "-CAkey", ca_key,
         "-CAcreateserial", "-out", crt, "-days", "30", "-extfile", ext],
    ]
    for argv in steps:
        subprocess.run([str(a) for a in argv], check=True, capture_output=True)
    key.chmod(0o600)
    return ca_crt


def make_archive(data_dir: Path) -> None:
    """WAL is a property of the database file: set it once, Prosody keeps it."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(data_dir / "archive.sqlite") as db:
        db.execute("PRAGMA journal_mode=WAL")


def write_config(path: Path, run_dir: Path, port: int, domain: str = DOMAIN) -> None:
    template = resources.files("desktop.lab").joinpath("templates/prosody.cfg.lua").read_text()
    text = (template.replace("@@RUN@@", str(run_dir)).replace("@@PORT@@", str(port))
            .replace("@@DOMAIN@@", domain)
            .replace("@@RUN_AS_ROOT@@", "true" if os.geteuid() == 0 else "false"))
    path.write_text(text)


def prosody_process(run_dir: Path, port: int) -> ManagedProcess:
    make_tls(run_dir / "tls")
    make_archive(run_dir / "prosody-data")
    cfg = run_dir / "prosody.cfg.lua"
    write_config(cfg, run_dir, port)
    return ManagedProcess("Prosody", ["prosody", "-F", "--config", str(cfg)],
                          run_dir / "prosody.log")
