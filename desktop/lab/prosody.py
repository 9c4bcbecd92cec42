"""Prosody as the lab chat server: a private CA, a config and an SQLite archive in WAL mode."""

from __future__ import annotations

import os
import sqlite3
from importlib import resources
from pathlib import Path

from desktop.lab.process import ManagedProcess
from desktop.lab.tls import DOMAIN


def make_archive(data_dir: Path) -> None:
    """WAL is a property of the database file: set it once, Prosody keeps it."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(data_dir / "archive.sqlite") as db:
        db.execute("PRAGMA journal_mode=WAL")


def write_config(path: Path, run_dir: Path, port: int, component: tuple[int, str],
                 upload_port: int, domain: str = DOMAIN) -> None:
    template = resources.files("desktop.lab").joinpath("templates/prosody.cfg.lua").read_text()
    text = (template.replace("@@RUN@@", str(run_dir)).replace("@@PORT@@", str(port))
            .replace("@@COMPONENT_PORT@@", str(component[0]))
            .replace("@@COMPONENT_SECRET@@", component[1])
            .replace("@@UPLOAD_PORT@@", str(upload_port))
            .replace("@@DOMAIN@@", domain)
            .replace("@@RUN_AS_ROOT@@", "true" if os.geteuid() == 0 else "false"))
    path.write_text(text)


def prosody_process(run_dir: Path, port: int, component: tuple[int, str],
                    upload_port: int) -> ManagedProcess:
    """Needs the lab's certificates in run_dir/tls (desktop/lab/tls.py); `component`: the
    port and secret the support desk joins with; `upload_port`: HTTPS of the file uploads."""
    make_archive(run_dir / "prosody-data")
    cfg = run_dir / "prosody.cfg.lua"
    write_config(cfg, run_dir, port, component, upload_port)
    return ManagedProcess("Prosody", ["prosody", "-F", "--config", str(cfg)],
                          run_dir / "prosody.log")
