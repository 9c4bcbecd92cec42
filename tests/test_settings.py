"""Settings: schema checks, round trip through the file, migrations, damaged and newer files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.bus import SettingChanged
from desktop.settings import SCHEMA, Setting, Settings


def test_defaults_and_in_memory_mode(qtbot: QtBot) -> None:
    settings = Settings(None)
    assert settings.get("pbx.port") == 5060
    assert settings.get_bool("lab.embedded") is True
    with qtbot.waitSignal(settings.changed) as blocker:
        settings.set("pbx.server", "pbx.example.com")
    assert blocker.args == [SettingChanged("pbx.server", "pbx.example.com")]
    assert settings.get("pbx.server") == "pbx.example.com"


def test_round_trip_through_the_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    first = Settings(path)
    first.set("pbx.transport", "tls")
    first.set("pbx.port", 5061)
    first.set("ui.curtain_visible", False)
    first.set("pbx.display_name", "Петрова Анна")
    second = Settings(path)
    assert second.get("pbx.transport") == "tls"
    assert second.get("pbx.port") == 5061
    assert second.get("ui.curtain_visible") is False
    assert second.get("pbx.display_name") == "Петрова Анна"
    assert json.loads(path.read_text())["version"] == 1


@pytest.mark.parametrize(("key", "value"), [
    ("pbx.port", "5060"), ("pbx.port", 0), ("pbx.port", 70000), ("pbx.transport", "sctp"),
    ("lab.embedded", 1), ("pbx.server", None)])
def test_wrong_values_are_refused(key: str, value: object) -> None:
    settings = Settings(None)
    with pytest.raises(ValueError, match=key):
        settings.set(key, value)  # type: ignore[arg-type]
    assert settings.get(key) == SCHEMA[key].default


def test_no_password_setting_exists() -> None:
    assert not [key for key in SCHEMA if "password" in key or "secret" in key]


def test_migration_runs_and_is_saved(tmp_path: Path) -> None:
    """A version-1 file under a version-2 schema that renamed a key."""
    schema = {s.key: s for s in (Setting("pbx.host", "", "host"), Setting("pbx.port", 5060, ""))}

    def v1_to_v2(values: dict[str, object]) -> dict[str, object]:
        values["pbx.host"] = values.pop("sip.server", "")
        return values

    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 1, "values": {"sip.server": "pbx.local",
                                                          "pbx.port": 5080}}))
    settings = Settings(path, schema=schema, version=2, migrations={1: v1_to_v2})
    assert settings.get("pbx.host") == "pbx.local"
    assert settings.get("pbx.port") == 5080
    stored = json.loads(path.read_text())
    assert stored == {"version": 2, "values": {"pbx.host": "pbx.local", "pbx.port": 5080}}


def test_damaged_file_is_kept_aside_and_defaults_used(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"version": 1, "values": {"pbx.port": 50')
    settings = Settings(path)
    assert settings.get("pbx.port") == 5060
    assert settings.problems
    assert "damaged" in settings.problems[0]
    backups = list(tmp_path.glob("settings.json.broken-*"))
    assert len(backups) == 1
    assert backups[0].read_text() == '{"version": 1, "values": {"pbx.port": 50'


def test_newer_file_is_read_but_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    original = json.dumps({"version": 99, "values": {"pbx.port": 5070, "future.key": 1}})
    path.write_text(original)
    settings = Settings(path)
    assert settings.get("pbx.port") == 5070
    settings.set("pbx.port", 5080)
    assert path.read_text() == original
    assert "newer Deskline" in settings.read_only_reason


def test_wrong_typed_value_in_file_falls_back_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 1, "values": {"pbx.port": "x", "pbx.user": "100"}}))
    settings = Settings(path)
    assert settings.get("pbx.port") == 5060
    assert settings.get("pbx.user") == "100"
    assert any("pbx.port" in p for p in settings.problems)


@pytest.mark.parametrize("version", ["missing", "0", "-3", "null", "[1]", "1e400", "true",
                                     '"1"'])
def test_a_file_with_a_bad_version_is_set_aside_not_fatal(tmp_path: Path, version: str) -> None:
    """The app must open with defaults and say what it set aside, whatever the version."""
    path = tmp_path / "settings.json"
    head = "" if version == "missing" else f'"version": {version}, '
    path.write_text('{' + head + '"values": {"pbx.port": 5080}}')
    settings = Settings(path)
    assert settings.get("pbx.port") == 5060
    assert len(settings.problems) == 1
    assert "damaged" in settings.problems[0]
    assert len(list(tmp_path.glob("settings.json.broken-*"))) == 1
