"""The lab's certificate authority and server certificates, for Prosody and Kamailio's TLS.
Two companies of the lab (desktop/lab/companies.py) share one CA, so their chat servers
verify each other (server-to-server) as their clients verify them."""

from __future__ import annotations

import subprocess
from pathlib import Path

DOMAIN = "deskline.lab"


def _run(*steps: list[object]) -> None:
    for argv in steps:
        subprocess.run([str(a) for a in argv], check=True, capture_output=True)


def make_ca(ca_dir: Path) -> tuple[Path, Path]:
    """A lab CA: (its key, its certificate)."""
    ca_dir.mkdir(parents=True, exist_ok=True)
    ca_key, ca_crt = ca_dir / "ca.key", ca_dir / "ca.crt"
    _run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
          "-nodes", "-keyout", ca_key, "-out", ca_crt, "-days", "30",
          "-subj", "/CN=Deskline lab CA"])
    ca_key.chmod(0o600)
    return ca_key, ca_crt


def make_tls(tls_dir: Path, domain: str = DOMAIN, ca: tuple[Path, Path] | None = None) -> Path:
    """A server certificate for `domain` and its components, signed by `ca` (a new one in
    tls_dir without it); the CA's certificate, which clients verify against. It serves
    both ends of server-to-server (clientAuth: SASL EXTERNAL when it connects out)."""
    tls_dir.mkdir(parents=True, exist_ok=True)
    ca_key, ca_crt = ca if ca is not None else make_ca(tls_dir)
    key, csr, crt = tls_dir / "server.key", tls_dir / "server.csr", tls_dir / "server.crt"
    ext = tls_dir / "server.ext"
    names = ",".join(f"DNS:{name}" for name in (domain, f"rooms.{domain}",
                                                 f"upload.{domain}", f"desk.{domain}"))
    ext.write_text(f"subjectAltName={names},IP:127.0.0.1\n"
                   "extendedKeyUsage=serverAuth,clientAuth\nbasicConstraints=CA:FALSE\n")
    _run(["openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
          "-keyout", key, "-out", csr, "-subj", f"/CN={domain}"],
         ["openssl", "x509", "-req", "-in", csr, "-CA", ca_crt, "-CAkey", ca_key,
          "-CAcreateserial", "-CAserial", tls_dir / "ca.srl", "-out", crt, "-days", "30",
          "-extfile", ext])
    key.chmod(0o600)
    return ca_crt
