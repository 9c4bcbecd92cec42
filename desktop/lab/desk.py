"""The support desk in the local lab: `deskline desk` with the lab's lines and people
(templates/desk.toml), joined to the lab's Prosody as desk.<domain>."""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from desktop.lab.process import ManagedProcess
from desktop.lab.tls import DOMAIN as PARTNER_DOMAIN

VENDOR_DOMAIN = "vendor.lab"  # the lab's second company: Deskline's makers, a vendor


def desk_process(run_dir: Path, domain: str, component: tuple[int, str],
                 calls: tuple[int, str], remote_port: int,
                 template_name: str = "desk.toml") -> ManagedProcess:
    template = resources.files("desktop.lab").joinpath(f"templates/{template_name}").read_text(
        encoding="utf-8")
    config = run_dir / "desk.toml"
    config.write_text(template.replace("@@DOMAIN@@", domain).replace("@@RUN@@", str(run_dir))
                      .replace("@@COMPONENT_PORT@@", str(component[0]))
                      .replace("@@COMPONENT_SECRET@@", component[1])
                      .replace("@@CALLS_PORT@@", str(calls[0]))
                      .replace("@@CALLS_SECRET@@", calls[1])
                      .replace("@@REMOTE_PORT@@", str(remote_port))
                      .replace("@@PARTNER@@", PARTNER_DOMAIN)
                      .replace("@@VENDOR@@", VENDOR_DOMAIN), encoding="utf-8")
    config.chmod(0o600)  # it holds the component secret
    return ManagedProcess("Support desk", [sys.executable, "-m", "desktop.cli", "desk",
                                           "--config", str(config)], run_dir / "desk.log")


def desk_joined(log: Path) -> Callable[[], bool]:
    def ready() -> bool:
        try:
            return "joined as" in log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return False
    return ready
