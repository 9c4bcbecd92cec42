"""Where to hand an appeal: a colleague (those online first; offline ones shown, not
choosable), a line connected for this client, or (a vendor's desk) back to the partner who
connected the client; where there is no such partner, what to tell the client instead.
Inviting uses the colleagues only."""

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
    """choice() after exec(): ("to", colleague address), ("line", line id) or ("partner",
    its first line's address); note(): what the next one should know (an internal note,
    `with_note`). `partner`: (the partner's first line, the partner's name) from the
    client's card; ("", "") on a vendor's desk when the client has none; None: not offered
    (inviting, or a desk with no partners)."""

    def __init__(self, title: str, colleagues: list[ContactInfo],
                 lines: list[tuple[str, str]] | None, parent: QWidget | None = None,
                 with_note: bool = False,
                 partner: tuple[str, str] | None = None) -> None:
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
            self.lines.itemDoubleClicked.connect(lambda _i: self.accept())
        self.colleagues.itemDoubleClicked.connect(lambda _i: self.accept())
        self.partner: QListWidget | None = None
        if partner is not None:
            self._partner(layout, partner)
        for chosen in (self.colleagues, self.lines, self.partner):
            if chosen is not None:  # one choice: a click in one list clears the others
                chosen.itemClicked.connect(self._only)
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

    def _partner(self, layout: QVBoxLayout, partner: tuple[str, str]) -> None:
        """The partner who connected the client, when its first line stands before ours:
        the appeal goes back there (seed 4.9); else the words for the client."""
        if not partner[0]:
            advice = QLabel(self.tr(
                "No partner's first line stands before this line for this client. If the "
                "question is not for us, tell the client which line to write to instead."))
            advice.setObjectName("transferNoPartner")
            advice.setWordWrap(True)
            layout.addWidget(advice)
            return
        address, name = partner
        layout.addWidget(QLabel(self.tr("…or return it to the partner who connected the "
                                        "client:")))
        self.partner = QListWidget()
        self.partner.setObjectName("transferPartner")
        item = QListWidgetItem(self.tr("Return to the partner: %1\nits first line, %2")
                               .replace("%1", name).replace("%2", address))
        item.setData(TARGET, ("partner", address))
        self.partner.addItem(item)
        self.partner.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.partner.setFixedHeight(self.partner.sizeHintForRow(0)
                                    + 2 * self.partner.frameWidth() + 2)
        layout.addWidget(self.partner)
        self.partner.itemDoubleClicked.connect(self.accept)

    def _only(self, item: QListWidgetItem) -> None:
        for other in (self.colleagues, self.lines, self.partner):
            if other is not None and other is not item.listWidget():
                other.clearSelection()

    def note(self) -> str:
        return self.note_field.text().strip() if self.note_field is not None else ""

    def choice(self) -> tuple[str, str] | None:
        for widget in (self.colleagues, self.lines, self.partner):
            if widget is None:
                continue
            chosen = [i for i in widget.selectedItems() if i.data(TARGET)]
            if chosen:
                kind, target = chosen[0].data(TARGET)
                return str(kind), str(target)
        return None
