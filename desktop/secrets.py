"""Passwords only in the OS keyring; never in settings, logs or crash output.

A backend that would not keep them safe (fail, null, plaintext files) is refused with a
message, and the password is kept for this session only. Keyring calls run in a helper
thread with a timeout, so a locked keyring's unlock prompt can never freeze the GUI.
"""

from __future__ import annotations

import functools
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import keyring
import keyring.backend
import keyring.errors
from PySide6.QtCore import QCoreApplication

SERVICE = "deskline"
TIMEOUT_S = 5.0
T = TypeVar("T")

# Backends that store nothing or store plaintext (keyrings.alt): module name prefixes.
_REFUSED = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt",
            "keyring.backends.chainer")


class KeyringUnavailableError(RuntimeError):
    """The keyring cannot be used; the message says why in words for the user."""


def backend_problem(backend: keyring.backend.KeyringBackend) -> str:
    """Why this backend must not hold our passwords, or '' when it may."""
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if name.startswith("keyring.backends.chainer"):
        inner = getattr(backend, "backends", [])
        if not inner:
            return _no_secure_keyring()
        problems = [backend_problem(b) for b in inner]
        return problems[0] if all(problems) else ""
    if name.startswith(_REFUSED):
        if name.startswith("keyrings.alt"):
            return QCoreApplication.translate(
                "Secrets", "the only keyring found keeps passwords as plain files on disk")
        return _no_secure_keyring()
    return ""


def _no_secure_keyring() -> str:
    return QCoreApplication.translate(
        "Secrets", "no secure keyring (Secret Service, KWallet, macOS or Windows) was found")


def _with_timeout(fn: Callable[[], T], timeout: float) -> T:
    # A daemon thread: a call stuck on an unlock prompt must not keep the app from exiting.
    result: queue.Queue[tuple[bool, Any]] = queue.Queue()

    def run() -> None:
        try:
            result.put((True, fn()))
        except Exception as exc:  # noqa: BLE001 - handed over to the caller's thread
            result.put((False, exc))

    threading.Thread(target=run, name="keyring", daemon=True).start()
    try:
        ok, value = result.get(timeout=timeout)
    except queue.Empty:
        raise KeyringUnavailableError(QCoreApplication.translate(
            "Secrets", "the keyring did not answer (is it locked?)")) from None
    if not ok:
        if isinstance(value, keyring.errors.KeyringError):
            raise KeyringUnavailableError(QCoreApplication.translate(
                "Secrets", "the keyring refused: {0}").format(value)) from value
        raise value
    return value  # type: ignore[no-any-return]


class Secrets:
    """Passwords by account name ("sip:100@pbx.example", "xmpp:anna@example.org")."""

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None,
                 timeout: float = TIMEOUT_S) -> None:
        self._backend = backend
        self.timeout = timeout
        self._session: dict[str, str] = {}  # passwords kept in memory only, this session

    @property
    def backend(self) -> keyring.backend.KeyringBackend:
        # Found on first use: detection probes D-Bus and costs ~0.1 s at startup otherwise.
        if self._backend is None:
            self._backend = keyring.get_keyring()
        return self._backend

    @functools.cached_property
    def problem(self) -> str:
        """Why passwords cannot be stored ('' when they can). Finding the backend asks
        D-Bus: call it off the GUI thread (detect()); the GUI reads problem_known."""
        return backend_problem(self.backend)

    def detect(self) -> str:
        return self.problem

    @property
    def problem_known(self) -> str | None:
        """The problem once detect() has run, None before: never waits."""
        return self.__dict__.get("problem")

    @property
    def persistent(self) -> bool:
        return not self.problem

    def get(self, account: str) -> str | None:
        if account in self._session:
            return self._session[account]
        if self.problem:
            return None
        return _with_timeout(lambda: self.backend.get_password(SERVICE, account), self.timeout)

    def set(self, account: str, password: str) -> None:
        """Stores in the keyring; raises KeyringUnavailableError when it cannot (use remember())."""
        if self.problem:
            raise KeyringUnavailableError(QCoreApplication.translate(
                "Secrets", "Passwords are not saved: {0}.").format(self.problem))
        _with_timeout(lambda: self.backend.set_password(SERVICE, account, password),
                      self.timeout)
        self._session.pop(account, None)

    def remember(self, account: str, password: str) -> None:
        """For this session only: what the user typed when the keyring could not store it."""
        self._session[account] = password

    def delete(self, account: str) -> None:
        self._session.pop(account, None)
        if self.problem:
            return
        try:
            _with_timeout(lambda: self.backend.delete_password(SERVICE, account), self.timeout)
        except KeyringUnavailableError as exc:
            if not isinstance(exc.__cause__, keyring.errors.PasswordDeleteError):
                raise
