"""A picture from a conversation, whole: fitted to the screen, 1:1 when it fits; Esc
closes. Decoded again from its bytes (with the photo's caps) only when opened."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import QDialog, QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop.chat.files_values import FileFacts, decode


class ImageView(QDialog):
    def __init__(self, facts: FileFacts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("imageView")
        self.setWindowTitle(facts.name)
        self.picture = QLabel()
        self.picture.setObjectName("imagePicture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        image = decode(facts.data)
        screen = QGuiApplication.primaryScreen().availableGeometry()
        if image is not None:
            fit = screen.size() * 0.85
            if image.width() > fit.width() or image.height() > fit.height():
                image = image.scaled(fit, Qt.AspectRatioMode.KeepAspectRatio,
                                     Qt.TransformationMode.SmoothTransformation)
            self.picture.setPixmap(QPixmap.fromImage(image))
        else:
            self.picture.setText(self.tr("This picture cannot be shown."))
        scroll = QScrollArea()
        scroll.setWidget(self.picture)
        scroll.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        size = self.picture.sizeHint()
        self.resize(min(size.width() + 24, screen.width()), min(size.height() + 24,
                                                                   screen.height()))
