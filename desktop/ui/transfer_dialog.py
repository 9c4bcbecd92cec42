"""Where to hand an appeal: a colleague (those online first; offline ones shown, not
choosable) or a line connected for this client. Inviting uses the colleagues only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.bus import ContactInfo, Status
from desktop.ui.status_names import status_name

ORDER = {Status.ONLINE: 0, Status.BUSY: 1, Status.AWAY: 2, Status.OFFLINE: 3}
TARGET = Qt.ItemDataRole.UserRole


class TransferDialog(QDialog):
    """choice() after exec(): ("to", colleague address) or ("line", line id); note(): what
    the next one should know (an internal note, `with_note`)."""

    def __init__(self, title: str, colleagues: list[ContactInfo],
                 lines: list[tuple[str, str]] | None, parent: QWidget | None = None,
                 with_note: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("transferDialog")
        self.setWindowTitle(title)
        self.setMinimumSize(380, 360)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Colleague (online first; one offline cannot take "
                                        "it):")))
        self.colleagues = QListWidget()
        self.colleagues.setObjectName("transferColleagues")
        for person in sorted(colleagues, key=lambda c: (ORDER[c.status], c.name)):
            item = QListWidgetItem(f"● {person.name} — {status_name(person.status)}")
            item.setData(TARGET, ("to", person.jid))
            if person.status is Status.OFFLINE:
                item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.colleagues.addItem(item)
        layout.addWidget(self.colleagues, 2)
        self.lines: QListWidget | None = None
        if lines is not None:
            layout.addWidget(QLabel(self.tr("…or a line connected for this client:")))
            self.lines = QListWidget()
            self.lines.setObjectName("transferLines")
            for line_id, name in lines:
                item = QListWidgetItem(name)
                item.setData(TARGET, ("line", line_id))
                self.lines.addItem(item)
            if not lines:
                self.lines.addItem(QListWidgetItem(self.tr("(none besides this one)")))
                self.lines.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
            layout.addWidget(self.lines, 1)
            # One choice: a click in one list clears the other.
            self.lines.itemClicked.connect(lambda _i: self.colleagues.clearSelection())
            self.colleagues.itemClicked.connect(lambda _i: self._clear_lines())
            self.lines.itemDoubleClicked.connect(lambda _i: self.accept())
        self.colleagues.itemDoubleClicked.connect(lambda _i: self.accept())
        self.note_field: QLineEdit | None = None
        if with_note:
            layout.addWidget(QLabel(self.tr("Note for the one who gets it (colleagues see it, "
                                            "the client never does):")))
            self.note_field = QLineEdit()
            self.note_field.setObjectName("transferNote")
            self.note_field.setMaxLength(1000)
            self.note_field.setPlaceholderText(self.tr("e.g. The client needs the "
                                                       "reconciliation act for November"))
            layout.addWidget(self.note_field)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.setObjectName("transferButtons")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        first = next((i for i in range(self.colleagues.count())
                      if self.colleagues.item(i).flags() & Qt.ItemFlag.ItemIsEnabled), None)
        if first is not None:
            self.colleagues.setCurrentRow(first)
        self.colleagues.setFocus()

    def _clear_lines(self) -> None:
        if self.lines is not None:
            self.lines.clearSelection()

    def note(self) -> str:
        return self.note_field.text().strip() if self.note_field is not None else ""

    def choice(self) -> tuple[str, str] | None:
        for widget in (self.colleagues, self.lines):
            if widget is None:
                continue
            chosen = [i for i in widget.selectedItems() if i.data(TARGET)]
            if chosen:
                kind, target = chosen[0].data(TARGET)
                return str(kind), str(target)
        return None
