"""Prosody as the lab chat server: a private CA, a config and an SQLite archive in WAL mode."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from desktop.lab.process import ManagedProcess
from desktop.lab.tls import DOMAIN

NO_S2S = 'modules_disabled = { "s2s" }\ns2s_ports = { }'
S2S_PORT = 5269  # where a server finds another without an SRV record (RFC 6120 3.2.2)


@dataclass(frozen=True)
class Federation:
    """Server-to-server among the lab's companies (desktop/lab/companies.py): this server
    on port 5269 of its own loopback address, names resolved by a private hosts file (the
    lab's domains resolve nowhere), certificates of one CA, each verified."""

    address: str  # 127.x.y.z of this server's s2s
    hosts_file: Path
    ca: tuple[Path, Path]  # the CA's key and certificate

    def settings(self) -> str:
        return (f's2s_ports = {{ {S2S_PORT} }}\ns2s_interfaces = {{ "{self.address}" }}\n'
                f'unbound = {{ hoststxt = "{self.hosts_file}" }}\n'
                f's2s_secure_auth = true\nssl = {{ cafile = "{self.ca[1]}" }}')


def make_archive(data_dir: Path) -> None:
    """WAL is a property of the database file: set it once, Prosody keeps it."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(data_dir / "archive.sqlite") as db:
        db.execute("PRAGMA journal_mode=WAL")


def write_config(path: Path, run_dir: Path, port: int, component: tuple[int, str],
                 upload_port: int, domain: str = DOMAIN,
                 federation: Federation | None = None) -> None:
    template = resources.files("desktop.lab").joinpath("templates/prosody.cfg.lua").read_text()
    text = (template.replace("@@RUN@@", str(run_dir)).replace("@@PORT@@", str(port))
            .replace("@@COMPONENT_PORT@@", str(component[0]))
            .replace("@@COMPONENT_SECRET@@", component[1])
            .replace("@@UPLOAD_PORT@@", str(upload_port))
            .replace("@@DOMAIN@@", domain)
            .replace("@@S2S@@", federation.settings() if federation is not None else NO_S2S)
            .replace("@@S2S_MODULES@@", '"s2s"; "dialback";' if federation is not None else "")
            .replace("@@RUN_AS_ROOT@@", "true" if os.geteuid() == 0 else "false"))
    path.write_text(text)


def prosody_process(run_dir: Path, port: int, component: tuple[int, str],
                    upload_port: int, domain: str = DOMAIN,
                    federation: Federation | None = None) -> ManagedProcess:
    """Needs the lab's certificates in run_dir/tls (desktop/lab/tls.py); `component`: the
    port and secret the support desk joins with; `upload_port`: HTTPS of the file uploads;
    `federation`: server-to-server with the lab's other company."""
    make_archive(run_dir / "prosody-data")
    cfg = run_dir / "prosody.cfg.lua"
    write_config(cfg, run_dir, port, component, upload_port, domain, federation)
    return ManagedProcess("Prosody", ["prosody", "-F", "--config", str(cfg)],
                          run_dir / "prosody.log")
