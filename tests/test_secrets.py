"""Passwords through the real Secret Service (gnome-keyring on a private D-Bus)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import keyring.backend
import pytest
from keyring.backends import SecretService, fail, null
from keyrings.alt.file import PlaintextKeyring

from desktop.lab.process import ManagedProcess
from desktop.secrets import SERVICE, KeyringUnavailableError, Secrets, backend_problem


def test_password_is_stored_and_read_back_through_secret_service(
        secret_service: ManagedProcess) -> None:
    secrets = Secrets(SecretService.Keyring())
    assert secrets.persistent, secrets.problem
    secrets.set("sip:100@pbx.example.com", "s3cret-Пароль")
    # Read back by a fresh process: it really is in the keyring, not in our memory.
    out = subprocess.run(
        [sys.executable, "-c", "import keyring; from keyring.backends import SecretService;"
         f"print(SecretService.Keyring().get_password({SERVICE!r}, 'sip:100@pbx.example.com'))"],
        capture_output=True, text=True, check=True, env=os.environ)
    assert out.stdout.strip() == "s3cret-Пароль"
    assert secrets.get("sip:100@pbx.example.com") == "s3cret-Пароль"
    secrets.delete("sip:100@pbx.example.com")
    assert secrets.get("sip:100@pbx.example.com") is None
    secrets.delete("sip:100@pbx.example.com")  # deleting twice is not an error


@pytest.mark.parametrize("kind", [PlaintextKeyring, null.Keyring, fail.Keyring],
                         ids=["plaintext", "null", "fail"])
def test_unsafe_backends_are_refused_and_the_password_kept_for_the_session(
        kind: type[keyring.backend.KeyringBackend]) -> None:
    backend = kind()  # made here: its file path follows this test's XDG_DATA_HOME
    secrets = Secrets(backend)
    assert not secrets.persistent
    assert secrets.problem
    with pytest.raises(KeyringUnavailableError, match="not saved"):
        secrets.set("xmpp:anna@deskline.lab", "pw")
    assert secrets.get("xmpp:anna@deskline.lab") is None
    secrets.remember("xmpp:anna@deskline.lab", "pw")
    assert secrets.get("xmpp:anna@deskline.lab") == "pw"
    if isinstance(backend, PlaintextKeyring):
        assert "plain files" in secrets.problem
        assert not Path(backend.file_path).exists()  # nothing was written in plaintext


def test_without_any_keyring_the_default_backend_is_refused() -> None:
    """No D-Bus at all: keyring falls back to what is installed; we must refuse it."""
    env = {k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
    out = subprocess.run(
        [sys.executable, "-c", "from desktop.secrets import Secrets; s = Secrets();"
         "print(s.persistent); print(s.problem)"],
        capture_output=True, text=True, check=True, env=env)
    persistent, problem = out.stdout.splitlines()
    assert persistent == "False"
    assert problem


class _Stuck(keyring.backend.KeyringBackend):
    """Unit double of our timeout logic: a keyring that never answers (a locked prompt)."""

    priority = 1  # type: ignore[assignment]

    # Each call hangs far longer than our timeout: not answering is the point.
    def get_password(self, service: str, username: str) -> str | None:
        time.sleep(10)
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        time.sleep(10)

    def delete_password(self, service: str, username: str) -> None:
        time.sleep(10)


def test_a_keyring_that_does_not_answer_times_out() -> None:
    secrets = Secrets(_Stuck(), timeout=0.2)
    assert backend_problem(_Stuck()) == ""
    started = time.monotonic()
    with pytest.raises(KeyringUnavailableError, match="did not answer"):
        secrets.get("sip:100@pbx")
    assert time.monotonic() - started < 5.0  # it gave up: it did not wait the 10 s
