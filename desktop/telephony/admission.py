"""Which new INVITEs the engine lets ring (#15.1, #15.7).

A call is refused, before anyone sees it, when:

- it does not come from the PBX's address (a stranger sending straight at our port; on
  UDP the kernel already drops those, see engine._only_from);
- its Request-URI lacks the token we registered in our Contact: the PBX routes calls to
  the registered Contact, so a real call always carries it, while an INVITE forged with
  the PBX's source address does not know it (a UDP source address proves nothing).
"""

from __future__ import annotations

import enum
import secrets
from dataclasses import dataclass, field

CONTACT_PARAM = "dl"


class Refusal(enum.Enum):
    STRANGER = "stranger"  # not from the PBX's address
    UNKNOWN_CONTACT = "unknown-contact"  # from the PBX's address, not to our Contact


@dataclass
class Admission:
    pbx: set[tuple[str, int]] = field(default_factory=set)
    token: str = field(default_factory=lambda: secrets.token_hex(8))
    refused: dict[Refusal, int] = field(default_factory=dict)  # since the last report

    @property
    def contact_params(self) -> str:
        """For the account's Contact URI (pjsua2 contactUriParams)."""
        return f";{CONTACT_PARAM}={self.token}"

    def judge(self, source: str, request_line: str) -> Refusal | None:
        """`source`: "host:port" the INVITE came from; `request_line`: its first line."""
        host, _, port = source.rpartition(":")
        if (host.strip("[]"), int(port) if port.isdigit() else 0) not in self.pbx:
            return self._refuse(Refusal.STRANGER)
        parts = request_line.split(" ")
        uri = parts[1] if len(parts) == 3 else ""
        params = uri.split(";")[1:]
        if f"{CONTACT_PARAM}={self.token}" not in params:
            return self._refuse(Refusal.UNKNOWN_CONTACT)
        return None

    def _refuse(self, why: Refusal) -> Refusal:
        self.refused[why] = self.refused.get(why, 0) + 1
        return why

    def take_report(self) -> dict[Refusal, int]:
        """What was refused since the last call (logged in summary, not per packet)."""
        report, self.refused = self.refused, {}
        return report
