"""Light or dark: the system's choice (where the desktop tells Qt), or the specialist's
(Settings → Interface). One palette for every window; the widgets' own colours come from
it (the conversation's bubbles too), and a focused field shows a ring."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

FOCUS_RING = ("QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QComboBox:focus,"
              " QSpinBox:focus { border: 2px solid palette(highlight); border-radius: 3px; }")


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in (
            (QPalette.ColorRole.Window, "#2b2d31"), (QPalette.ColorRole.WindowText, "#e6e6e6"),
            (QPalette.ColorRole.Base, "#1e1f22"), (QPalette.ColorRole.AlternateBase, "#2f3136"),
            (QPalette.ColorRole.Text, "#e6e6e6"), (QPalette.ColorRole.Button, "#35373c"),
            (QPalette.ColorRole.ButtonText, "#e6e6e6"), (QPalette.ColorRole.ToolTipBase,
                                                         "#2f3136"),
            (QPalette.ColorRole.ToolTipText, "#e6e6e6"), (QPalette.ColorRole.Highlight,
                                                          "#3d7bd9"),
            (QPalette.ColorRole.HighlightedText, "#ffffff"), (QPalette.ColorRole.Link,
                                                              "#7aa7f0"),
            (QPalette.ColorRole.PlaceholderText, "#8b8e94"), (QPalette.ColorRole.BrightText,
                                                              "#ff6b6b")):
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText,
                 QPalette.ColorRole.WindowText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7d8086"))
    return palette


def wants_dark(choice: str) -> bool:
    if choice in ("light", "dark"):
        return choice == "dark"
    hints = QApplication.styleHints()
    return hints is not None and hints.colorScheme() is Qt.ColorScheme.Dark


def apply_theme(qapp: QApplication, choice: str) -> None:
    """`choice`: "system", "light" or "dark" (the setting ui.theme)."""
    qapp.setStyle("Fusion")  # (the same look on every desktop, dark or light)
    style = qapp.style()
    qapp.setPalette(dark_palette() if wants_dark(choice) else style.standardPalette())
    qapp.setStyleSheet(FOCUS_RING)
