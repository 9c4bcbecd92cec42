"""The lab's two companies for tests (desktop/lab/companies.py): the partner's and the
vendor's Prosody federated on loopback, and the desks' configs each test runs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from pathlib import Path

from desktop.lab.companies import two_companies
from desktop.lab.lab import LabInfo
from desktop.lab.process import free_port
from supportdesk.config import DeskConfig, FirstLine, Line, Organisation
from tests.supportdesk_rig import lab_config

PARTNER = "ООО «Сервис-Партнёр»"
VENDOR_LINE = "Deskline: поддержка вендора"


@contextmanager
def companies(root: Path) -> Iterator[tuple[LabInfo, LabInfo]]:
    """(the partner's lab, the vendor's), both running; their desks are each test's."""
    partner, vendor = two_companies(root, free_port(), free_port(), desks=False)
    with ExitStack() as labs:
        yield labs.enter_context(partner), labs.enter_context(vendor)


def partner_desk(partner: LabInfo, vendor: LabInfo, store_url: str,
                 trusted: bool = True) -> DeskConfig:
    """The partner's desk (the lab's own): its first line `support` takes appeals the
    vendor's desk returns (when `trusted`)."""
    return replace(lab_config(partner, store_url),
                   accept_from=(f"desk.{vendor.domain}",) if trusted else ())


def vendor_desk(vendor: LabInfo, partner: LabInfo, store_url: str,
                first_line: str = "support") -> DeskConfig:
    """The vendor's desk: elena on its line; ivan connected by the partner (his appeals go
    back to the partner's `first_line`), oleg the vendor's own client (nowhere to go)."""
    v, p = vendor.domain, partner.domain
    return DeskConfig(
        v, "127.0.0.1", vendor.desk_port, vendor.desk_secret, store_url,
        (Line("support", VENDOR_LINE, "", 300, 3, 5, (f"elena@{v}",), (f"gleb@{v}",)),),
        (Organisation("ООО «Ромашка»", (f"ivan@{p}",), ("support",),
                      first_line=FirstLine(f"{first_line}@desk.{p}", PARTNER)),
         Organisation("ИП Морозов О. В.", (f"oleg@{p}",), ("support",))),
        name="Deskline")
