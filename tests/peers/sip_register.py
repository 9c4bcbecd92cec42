"""A far party for tests: registers one account with pjsua2 and prints the result as JSON.

Runs as its own process (one pjsua2 Endpoint per process).
Usage: sip_register.py PORT USER PASSWORD
"""

from __future__ import annotations

import json
import sys
import time

import pjsua2 as pj

from desktop.lab.null_endpoint import null_endpoint


class Account(pj.Account):  # type: ignore[misc]
    def __init__(self) -> None:
        super().__init__()
        self.result: tuple[int, str] | None = None

    def onRegState(self, prm: pj.OnRegStateParam) -> None:  # noqa: N802 - pjsua2 callback
        self.result = (int(prm.code), str(prm.reason))


def main() -> int:
    port, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    ep = null_endpoint(16000)
    acfg = pj.AccountConfig()
    acfg.idUri = f"sip:{user}@127.0.0.1"
    acfg.regConfig.registrarUri = f"sip:127.0.0.1:{port}"
    acfg.regConfig.retryIntervalSec = 0  # report the first answer, do not retry
    acfg.sipConfig.authCreds.append(pj.AuthCredInfo("digest", "*", user, 0, password))
    acc = Account()
    acc.create(acfg)
    started = time.monotonic()
    while acc.result is None and time.monotonic() - started < 5:
        ep.libHandleEvents(10)
    code, reason = acc.result or (0, "timeout")
    print(json.dumps({"code": code, "reason": reason,
                      "ms": round((time.monotonic() - started) * 1000, 1)}), flush=True)
    acc.shutdown()
    del acc
    ep.libDestroy()
    return 0


if __name__ == "__main__":
    sys.exit(main())
