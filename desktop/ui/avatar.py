"""Round avatars: the photo when there is one, else the initials on a stable colour."""

from __future__ import annotations

import functools
import hashlib

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPixmap

_COLOURS = ("#5b8def", "#e0787a", "#4fb286", "#d49a3a", "#9a6ad6", "#3fa7b5")


def initials(name: str) -> str:
    parts = [p for p in name.split() if p[:1].isalpha()]
    return "".join(p[0].upper() for p in parts[:2]) or "?"


def avatar_colour(name: str) -> str:
    """A colour that stays the same for a person across runs."""
    digest = hashlib.sha1(name.encode(), usedforsecurity=False).digest()
    return _COLOURS[digest[0] % len(_COLOURS)]


@functools.lru_cache(maxsize=64)
def _decoded(png: bytes) -> QImage:
    """Photos arrive checked and small (chat/photo.network_photo); a list, a card and a
    header repaint them often: each is decoded once."""
    return QImage.fromData(png)


def avatar_pixmap(name: str, size: int, png: bytes = b"", ratio: float = 1.0) -> QPixmap:
    px = round(size * ratio)
    pixmap = QPixmap(px, px)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    clip = QPainterPath()
    clip.addEllipse(QRectF(0, 0, px, px))
    painter.setClipPath(clip)
    image = _decoded(png) if png else QImage()
    if not image.isNull():
        painter.drawImage(QRectF(0, 0, px, px), image)
    else:
        painter.fillRect(0, 0, px, px, QColor(avatar_colour(name)))
        font = QFont()
        font.setPixelSize(max(8, px * 2 // 5))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(QRectF(0, 0, px, px), Qt.AlignmentFlag.AlignCenter, initials(name))
    painter.end()
    pixmap.setDevicePixelRatio(ratio)
    return pixmap
