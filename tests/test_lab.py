"""The local lab: real Kamailio and Prosody, real SIP REGISTER and XMPP login."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import pwd
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from slixmpp import ClientXMPP

from desktop.chat.vcard import from_vcard
from desktop.lab.accounts import PEOPLE
from desktop.lab.lab import Lab, LabError, LabInfo
from desktop.lab.process import free_port, port_is_free
from desktop.values import Profile
from tests.peers.xmpp_peer import XmppPeer
from tests.rig import pid_alive
from tests.supportdesk_rig import said, wait

PEER = Path(__file__).parent / "peers" / "sip_register.py"
pytestmark = pytest.mark.lab  # every test here runs the real lab servers


def sip_register(port: int, user: str, password: str) -> dict[str, object]:
    out = subprocess.run([sys.executable, str(PEER), str(port), user, password],
                         capture_output=True, text=True, timeout=30, check=True)
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def test_sip_register_with_digest_auth_succeeds(lab: LabInfo) -> None:
    assert sip_register(lab.sip_port, "anna", lab.passwords["anna"])["code"] == 200


def test_sip_register_with_a_wrong_password_is_refused(lab: LabInfo) -> None:
    assert sip_register(lab.sip_port, "anna", "not-the-password")["code"] in (401, 403)


async def _xmpp_login(lab: LabInfo, user: str, password: str) -> tuple[str, Profile | None]:
    client = ClientXMPP(f"{user}@{lab.domain}", password)
    client.ca_certs = Path(lab.ca_file)  # verified against the lab CA, never turned off
    client.enable_plaintext = False
    client.register_plugin("xep_0054")
    outcome: asyncio.Future[tuple[str, Profile | None]] = (
        asyncio.get_running_loop().create_future())

    async def started(_event: object) -> None:
        await client.get_roster(timeout=5)
        iq = await client.plugin["xep_0054"].get_vcard(f"ivan@{lab.domain}", timeout=5)
        roster = sorted(str(j) for j in client.client_roster)
        outcome.set_result((",".join(roster), from_vcard(iq["vcard_temp"])))

    client.add_event_handler("session_start", started)
    client.add_event_handler("failed_auth", lambda _e: outcome.set_result(("failed", None)))
    client.connect("127.0.0.1", lab.xmpp_port)
    try:
        return await asyncio.wait_for(outcome, 10)
    finally:
        await client.disconnect(wait=1)


def test_xmpp_login_roster_and_client_profile(lab: LabInfo) -> None:
    roster, ivan = asyncio.run(_xmpp_login(lab, "anna", lab.passwords["anna"]))
    others = {f"{p.username}@{lab.domain}" for p in PEOPLE if p.username != "anna"}
    assert others <= set(roster.split(","))
    assert ivan is not None
    assert (ivan.first_name, ivan.patronymic, ivan.last_name) == ("Иван", "Петрович", "Сидоров")
    assert ivan.address_name == "Иван Петрович"
    assert ivan.company == "ООО «Ромашка»"
    assert ivan.position == "Директор"
    assert [(p.kind, p.number) for p in ivan.phones] == [("mobile", "+79161234567"),
                                                         ("work", "+74951112233")]


def test_xmpp_login_with_a_wrong_password_fails(lab: LabInfo) -> None:
    assert asyncio.run(_xmpp_login(lab, "anna", "wrong"))[0] == "failed"


def test_a_busy_port_is_refused_clearly(tmp_path: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as busy:
        busy.bind(("127.0.0.1", 0))
        port = busy.getsockname()[1]
        with pytest.raises(LabError, match=rf"Port {port} for SIP \(UDP\).*already in use"):
            Lab(tmp_path / "lab", port, free_port()).start()


def _run_lab_command(tmp_path: Path, user: str | None = None,
                     vendor: Callable[[LabInfo, LabInfo], None] | None = None) -> None:
    """`deskline lab` as a person runs it: wait for its banner, Ctrl-C, all servers gone.
    `vendor`: with --vendor, and this check of (the partner's lab, the vendor's) first."""
    run_dir = tmp_path / "lab"
    checkout = Path(__file__).parents[1]
    sip_port = free_port()
    while not port_is_free(sip_port + 1):  # TLS goes on the next one, as --help says
        sip_port = free_port()
    lab_args = ["-m", "desktop", "lab", "--run-dir", str(run_dir),
                "--sip-port", str(sip_port), "--xmpp-port", str(free_port()),
                *(["--vendor"] if vendor is not None else [])]
    argv = [sys.executable, *lab_args]
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    if user is not None:
        # The checkout may lie in a folder only root can enter (CI clones into `mktemp -d`):
        # the normal user runs it from a bind mount in a private mount namespace instead,
        # so nothing of the checkout's own permissions is changed.
        tmp_path.chmod(0o777)
        mount = tmp_path / "checkout"
        mount.mkdir(mode=0o755)
        venv = Path(sys.executable)
        python = mount / venv.relative_to(checkout) if venv.is_relative_to(checkout) else venv
        entry = pwd.getpwnam(user)
        run_as = ["setpriv", f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}",
                  "--clear-groups", "--reset-env", "--", "env", f"PYTHONPATH={mount}",
                  str(python), *lab_args]
        argv = ["unshare", "--mount", "--propagation", "private", "sh", "-c",
                'mount --bind "$0" "$1" && shift && exec "$@"', str(checkout), str(mount),
                *run_as]
    with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          env=env) as proc:
        try:
            assert proc.stdout is not None
            banner = proc.stdout.readline()
            assert banner.startswith("Local lab running"), banner
            info = json.loads((run_dir / "lab.json").read_text())
            assert info["sip_tls_port"] == sip_port + 1
            pids = info["pids"]
            if vendor is not None:
                partner = LabInfo.load_running(run_dir)
                other = LabInfo.load_running(tmp_path / "vendor" / "lab")
                assert partner is not None
                assert other is not None
                pids = [*pids, *other.pids]
                vendor(partner, other)
            assert all(pid_alive(pid) for pid in pids)
            if user is not None:
                assert all(_owner(pid) == user for pid in pids)
            proc.send_signal(signal.SIGINT)
            assert proc.wait(15) == 0
        finally:  # a failed check must not leave the test waiting on a running lab
            if proc.poll() is None:
                proc.terminate()
    deadline = time.monotonic() + 5
    while any(pid_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(pid_alive(pid) for pid in pids)
    assert not (run_dir / "lab.json").exists()
    assert not (tmp_path / "vendor" / "lab" / "lab.json").exists()


def _owner(pid: int) -> str:
    uid = Path(f"/proc/{pid}").stat().st_uid
    return pwd.getpwuid(uid).pw_name


def test_lab_command_starts_and_ctrl_c_stops_every_server(tmp_path: Path) -> None:
    _run_lab_command(tmp_path)


def test_lab_command_with_the_vendor_federates_the_two_companies(tmp_path: Path) -> None:
    """`deskline lab --vendor`: the partner's client writes to the vendor's line across the
    two servers, and the vendor's desk answers him (nobody of the vendor's is online: his
    place in its queue)."""
    def check(partner: LabInfo, vendor: LabInfo) -> None:
        line = f"support@desk.{vendor.domain}"
        with XmppPeer(partner, "ivan") as ivan:
            ivan.send(line, "Вопрос вендору", "to-vendor")
            wait(lambda: said(ivan, line, "1-й в очереди"), 30)

    _run_lab_command(tmp_path, vendor=check)


@pytest.mark.skipif(os.geteuid() != 0, reason="this run is already a normal user's")
def test_lab_command_works_as_a_normal_user() -> None:
    # pytest's tmp dirs are root's alone; nobody needs a directory it can enter.
    with tempfile.TemporaryDirectory(prefix="dl-nobody-") as path:
        _run_lab_command(Path(path), user="nobody")


def test_a_datagram_from_the_tls_port_number_is_still_challenged(lab: LabInfo) -> None:
    """The lab PBX let its own requests skip digest auth by source port; a UDP datagram
    sent from port TLS_PORT (free for UDP: anyone's) passed as its own."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", lab.sip_tls_port))
        sock.settimeout(5)
        here = f"127.0.0.1:{lab.sip_tls_port}"
        request = (f"MESSAGE sip:anna@127.0.0.1:{lab.sip_port} SIP/2.0\r\n"
                   f"Via: SIP/2.0/UDP {here};branch=z9hG4bK-forged-1;rport\r\n"
                   "Max-Forwards: 70\r\n"
                   f"From: <sip:boris@127.0.0.1>;tag=forged\r\n"
                   f"To: <sip:anna@127.0.0.1>\r\n"
                   "Call-ID: forged-from-tls-port\r\n"
                   "CSeq: 1 MESSAGE\r\nContent-Type: text/plain\r\n"
                   "Content-Length: 5\r\n\r\nhello")
        sock.sendto(request.encode(), ("127.0.0.1", lab.sip_port))
        status = sock.recv(4096).split(b"\r\n", 1)[0]
    assert status.startswith(b"SIP/2.0 407"), status  # asked to prove who it is


def _register(sock: socket.socket, lab: LabInfo, cseq: int, auth: str = "") -> bytes:
    here = f"127.0.0.1:{sock.getsockname()[1]}"
    request = (f"REGISTER sip:127.0.0.1:{lab.sip_port} SIP/2.0\r\n"
               f"Via: SIP/2.0/UDP {here};branch=z9hG4bK-gruu-{cseq};rport\r\n"
               "Max-Forwards: 70\r\nFrom: <sip:oleg@127.0.0.1>;tag=gruu\r\n"
               "To: <sip:oleg@127.0.0.1>\r\nCall-ID: gruu-probe\r\n"
               f"CSeq: {cseq} REGISTER\r\nSupported: gruu, outbound, path\r\n"
               f'Contact: <sip:oleg@{here};transport=udp>;+sip.instance='
               '"<urn:uuid:5d4f0e8a-2c1b-4c55-9d3e-0a6f3c2b9e11>";reg-id=1;expires=60\r\n'
               f"{auth}Content-Length: 0\r\n\r\n")
    sock.sendto(request.encode(), ("127.0.0.1", lab.sip_port))
    return sock.recv(4096)


def test_the_lab_pbx_hands_out_no_gruu_it_cannot_route(lab: LabInfo) -> None:
    """Linphone asks for a GRUU; the lab's Kamailio gave one but sent in-dialog requests to
    it unresolved, so the ACK was lost and every call dropped after 32 s (#14.4). A REGISTER
    as Linphone sends it (Supported: gruu, +sip.instance) gets no pub-gruu back."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.settimeout(5)
        challenge = _register(sock, lab, 1).decode()
        assert challenge.startswith("SIP/2.0 401"), challenge.split("\r\n", 1)[0]
        header = next(line for line in challenge.split("\r\n")
                      if line.lower().startswith("www-authenticate:"))
        fields = dict(part.strip().split("=", 1) for part in header.split(" ", 2)[2].split(","))
        realm, nonce = fields["realm"].strip('"'), fields["nonce"].strip('"')
        uri = f"sip:127.0.0.1:{lab.sip_port}"
        ha1 = hashlib.md5(f"oleg:{realm}:{lab.passwords['oleg']}".encode(),
                          usedforsecurity=False).hexdigest()
        ha2 = hashlib.md5(f"REGISTER:{uri}".encode(), usedforsecurity=False).hexdigest()
        response = hashlib.md5(f"{ha1}:{nonce}:{ha2}".encode(),
                               usedforsecurity=False).hexdigest()
        auth = (f'Authorization: Digest username="oleg", realm="{realm}", nonce="{nonce}", '
                f'uri="{uri}", response="{response}", algorithm=MD5\r\n')
        ok = _register(sock, lab, 2, auth).decode()
        assert ok.startswith("SIP/2.0 200"), ok.split("\r\n", 1)[0]
        assert "pub-gruu" not in ok.lower(), ok
        assert "temp-gruu" not in ok.lower()
        _register(sock, lab, 3, auth.replace("\r\n", "\r\nExpires: 0\r\n"))  # unregistered
