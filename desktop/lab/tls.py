"""The lab's certificate authority and server certificate, for Prosody and Kamailio's TLS."""

from __future__ import annotations

import subprocess
from pathlib import Path

DOMAIN = "deskline.lab"


def make_tls(tls_dir: Path, domain: str = DOMAIN) -> Path:
    """A lab CA and a server certificate signed by it; clients verify against the CA file."""
    tls_dir.mkdir(parents=True, exist_ok=True)
    ca_key, ca_crt = tls_dir / "ca.key", tls_dir / "ca.crt"
    key, csr, crt = tls_dir / "server.key", tls_dir / "server.csr", tls_dir / "server.crt"
    ext = tls_dir / "server.ext"
    ext.write_text(f"subjectAltName=DNS:{domain},DNS:rooms.{domain},IP:127.0.0.1\n"
                   "extendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n")
    steps = [
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-nodes", "-keyout", ca_key, "-out", ca_crt, "-days", "30",
         "-subj", "/CN=Deskline lab CA"],
        ["openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
         "-keyout", key, "-out", csr, "-subj", f"/CN={domain}"],
        ["openssl", "x509", "-req", "-in", csr, "-CA", ca_crt, "-CAkey", ca_key,
         "-CAcreateserial", "-out", crt, "-days", "30", "-extfile", ext],
    ]
    for argv in steps:
        subprocess.run([str(a) for a in argv], check=True, capture_output=True)
    key.chmod(0o600)
    return ca_crt
