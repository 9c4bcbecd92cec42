"""The profile photo: checked before anything is decoded, cropped square, scaled, PNG.

Too large, not an image, broken, or a decompression bomb (a small file that claims huge
dimensions): each is refused with a message, and nothing of the old photo is lost.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, Qt
from PySide6.QtGui import QImage, QImageReader

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 25_000_000  # 25 megapixels: every camera photo up to 24 MP, no more
AVATAR_PX = 256
# Someone else's photo, from the network: clients publish 96–512 px avatars; a few MB or
# beyond 4096 px a side is not an avatar but an attack on our memory and time.
MAX_NETWORK_BYTES = 2 * 1024 * 1024
MAX_NETWORK_SIDE = 4096


class PhotoError(ValueError):
    """The file cannot be used as a photo; str() says why, for the user."""


def load_photo(path: Path) -> QImage:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PhotoError(f"{path.name} cannot be read ({exc.strerror}).") from exc
    if size > MAX_FILE_BYTES:
        raise PhotoError(f"{path.name} is {size / 1024 / 1024:.0f} MB; a photo may have at "
                         f"most {MAX_FILE_BYTES // 1024 // 1024} MB.")
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)  # phone photos stand upright
    if not reader.canRead():
        raise PhotoError(f"{path.name} is not an image (PNG, JPEG, …).")
    dims = reader.size()  # from the header: nothing decoded yet
    if dims.isValid() and dims.width() * dims.height() > MAX_PIXELS:
        raise PhotoError(f"{path.name} is {dims.width()}×{dims.height()} "
                         f"({dims.width() * dims.height() / 1e6:.0f} megapixels); at most "
                         f"{MAX_PIXELS // 1_000_000} megapixels, please make it smaller.")
    image = reader.read()
    if image.isNull():
        raise PhotoError(f"{path.name} cannot be read as an image ({reader.errorString()}).")
    return image


def square_crop(image: QImage, x: int, y: int, side: int) -> QImage:
    """The square at (x, y) of the given side, kept inside the image."""
    side = max(1, min(side, image.width(), image.height()))
    x = max(0, min(x, image.width() - side))
    y = max(0, min(y, image.height() - side))
    return image.copy(QRect(x, y, side, side))


def avatar_png(square: QImage, px: int = AVATAR_PX) -> bytes:
    return png_bytes(square.scaled(px, px, Qt.AspectRatioMode.IgnoreAspectRatio,
                                   Qt.TransformationMode.SmoothTransformation))


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs want bytes; Qt a str
    buffer.close()
    return bytes(data.data())


def network_photo(data: bytes, px: int = AVATAR_PX) -> bytes:
    """A contact's photo as we keep it: at most `px` a side, PNG; b"" when it is too big,
    not an image or broken (the card then shows initials). Decodes: call it off the GUI
    thread, once per photo, never per presence."""
    if not data or len(data) > MAX_NETWORK_BYTES:
        return b""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    dims = reader.size()  # from the header: nothing decoded yet
    if (not reader.canRead() or not dims.isValid()
            or max(dims.width(), dims.height()) > MAX_NETWORK_SIDE):
        return b""
    if max(dims.width(), dims.height()) <= px and bytes(reader.format().data()) in (
            b"png", b"jpeg"):
        return data  # already an avatar: kept as published (its hash stays the same)
    image = reader.read()
    if image.isNull():
        return b""
    side = min(image.width(), image.height())
    square = square_crop(image, (image.width() - side) // 2, (image.height() - side) // 2, side)
    return avatar_png(square, min(px, side))
