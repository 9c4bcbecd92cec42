"""Settings: PBX connection, chat account, interface. Fields are made from the schema."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.accounts import SavedSettings, sip_secret_name, xmpp_secret_name
from desktop.secrets import Secrets
from desktop.settings import Settings, SettingValue

Field = QLineEdit | QSpinBox | QCheckBox | QComboBox


class SettingsPage(QWidget):
    """A tab with its own widgets; the dialog calls save() on Save."""

    def save(self) -> None:
        raise NotImplementedError


@dataclass(frozen=True)
class PasswordField:
    secret_name: Callable[[Settings], str]  # the keyring name, from the saved settings


class SettingsDialog(QDialog):
    # On Save, after the settings are stored: what changed and the passwords typed (the
    # composition root puts them in the keyring off the GUI thread and signs in again).
    saved = Signal(SavedSettings)

    def __init__(self, settings: Settings, secrets: Secrets,
                 pages: list[tuple[str, SettingsPage]] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.secrets = secrets
        self.fields: dict[str, Field] = {}
        self.passwords: dict[str, tuple[QLineEdit, PasswordField]] = {}
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(520)
        tabs = QTabWidget()
        tabs.setObjectName("settingsTabs")
        tabs.addTab(self._page("pbxPage", [
            ("pbx.server", self.tr("Server")), ("pbx.port", self.tr("Port")),
            ("pbx.transport", self.tr("Transport")), ("pbx.user", self.tr("User")),
            ("pbx.auth_user", self.tr("Authentication user")),
            ("pbx.display_name", self.tr("Display name")),
            ("pbx.outbound_proxy", self.tr("Outbound proxy")),
            ("pbx.srtp", self.tr("Media encryption (SRTP)")),
            ("pbx.ca_file", self.tr("CA certificate file")),
        ], ("sip", PasswordField(sip_secret_name))), self.tr("PBX connection"))
        tabs.addTab(self._page("chatPage", [
            ("chat.jid", self.tr("Account (user@domain)")), ("chat.server", self.tr("Server")),
            ("chat.port", self.tr("Port")), ("chat.ca_file", self.tr("CA certificate file")),
        ], ("xmpp", PasswordField(xmpp_secret_name))), self.tr("Chat account"))
        tabs.addTab(self._page("interfacePage", [
            ("ui.language", self.tr("Language")),
            ("ui.theme", self.tr("Look")),
            ("presence.auto_away_minutes", self.tr("Away after minutes without input")),
            ("appeals.finish_calls_on_hangup",
             self.tr("Finish a call's appeal when the call is hung up")),
            ("ui.start_at_login", self.tr("Start Deskline when I log in")),
            ("calls.links_at_once",
             self.tr("Call a phone link clicked in another app without asking")),
            ("ui.spell_check", self.tr("Check spelling as I type (Russian, English)")),
        ]), self.tr("Interface"))
        self.pages = pages or []
        for title, page in self.pages:
            tabs.addTab(page, title)
        # Every tab's name whole ("Быстрые отв…" was all one read): the dialog as wide as
        # its tab bar wants.
        tabs.tabBar().setElideMode(Qt.TextElideMode.ElideNone)
        self.setMinimumWidth(max(520, tabs.tabBar().sizeHint().width() + 48))
        self.tabs = tabs
        self.lab = QCheckBox(self.tr("Use the built-in demo lab instead of these servers"))
        self.lab.setObjectName("labEmbedded")
        self.lab.setChecked(settings.get_bool("lab.embedded"))
        self.lab.toggled.connect(self._servers_editable)
        self._servers_editable(self.lab.isChecked())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.lab)
        layout.addWidget(tabs)
        layout.addWidget(buttons)

    def _servers_editable(self, lab: bool) -> None:
        """With the demo lab ticked, the servers' fields are not the ones used: greyed
        (kept as they are for when it is unticked)."""
        for key, field in self.fields.items():
            if key.startswith(("pbx.", "chat.")):
                field.setEnabled(not lab)
        for edit, _secret in self.passwords.values():
            edit.setEnabled(not lab)

    def _page(self, name: str, keys: list[tuple[str, str]],
              password: tuple[str, PasswordField] | None = None) -> QWidget:
        page = QWidget()
        page.setObjectName(name)
        form = QFormLayout(page)
        for key, label in keys:
            field = self._field(key)
            field.setObjectName(key)
            self.fields[key] = field
            form.addRow(label, field)
        if password is not None:
            edit = QLineEdit()
            edit.setObjectName(f"{password[0]}.password")
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setPlaceholderText(self.tr("unchanged"))
            self.passwords[password[0]] = (edit, password[1])
            form.addRow(self.tr("Password"), edit)
            # Where passwords are typed, not under every tab.
            if problem := self.secrets.problem_known:  # (not asked here: D-Bus may be slow)
                note = QLabel(self.tr("Passwords cannot be saved: {0}. They are kept until "
                                      "Deskline quits.").format(problem))
                note.setObjectName("keyringNote")
                note.setWordWrap(True)
                form.addRow(note)
        return page

    def _field(self, key: str) -> Field:
        setting = self.settings.schema[key]
        value = self.settings.get(key)
        if setting.choices:
            combo = QComboBox()
            labels = self._choice_labels()
            for choice in setting.choices:
                combo.addItem(labels.get(str(choice), str(choice)), choice)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            return combo
        if isinstance(value, bool):
            box = QCheckBox()
            box.setChecked(value)
            return box
        if isinstance(value, int):
            spin = QSpinBox()
            spin.setRange(setting.minimum or 0, setting.maximum or 2**31 - 1)
            spin.setValue(value)
            return spin
        edit = QLineEdit(str(value))
        edit.setToolTip(self._hints().get(key, ""))
        return edit

    def _hints(self) -> dict[str, str]:
        return {
            "chat.jid": self.tr("Chat account, user@domain"),
            "chat.server": self.tr("Chat server host, empty to find it from the domain"),
            "chat.ca_file": self.tr("Company CA certificate file for TLS, empty for the "
                                    "system's"),
            "pbx.server": self.tr("PBX host name or address"),
            "pbx.user": self.tr("SIP user (extension)"),
            "pbx.auth_user": self.tr("Authentication user, when it differs from the SIP user"),
            "pbx.display_name": self.tr("Name shown to the people you call"),
            "pbx.outbound_proxy": self.tr("Outbound proxy URI, empty for none"),
            "pbx.ca_file": self.tr("Company CA certificate file for TLS, empty for the "
                                   "system's"),
        }

    def _choice_labels(self) -> dict[str, str]:
        # Language names in their own language, as every program lists them.
        return {"system": self.tr("As in the system"), "en": "English", "ru": "Русский",
                "light": self.tr("Light"), "dark": self.tr("Dark"),
                "udp": "UDP", "tcp": "TCP", "tls": "TLS", "off": self.tr("Off"),
                "optional": self.tr("When the other side can"),
                "mandatory": self.tr("Always (refuse calls without it)")}

    @staticmethod
    def _value(field: Field) -> SettingValue:
        if isinstance(field, QComboBox):
            return str(field.currentData())
        if isinstance(field, QCheckBox):
            return field.isChecked()
        if isinstance(field, QSpinBox):
            return field.value()
        return field.text().strip()

    def save(self) -> None:
        values = {**{key: self._value(field) for key, field in self.fields.items()},
                  "lab.embedded": self.lab.isChecked()}
        changed = frozenset(k for k, v in values.items() if self.settings.get(k) != v)
        for key in sorted(changed):
            self.settings.set(key, values[key])
        for _title, page in self.pages:
            page.save()
        passwords = {pw.secret_name(self.settings): edit.text()
                     for kind, (edit, pw) in self.passwords.items() if edit.text()}
        typed = frozenset(kind for kind, (edit, _pw) in self.passwords.items() if edit.text())
        self.accept()
        self.saved.emit(SavedSettings(changed, typed, passwords))
