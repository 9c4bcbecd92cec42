"""Files and screenshots: XEP-0363 uploads to our chat server's file service (the PUT is
ours: with the company's CA, as the chat connection), and what a received link is (its
name, size and, for an image, a thumbnail decoded here, off the GUI thread).

Links are looked at only when they point to our own server (its domain or a subdomain,
or the host we connect to): a link to anywhere else is shown as a link, never fetched by
itself (that would tell any sender our address and when we read)."""

from __future__ import annotations

import asyncio
import ssl
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import aiohttp
from slixmpp.exceptions import IqError, IqTimeout

from desktop.chat.files_values import FileFacts, FileProblem, file_name, thumbnail
from desktop.chat.xmpp.core import Feature, log

MAX_FETCH_BYTES = 20 * 1024 * 1024  # an image looked at: at most this much is read
CHUNK = 256 * 1024
TIMEOUT_S = 60.0


class FilesSink(Protocol):
    def on_uploaded(self, token: str, peer: str, url: str) -> None: ...
    def on_upload_failed(self, token: str, peer: str, problem: FileProblem,
                         detail: str) -> None: ...
    def on_fetched(self, url: str, facts: FileFacts) -> None: ...


class Files(Feature):
    plugins = ("xep_0363", "xep_0066")

    def __init__(self, core: Any) -> None:
        super().__init__(core)
        self.sink: FilesSink | None = None
        self.service: Any = None  # the upload service's address, once found
        self.max_size: int = 0  # its limit in bytes (0: not known yet)

    def report_to(self, sink: FilesSink) -> None:
        self.sink = sink

    def _tls(self) -> ssl.SSLContext:
        ca = self.core.account.ca_file
        return ssl.create_default_context(cafile=ca) if ca else ssl.create_default_context()

    def ours(self, url: str) -> bool:
        """A link to our own chat server's files (the only ones looked at unasked)."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        domain = self.core.account.jid.partition("@")[2].lower()
        server = (self.core.account.host or "").lower()
        return parts.scheme == "https" and bool(host) and (
            host in (domain, server) or host.endswith(f".{domain}"))

    # --- GUI thread -------------------------------------------------------------------------
    def find_service(self) -> None:
        """Learns the upload service and its limit (the pane says a file is too big before
        anything is sent)."""
        self.core.soon(lambda: self.core.spawn(self._learn()))

    def upload(self, token: str, peer: str, path: Path, name: str, size: int,
               content_type: str) -> None:
        self.core.soon(lambda: self.core.spawn(
            self._upload(token, peer, path, name, size, content_type)))

    def fetch(self, url: str) -> None:
        self.core.soon(lambda: self.core.spawn(self._fetch(url)))

    # --- protocol thread ----------------------------------------------------------------------
    def session_started(self) -> None:
        self.core.spawn(self._learn())

    async def _learn(self) -> None:
        await self._discover()

    async def _discover(self) -> bool:
        client = self.core.connected()
        if client is None:
            return False
        if self.service is not None:
            return True
        try:
            info = await client.plugin["xep_0363"].find_upload_service(timeout=10)
        except (IqError, IqTimeout) as exc:
            log.info("no file service: %s", exc)
            return False
        if info is None:
            return False
        self.service = info["from"]
        for form in info["disco_info"].iterables:
            values = form["values"]
            if values["FORM_TYPE"] == ["urn:xmpp:http:upload:0"]:
                try:
                    self.max_size = int(values["max-file-size"])
                except (TypeError, ValueError):
                    self.max_size = 0
        return True

    async def _upload(self, token: str, peer: str, path: Path, name: str, size: int,
                      content_type: str) -> None:
        def failed(problem: FileProblem, detail: str = "") -> None:
            if self.sink is not None:
                self.core.tell(self.sink.on_upload_failed, token, peer, problem, detail)

        client = self.core.connected()
        if client is None:
            failed(FileProblem.OFFLINE)
            return
        if not await self._discover():
            failed(FileProblem.NO_SERVICE)
            return
        if self.max_size and size > self.max_size:
            failed(FileProblem.TOO_BIG, str(self.max_size))
            return
        try:
            slot_iq = await client.plugin["xep_0363"].request_slot(
                self.service, name, size, content_type, timeout=15)
            slot = slot_iq["http_upload_slot"]
            headers = {"Content-Length": str(size), "Content-Type": content_type,
                       **{h["name"]: h["value"] for h in slot["put"]["headers"]}}
            timeout = aiohttp.ClientTimeout(total=TIMEOUT_S)
            with path.open("rb") as data:
                async with aiohttp.ClientSession(timeout=timeout) as http, \
                        http.put(slot["put"]["url"], data=data, headers=headers,
                                 ssl=self._tls()) as answer:
                    if answer.status >= 400:
                        failed(FileProblem.UPLOAD_FAILED, f"HTTP {answer.status}")
                        return
            url = str(slot["get"]["url"])
        except IqError as exc:
            condition = str(exc.iq["error"]["condition"])
            failed(FileProblem.TOO_BIG if condition == "not-acceptable"
                   else FileProblem.UPLOAD_FAILED, condition)
            return
        except (TimeoutError, IqTimeout, aiohttp.ClientError, OSError) as exc:
            failed(FileProblem.UPLOAD_FAILED, type(exc).__name__)
            return
        if self.sink is not None:
            self.core.tell(self.sink.on_uploaded, token, peer, url)

    async def _fetch(self, url: str) -> None:
        facts = FileFacts(url, file_name(url))
        if self.ours(url):
            try:
                facts = await self._look(url, facts)
            except (TimeoutError, aiohttp.ClientError, OSError) as exc:
                log.info("a file's link could not be read: %s", type(exc).__name__)
        if self.sink is not None:
            self.core.tell(self.sink.on_fetched, url, facts)

    async def _look(self, url: str, facts: FileFacts) -> FileFacts:
        timeout = aiohttp.ClientTimeout(total=TIMEOUT_S)
        async with aiohttp.ClientSession(timeout=timeout) as http, \
                http.get(url, ssl=self._tls()) as answer:
            if answer.status >= 400:
                return facts
            size = answer.content_length if answer.content_length is not None else -1
            if not answer.content_type.startswith("image/") or size > MAX_FETCH_BYTES:
                return FileFacts(url, facts.name, size)
            data = bytearray()
            async for chunk in answer.content.iter_chunked(CHUNK):
                data += chunk
                if len(data) > MAX_FETCH_BYTES:
                    return FileFacts(url, facts.name, size)
        raw = bytes(data)
        # Decoded off both the GUI and the protocol loop: a screenshot takes tens of ms.
        thumb = await asyncio.get_running_loop().run_in_executor(None, thumbnail, raw)
        return FileFacts(url, facts.name, len(raw), thumb, raw if thumb is not None else b"")
