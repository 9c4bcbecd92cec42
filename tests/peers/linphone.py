"""linphonec 5.1 (Debian's linphone-cli: liblinphone, belle-sip) as the client's phone,
driven through its command line as a person would type."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path
from types import TracebackType

from desktop.lab.lab import LabInfo
from desktop.lab.process import free_port


class Linphone:
    def __init__(self, lab: LabInfo, user: str, home: Path, auto_answer: bool = False) -> None:
        # Its database lives here; without the directory its core never reaches "on" and
        # it refuses every incoming call with 500.
        (home / ".local" / "share" / "linphone").mkdir(parents=True, exist_ok=True)
        rc = home / "linphonerc"
        rc.write_text(
            "[sip]\nsip_tcp_port=0\nsip_tls_port=0\ndefault_proxy=0\n"
            "register_only_when_network_is_up=0\n"
            "[proxy_0]\n"
            f"reg_proxy=<sip:127.0.0.1:{lab.sip_port}>\n"
            f"reg_identity=\"{user}\" <sip:{user}@127.0.0.1>\n"
            "reg_expires=600\nreg_sendregister=1\n"
            f"[auth_info_0]\nusername={user}\npasswd={lab.passwords[user]}\n"
            "[sound]\necho_cancellation=0\n")
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            ["linphonec", "-c", str(rc), "-d", "0", *(["-a"] if auto_answer else [])],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={"HOME": str(home), "PATH": "/usr/bin:/bin",
                 **{k: v for k, v in os.environ.items()
                    if k in ("PULSE_SERVER", "XDG_RUNTIME_DIR")}})
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        # A free port of our choosing (its default is 5060), then it registers.
        self.type(f"ports sip {free_port()}")
        self.type("register")
        self.wait_for(self._registered, 10)

    def _registered(self) -> bool:
        self.type("status register")
        time.sleep(0.2)
        return any(line.startswith("registered,") or "registered, identity" in line
                   for line in self.lines)

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def type(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def count(self, text: str) -> int:
        return sum(text in line for line in self.lines)

    def said(self, text: str) -> bool:
        return any(text in line for line in self.lines)

    def wait_for(self, check: object, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        test = check if callable(check) else (lambda: self.said(str(check)))
        while not test():
            if time.monotonic() > deadline:
                raise AssertionError(f"linphonec: {check!r} never came:\n"
                                     + "\n".join(self.lines[-30:]))
            time.sleep(0.1)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.type("terminate all")
            self.type("quit")
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.reader.join(5)
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                pipe.close()

    def __enter__(self) -> Linphone:
        return self

    def __exit__(self, *exc: object | TracebackType) -> None:
        self.close()
