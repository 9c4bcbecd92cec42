"""A private ejabberd (Debian's) for the desk's smoke test: its own config, spool and TLS in
a temp dir, c2s and the component port on free loopback ports, registration in-band; a
non-distributed Erlang node (no epmd left behind); stopped by PID. As root it runs as the
`ejabberd` system user, as Debian's ejabberdctl does."""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from pathlib import Path

from desktop.lab.lab import LabInfo
from desktop.lab.process import ManagedProcess, ProcessError, free_port, tcp_ready
from desktop.lab.tls import DOMAIN, make_tls

CONFIG = """hosts: ["{domain}"]
loglevel: info
certfiles: ["{pem}"]
listen:
  - {{port: {c2s}, ip: "127.0.0.1", module: ejabberd_c2s, starttls_required: true}}
  - port: {component}
    ip: "127.0.0.1"
    module: ejabberd_service
    hosts:
      "desk.{domain}": {{password: "{secret}"}}
auth_method: internal
registration_timeout: infinity
access_rules:
  register: {{allow: all}}
modules:
  mod_disco: {{}}
  mod_register: {{ip_access: all, access: register}}
  mod_roster: {{}}
  mod_stream_mgmt: {{}}
  mod_ping: {{}}
"""
ERLANG_LIBS = "/usr/lib/x86_64-linux-gnu"  # where Debian puts ejabberd's Erlang applications


class PrivateEjabberd:
    def __init__(self) -> None:
        if shutil.which("erl") is None or not list(Path(ERLANG_LIBS).glob("ejabberd-*")):
            raise ProcessError("ejabberd is not installed (scripts/setup.sh installs it)")
        self.dir = Path(tempfile.mkdtemp(prefix="dl-ej-"))
        self.c2s, self.component = free_port(), free_port()
        self.secret = secrets.token_hex(16)
        ca_file = make_tls(self.dir / "tls")
        pem = self.dir / "server.pem"
        pem.write_bytes(b"".join((self.dir / "tls" / name).read_bytes()
                                 for name in ("server.crt", "ca.crt", "server.key")))
        config = self.dir / "ejabberd.yml"
        config.write_text(CONFIG.format(domain=DOMAIN, pem=pem, c2s=self.c2s,
                                        component=self.component, secret=self.secret))
        (self.dir / "spool").mkdir()
        argv = ["erl", "-noinput", "-noshell", "-mnesia", "dir", f'"{self.dir / "spool"}"',
                "-s", "ejabberd"]
        if os.geteuid() == 0:
            for path in [self.dir, *self.dir.rglob("*")]:
                shutil.chown(path, "ejabberd", "ejabberd")
            argv = ["setpriv", "--reuid=ejabberd", "--regid=ejabberd", "--clear-groups", *argv]
        env = {**os.environ, "EJABBERD_CONFIG_PATH": str(config), "ERL_LIBS": ERLANG_LIBS,
               "EJABBERD_LOG_PATH": str(self.dir / "ejabberd.log"), "HOME": str(self.dir)}
        self.proc = ManagedProcess("ejabberd", argv, self.dir / "erl.log", env=env)
        self.proc.start(lambda: tcp_ready(self.c2s)() and tcp_ready(self.component)(),
                        timeout=30)
        self.info = LabInfo(str(self.dir), 0, self.c2s, 0, DOMAIN, str(ca_file), {}, (),
                            self.component, self.secret)

    def stop(self) -> None:
        self.proc.stop(grace=10)
        shutil.rmtree(self.dir, ignore_errors=True)
