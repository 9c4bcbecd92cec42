"""What the app knows of a file in a conversation, and the thumbnail of an image: decoded
with the same caps as a photo (a small file claiming huge dimensions is not decoded)."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QImageReader

from desktop.chat.photo import MAX_PIXELS

THUMB_SIDE = 240  # px: the longer side of a picture in the conversation
LINK = re.compile(r"https?://\S+")  # a message that is one link alone: a file's


def file_name(url: str) -> str:
    path = urlsplit(url).path.rstrip("/")
    return unquote(path.rpartition("/")[2]) or url


class FileProblem(enum.Enum):
    TOO_BIG = "too-big"  # the server's limit (detail: it, in bytes)
    NO_SERVICE = "no-service"  # the chat server takes no files
    UPLOAD_FAILED = "upload-failed"
    UNREADABLE = "unreadable"  # the file on this computer
    OFFLINE = "offline"


@dataclass(frozen=True)
class FileFacts:
    url: str
    name: str
    size: int = -1  # bytes; -1: not known
    thumb: QImage | None = None  # an image's, scaled
    data: bytes = b""  # an image's bytes (shown full size on a click)


def decode(raw: bytes) -> QImage | None:
    """An image from bytes, or None (not one, broken, or too many pixels)."""
    buffer = QBuffer()
    buffer.setData(QByteArray(raw))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    if not reader.canRead():
        return None
    dims = reader.size()  # from the header: nothing decoded yet
    if not dims.isValid() or dims.width() * dims.height() > MAX_PIXELS:
        return None
    image = reader.read()
    return None if image.isNull() else image


def thumbnail(raw: bytes) -> QImage | None:
    image = decode(raw)
    if image is None:
        return None
    if max(image.width(), image.height()) > THUMB_SIDE:
        image = image.scaled(THUMB_SIDE, THUMB_SIDE, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    return image


def size_text(size: int) -> str:
    """1.2 MB, 340 KB, 12 B (units are the same in both languages here)."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} B"
