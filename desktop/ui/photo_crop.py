"""Choosing the square part of a photo: drag the square, resize it with the wheel or slider."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QWheelEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.chat.photo import square_crop


class CropView(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cropView")
        self.image = QImage()
        self.cx0 = self.cy0 = self.side = 0  # the square, in image pixels
        self._drag: QPointF | None = None
        self.setMinimumSize(240, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_image(self, image: QImage) -> None:
        self.image = image
        self.side = min(image.width(), image.height())
        self.cx0 = (image.width() - self.side) // 2
        self.cy0 = (image.height() - self.side) // 2
        self.update()
        self.changed.emit()

    def set_side_percent(self, percent: int) -> None:
        """The square's side as a share of the image's shorter side, around its centre."""
        if self.image.isNull():
            return
        full = min(self.image.width(), self.image.height())
        new = max(16, full * max(10, min(percent, 100)) // 100)
        cx, cy = self.cx0 + self.side // 2, self.cy0 + self.side // 2
        self.side = new
        self._move_to(cx - new // 2, cy - new // 2)

    def cropped(self) -> QImage:
        return square_crop(self.image, self.cx0, self.cy0, self.side)

    def _move_to(self, x: int, y: int) -> None:
        self.cx0 = max(0, min(x, self.image.width() - self.side))
        self.cy0 = max(0, min(y, self.image.height() - self.side))
        self.update()
        self.changed.emit()

    def _scale(self) -> tuple[float, QPointF]:
        w, h = self.image.width(), self.image.height()
        scale = min(self.width() / w, self.height() / h)
        offset = QPointF((self.width() - w * scale) / 2, (self.height() - h * scale) / 2)
        return scale, offset

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#303030"))
        if self.image.isNull():
            painter.end()
            return
        scale, offset = self._scale()
        target = QRectF(offset.x(), offset.y(), self.image.width() * scale,
                        self.image.height() * scale)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(target, self.image)
        square = QRectF(offset.x() + self.cx0 * scale, offset.y() + self.cy0 * scale,
                        self.side * scale, self.side * scale)
        shade = QColor(0, 0, 0, 140)
        painter.fillRect(QRectF(target.left(), target.top(), target.width(),
                                square.top() - target.top()), shade)
        painter.fillRect(QRectF(target.left(), square.bottom(), target.width(),
                                target.bottom() - square.bottom()), shade)
        painter.fillRect(QRectF(target.left(), square.top(), square.left() - target.left(),
                                square.height()), shade)
        painter.fillRect(QRectF(square.right(), square.top(), target.right() - square.right(),
                                square.height()), shade)
        painter.setPen(QColor("white"))
        painter.drawRect(square)
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self._drag = event.position()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self._drag is None or self.image.isNull():
            return
        scale, _ = self._scale()
        delta = (event.position() - self._drag) / scale
        self._drag = event.position()
        self._move_to(self.cx0 + round(delta.x()), self.cy0 + round(delta.y()))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self._drag = None

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        if self.image.isNull():
            return
        full = min(self.image.width(), self.image.height())
        percent = round(self.side * 100 / full) - (5 if event.angleDelta().y() > 0 else -5)
        self.set_side_percent(percent)
