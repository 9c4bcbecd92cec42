"""Protocol and audio code never import widgets or the UI package (STYLE.md section 12)."""

from __future__ import annotations

import ast
from pathlib import Path

import desktop

ROOT = Path(desktop.__file__).parent
FORBIDDEN = ("PySide6.QtWidgets", "desktop.ui")
GUARDED = ("telephony", "audio", "chat", "lab", "appeals")


def imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_guarded_packages_exist_and_have_code() -> None:
    for package in GUARDED:
        assert list((ROOT / package).glob("*.py")), package


def test_no_widgets_below_protocol_and_audio_code() -> None:
    offenders = []
    for package in GUARDED:
        for path in (ROOT / package).rglob("*.py"):
            for name in imports_of(path):
                if name.startswith(FORBIDDEN):
                    offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []


def test_ui_never_imports_protocol_libraries() -> None:
    offenders = [f"{path.relative_to(ROOT)} imports {name}"
                 for path in (ROOT / "ui").rglob("*.py") for name in imports_of(path)
                 if name.startswith(("pjsua2", "slixmpp"))]
    assert offenders == []


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    sample = tmp_path / "bad.py"
    sample.write_text("from PySide6.QtWidgets import QLabel\nimport desktop.ui.header\n")
    assert {"PySide6.QtWidgets.QLabel", "desktop.ui.header"} <= imports_of(sample)


def test_the_desk_service_has_no_qt_and_knows_nothing_of_the_app() -> None:
    """supportdesk/ runs alone (DESIGN §8): no Qt, no desktop package."""
    desk = ROOT.parent / "supportdesk"
    offenders = [f"{path.name} imports {name}" for path in desk.rglob("*.py")
                 for name in imports_of(path) if name.startswith(("PySide6", "desktop"))]
    assert list(desk.glob("*.py"))
    assert offenders == []


def test_the_app_knows_the_desk_by_its_wire_format_only() -> None:
    """supportdesk.protocol (the wire format, with the report's values) is all of the desk
    the app imports (DESIGN §8)."""
    offenders = [f"{path.relative_to(ROOT)} imports {name}" for path in ROOT.rglob("*.py")
                 for name in imports_of(path) if name.startswith("supportdesk")
                 and not name.startswith("supportdesk.protocol")
                 and path.relative_to(ROOT).parts[0] not in ("lab", "cli.py")]  # run the desk
    assert offenders == []


def test_the_desks_parts_form_no_import_circle() -> None:
    """The service builds the calls and the monitor; they know it by small interfaces
    (calls.Desk, monitor.Desk), never by importing it: supportdesk's imports are a tree."""
    desk = ROOT.parent / "supportdesk"
    graph = {f"supportdesk.{p.stem}" if p.parent == desk else
             f"supportdesk.{p.parent.name}.{p.stem}".removesuffix(".__init__"):
             {n for n in imports_of(p) if n.startswith("supportdesk.")}
             for p in desk.rglob("*.py")}
    modules = set(graph)
    # (a module's own package is loaded before it: `from supportdesk.store import x` in
    # supportdesk.store.store names a sibling, not a way back)
    edges = {m: {n for n in found if n in modules and n != m and not m.startswith(n + ".")}
             for m, found in graph.items()}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        return any(n == goal or (n not in seen and reaches(n, goal, seen | {n}))
                   for n in edges[start])

    circles = sorted(m for m in modules if reaches(m, m, {m}))
    assert circles == []
