"""Your profile as colleagues and clients see it: name, position, company, e-mail, phones and
a photo cropped to a square. Saved to the chat server as your vCard and avatar."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from desktop.chat.photo import PhotoError, avatar_png, load_photo
from desktop.chat.session import ChatSession
from desktop.ui.avatar import avatar_pixmap
from desktop.ui.photo_crop import CropView
from desktop.values import PhoneNumber, Profile, ProfileProblem

PREVIEW_PX = 128
FIELD_CHARS = 46  # a field shows this many average characters without scrolling


def photo_folder() -> str:
    """Where the photo picker opens: the user's Pictures, else their home (not the folder
    the program was started in)."""
    pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
    return pictures if pictures and Path(pictures).is_dir() else str(Path.home())


class ProfileDialog(QDialog):
    def __init__(self, session: ChatSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("profileDialog")
        self.setWindowTitle(self.tr("Profile"))
        self.session = session
        self.profile = session.profile
        self.photo = self.profile.photo
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        phones = {p.kind: p.number for p in self.profile.phones}
        for key, label, value in (
                ("last_name", self.tr("Last name"), self.profile.last_name),
                ("first_name", self.tr("First name"), self.profile.first_name),
                ("patronymic", self.tr("Patronymic"), self.profile.patronymic),
                ("position", self.tr("Position"), self.profile.position),
                ("company", self.tr("Company"), self.profile.company),
                ("email", self.tr("E-mail"), self.profile.email),
                ("mobile", self.tr("Mobile phone"), phones.get("mobile", "")),
                ("work", self.tr("Work phone"), phones.get("work", ""))):
            self.fields[key] = _field(key, value)
            form.addRow(label, self.fields[key])
        form.addRow(self.tr("Chat account"), QLabel(session.account))
        self.preview = QLabel()
        self.preview.setObjectName("photoPreview")
        self.preview.setFixedSize(PREVIEW_PX, PREVIEW_PX)
        self.choose = QPushButton(self.tr("Choose photo…"))
        self.choose.setObjectName("choosePhoto")
        # Not choose_photo itself: clicked(bool) would hand it False for the path.
        self.choose.clicked.connect(self._ask_for_photo)
        self.crop = CropView()
        self.crop.setVisible(False)
        self.crop.changed.connect(self._cropped)
        self.zoom = QSlider(Qt.Orientation.Horizontal)
        self.zoom.setRange(10, 100)
        self.zoom.setValue(100)
        self.zoom.setVisible(False)
        self.zoom.valueChanged.connect(self.crop.set_side_percent)
        self.message = QLabel()
        self.message.setObjectName("profileMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c8393b;")
        photo_column = QVBoxLayout()
        photo_column.addWidget(self.preview)
        photo_column.addWidget(self.choose)
        photo_column.addStretch(1)
        top = QHBoxLayout()
        top.addLayout(photo_column)
        top.addLayout(form, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.crop, 1)
        layout.addWidget(self.zoom)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        session.profile_published.connect(self._published)
        self._show_preview()

    def _ask_for_photo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a photo"), photo_folder(),
                                              self.tr("Images (*.png *.jpg *.jpeg *.webp)"))
        if path:
            self.choose_photo(path)

    def choose_photo(self, path: str) -> bool:
        """Loads a photo to crop; a file that cannot be used is refused with a message."""
        try:
            image = load_photo(Path(path))
        except PhotoError as exc:
            self.message.setText(str(exc))  # the current photo stays as it was
            return False
        self.message.clear()
        self.crop.set_image(image)
        self.crop.setVisible(True)
        self.zoom.setVisible(True)
        self.zoom.setValue(100)
        return True

    def _cropped(self) -> None:
        self.photo = avatar_png(self.crop.cropped())
        self._show_preview()

    def _show_preview(self) -> None:
        name = f"{self.fields['last_name'].text()} {self.fields['first_name'].text()}"
        pixmap: QPixmap = avatar_pixmap(name, PREVIEW_PX, self.photo, self.devicePixelRatioF())
        self.preview.setPixmap(pixmap)

    def edited(self) -> Profile:
        f = {k: e.text().strip() for k, e in self.fields.items()}
        phones = tuple(PhoneNumber(kind, f[kind]) for kind in ("mobile", "work") if f[kind])
        return dataclasses.replace(
            self.profile, last_name=f["last_name"], first_name=f["first_name"],
            patronymic=f["patronymic"], position=f["position"], company=f["company"],
            email=f["email"], phones=phones, photo=self.photo)

    def save(self) -> None:
        self.buttons.setEnabled(False)
        self.message.setText(self.tr("Saving…"))
        self.session.publish_profile(self.edited())

    def _published(self, problem: ProfileProblem | None) -> None:
        self.buttons.setEnabled(True)
        if problem is None:
            self.accept()
            return
        self.message.setText({  # the form keeps everything typed
            ProfileProblem.NOT_SIGNED_IN: self.tr("Not signed in to the chat server."),
            ProfileProblem.NOT_CONNECTED: self.tr(
                "Not connected to the chat server; try again later."),
            ProfileProblem.SERVER_REFUSED: self.tr("The chat server did not take the profile."),
        }[problem])


def _field(key: str, value: str) -> QLineEdit:
    edit = QLineEdit(value)
    edit.setObjectName(f"profile.{key}")
    # "Ведущий специалист поддержки", an e-mail at a long company's domain: not clipped
    edit.setMinimumWidth(edit.fontMetrics().averageCharWidth() * FIELD_CHARS)
    return edit
