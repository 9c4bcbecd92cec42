"""The lab's two companies (DESIGN §10): the partner (the lab as it always was, DOMAIN) and
the vendor (VENDOR_DOMAIN, Deskline's makers), each with its own Prosody and desk, their
servers joined server-to-server on loopback: each on port 5269 of its own 127.x.y.z, names
resolved by a private hosts file, certificates of one CA verified both ways."""

from __future__ import annotations

import random
import socket
from pathlib import Path

from desktop.lab.accounts import VENDOR_PEOPLE
from desktop.lab.desk import VENDOR_DOMAIN
from desktop.lab.lab import Lab, LabError
from desktop.lab.process import free_port
from desktop.lab.prosody import S2S_PORT, Federation
from desktop.lab.tls import DOMAIN, make_ca


def _bindable(address: str) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind((address, S2S_PORT))
        except OSError:
            return False
    return True


def s2s_addresses(count: int, tries: int = 50) -> list[str]:
    """Loopback addresses whose port 5269 is free (a random pick: two labs at once, or a
    Prosody of the system on 127.0.0.1, stay out of each other's way)."""
    found: list[str] = []
    for _ in range(tries):
        address = f"127.{random.randint(1, 254)}.{random.randint(0, 255)}.{random.randint(1, 254)}"  # noqa: S311
        if address not in found and _bindable(address):
            found.append(address)
            if len(found) == count:
                return found
    raise LabError(f"No loopback address with port {S2S_PORT} free for the lab's "
                   "server-to-server link (a server of this machine listens on it on every "
                   "address: stop it, or start the lab without the vendor)")


def _names(domain: str) -> str:
    return " ".join((domain, f"desk.{domain}", f"rooms.{domain}", f"upload.{domain}"))


def two_companies(root: Path, sip_port: int, xmpp_port: int, desks: bool = True,
                  sip_tls_port: int | None = None, demo: bool = False) -> tuple[Lab, Lab]:
    """The partner's lab in root/lab (on these ports, as the lab alone) and the vendor's in
    root/vendor/lab (on free ones), federated through root/federation; not started.
    `desks`: each runs its desk (the tests run their own)."""
    shared = root / "federation"
    shared.mkdir(parents=True, exist_ok=True)
    ca = make_ca(shared / "ca")
    partner_at, vendor_at = s2s_addresses(2)
    hosts = shared / "hosts"
    hosts.write_text(f"{partner_at} {_names(DOMAIN)}\n{vendor_at} {_names(VENDOR_DOMAIN)}\n",
                     encoding="utf-8")
    partner = Lab(root / "lab", sip_port, xmpp_port, sip_tls_port, desk=desks, demo=demo,
                  federation=Federation(partner_at, hosts, ca))
    vendor = Lab(root / "vendor" / "lab", free_port(), free_port(), desk=desks,
                 domain=VENDOR_DOMAIN,
                 federation=Federation(vendor_at, hosts, ca), people=VENDOR_PEOPLE,
                 desk_template="vendor-desk.toml")
    return partner, vendor
