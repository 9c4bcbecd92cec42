"""Kamailio as the lab PBX: config and db_text user tables generated fresh for every run."""

from __future__ import annotations

import hashlib
import socket
from importlib import resources
from pathlib import Path

from desktop.lab.accounts import DemoPerson
from desktop.lab.process import ManagedProcess, find_program

REALM = "127.0.0.1"


def ha1(user: str, password: str, realm: str = REALM) -> str:
    # MD5 is what SIP digest authentication (RFC 2617) is defined with; not our choice.
    return hashlib.md5(f"{user}:{realm}:{password}".encode()).hexdigest()  # noqa: S324


def write_db(db_dir: Path, people: dict[str, str]) -> None:
    """db_text tables; Kamailio rewrites them at exit, so every lab run starts from a new copy."""
    db_dir.mkdir(parents=True, exist_ok=True)
    (db_dir / "version").write_text("table_name(string) table_version(int)\nsubscriber:7\n")
    rows = ["id(int,auto) username(string) domain(string) ha1(string) ha1b(string)"]
    for i, (user, password) in enumerate(sorted(people.items()), start=1):
        rows.append(f"{i}:{user}:{REALM}:{ha1(user, password)}:"
                    f"{ha1(user + '@' + REALM, password)}")
    (db_dir / "subscriber").write_text("\n".join(rows) + "\n")


def numbers_route(people: tuple[DemoPerson, ...]) -> str:
    lines = []
    for p in people:
        for phone in p.phones:
            digits = phone.number.lstrip("+")
            lines.append(f'    if ($rU == "+{digits}" || $rU == "{digits}") {{ '
                         f'$rU = "{p.username}"; return; }}')
    return "\n".join(lines) or "    return;"


def write_tls_config(path: Path, tls_dir: Path) -> None:
    path.write_text(
        "[server:default]\nmethod = TLSv1.2+\nverify_certificate = no\n"
        f"require_certificate = no\nprivate_key = {tls_dir / 'server.key'}\n"
        f"certificate = {tls_dir / 'server.crt'}\n\n"
        "[client:default]\nmethod = TLSv1.2+\nverify_certificate = no\n"
        "require_certificate = no\n")


def write_config(path: Path, port: int, tls_port: int, db_dir: Path, tls_cfg: Path,
                 people: tuple[DemoPerson, ...], calls: tuple[int, str]) -> None:
    """`calls`: where the desk answers whom a call to a line rings (port, secret)."""
    template = resources.files("desktop.lab").joinpath("templates/kamailio.cfg").read_text()
    text = (template.replace("@@PORT@@", str(port)).replace("@@TLS_PORT@@", str(tls_port))
            .replace("@@DBDIR@@", str(db_dir)).replace("@@TLS_CFG@@", str(tls_cfg))
            .replace("@@NUMBERS@@", numbers_route(people))
            .replace("@@DESK@@", f"http://127.0.0.1:{calls[0]}")
            .replace("@@DESK_SECRET@@", calls[1]))
    path.write_text(text)


def sip_options_ready(port: int) -> bool:
    """Kamailio answers an OPTIONS ping to itself once its workers run."""
    msg = (f"OPTIONS sip:127.0.0.1:{port} SIP/2.0\r\n"
           f"Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK-ready-{port}\r\n"
           f"Max-Forwards: 70\r\nFrom: <sip:probe@127.0.0.1>;tag=probe\r\n"
           f"To: <sip:127.0.0.1:{port}>\r\nCall-ID: ready-{port}@127.0.0.1\r\n"
           "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(0.2)
        sock.bind(("127.0.0.1", 0))
        msg = msg.replace("127.0.0.1:9", f"127.0.0.1:{sock.getsockname()[1]}")
        try:
            sock.sendto(msg.encode(), ("127.0.0.1", port))
            reply = sock.recv(4096)
        except OSError:
            return False
    return reply.startswith(b"SIP/2.0 200")


def kamailio_process(run_dir: Path, port: int, tls_port: int, people: dict[str, str],
                     demo: tuple[DemoPerson, ...], calls: tuple[int, str]) -> ManagedProcess:
    """Needs the lab's certificates in run_dir/tls (desktop/lab/tls.py)."""
    db_dir = run_dir / "kamailio-db"
    cfg = run_dir / "kamailio.cfg"
    write_db(db_dir, people)
    write_tls_config(run_dir / "kamailio-tls.cfg", run_dir / "tls")
    write_config(cfg, port, tls_port, db_dir, run_dir / "kamailio-tls.cfg", demo, calls)
    cfg.chmod(0o600)  # it holds the desk's secret
    argv = [find_program("kamailio") or "kamailio", "-f", str(cfg), "-DD", "-E",
            "-m", "32", "-M", "8",
            "-Y", str(run_dir), "-P", str(run_dir / "kamailio.pid")]
    return ManagedProcess("Kamailio", argv, run_dir / "kamailio.log")
