"""Your profile as colleagues and clients see it (editing comes with the profile editor)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget

from desktop.chat.models import Profile


class ProfileDialog(QDialog):
    def __init__(self, profile: Profile, account: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Profile"))
        self.setMinimumWidth(380)
        form = QFormLayout(self)
        phones = ", ".join(p.number for p in profile.phones)
        for label, value in ((self.tr("Name"), profile.full_name),
                             (self.tr("Position"), profile.position),
                             (self.tr("Company"), profile.company),
                             (self.tr("E-mail"), profile.email),
                             (self.tr("Phones"), phones),
                             (self.tr("Chat account"), account)):
            text = QLabel(value or "—")
            text.setTextFormat(text.textFormat().PlainText)
            form.addRow(label, text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
