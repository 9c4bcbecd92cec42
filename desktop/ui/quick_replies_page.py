"""Settings → Quick replies: the templates, one per paragraph, with the placeholders."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from desktop.chat.quick_replies import save_templates, templates
from desktop.settings import Settings
from desktop.ui.settings_dialog import SettingsPage


class QuickRepliesPage(SettingsPage):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quickRepliesPage")
        self.settings = settings
        hint = QLabel(self.tr("One reply per paragraph (separate them with an empty line). "
                              "Ctrl+1 … Ctrl+9 in a conversation insert the first nine. "
                              "Placeholders: {first_name}, {patronymic}, {name} (name and "
                              "patronymic), {my_name}."))
        hint.setWordWrap(True)
        self.edit = QPlainTextEdit("\n\n".join(templates(settings)))
        self.edit.setObjectName("quickRepliesEdit")
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.edit, 1)

    def save(self) -> None:
        paragraphs = [p.replace("\n", " ").strip()
                      for p in self.edit.toPlainText().split("\n\n")]
        save_templates(self.settings, paragraphs)
