"""Settings → Quick replies: the templates, one per paragraph, with the placeholders; which
one is an appeal's control question ("anything else I can help with?")."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

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
        self.control = QComboBox()
        self.control.setObjectName("controlReply")
        self.control.setToolTip(self.tr("Sent in an appeal, it starts the clock after which "
                                        "the appeal finishes by itself unless the client "
                                        "answers."))
        self._fill_control(settings.get_int("chat.control_reply"))
        self.edit.textChanged.connect(lambda: self._fill_control(self.control.currentIndex()))
        form = QFormLayout()
        form.addRow(self.tr("Control question:"), self.control)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.edit, 1)
        layout.addLayout(form)

    def _paragraphs(self) -> list[str]:
        return [p.replace("\n", " ").strip() for p in self.edit.toPlainText().split("\n\n")
                if p.strip()]

    def _fill_control(self, chosen: int) -> None:
        """None, or one of the first nine replies (as they read now)."""
        self.control.blockSignals(True)
        self.control.clear()
        self.control.addItem(self.tr("— none —"))
        for i, text in enumerate(self._paragraphs()[:9]):
            self.control.addItem(f"{i + 1}. {text[:60]}")
        self.control.setCurrentIndex(chosen if 0 <= chosen < self.control.count() else 0)
        self.control.blockSignals(False)

    def save(self) -> None:
        save_templates(self.settings, self._paragraphs())
        self.settings.set("chat.control_reply", self.control.currentIndex())
