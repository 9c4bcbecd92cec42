"""desk.toml is checked with messages an administrator can act on (supportdesk/config.py),
through the real `deskline desk check-config` command."""

from __future__ import annotations

import subprocess
import sys
import zoneinfo
from dataclasses import replace
from pathlib import Path

import pytest

from supportdesk.config import ConfigError, load
from supportdesk.service import DeskService
from supportdesk.store import DeskStore
from tests.test_desk_logic import Outbox

GOOD = """
domain = "example.com"
[component]
port = 5347
secret = "s3cret"
[[line]]
id = "support"
name = "Техподдержка"
phone = "+74950000100"
accept_seconds = 300
capacity = 3
auto_finish_minutes = 5
members = ["anna@example.com", "boris@example.com"]
seniors = ["vera@example.com"]
[[line]]
id = "accounting"
name = "Бухгалтерия"
members = ["boris@example.com"]
[[organisation]]
name = "ООО «Ромашка»"
people = ["ivan@example.com"]
lines = ["support", "accounting"]
phones = { "+79161234567" = "ivan@example.com" }
"""


def write(tmp_path: Path, text: str, mode: int = 0o600) -> Path:
    """desk.toml as an administrator keeps it: the owner's alone (it may hold a secret)."""
    path = tmp_path / "desk.toml"
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def command(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop.cli", "desk", "check-config",
                           str(path)], capture_output=True, text=True, check=False)


def test_a_good_file_is_read_and_the_command_says_ok(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    config = load(path)
    assert config.component == "desk.example.com"
    assert [line.id for line in config.lines] == ["support", "accounting"]
    assert config.lines[0].accept_seconds == 300
    assert config.lines_for("ivan@example.com") == ("support", "accounting")
    assert config.lines_for("stranger@example.com") == ()
    assert config.person_calling_from("+7 916 123-45-67") == "ivan@example.com"
    assert config.person_calling_from("+79160000000") == ""
    assert config.store_url == f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    assert (config.language, config.lines[0].language) == ("ru", "ru")
    other = load(write(tmp_path, GOOD.replace(
        'domain = "example.com"',
        'domain = "example.com"\ntime_zone = "Asia/Kolkata"\nlanguage = "en"', 1)))
    assert other.zone == zoneinfo.ZoneInfo("Asia/Kolkata")
    assert [line.language for line in other.lines] == ["en", "en"]  # lines take the desk's
    done = command(path)
    assert done.returncode == 0, done.stderr
    assert "OK — 2 line(s) at desk.example.com, 3 specialist(s), 1 organisation(s)" in done.stdout


@pytest.mark.parametrize(("change", "said"), [
    (("phone = \"+74950000100\"", "phone = \"8 495 abc\""),
     "line 1 (support): phone '8 495 abc' is not a phone number in international form"),
    (("id = \"accounting\"", "id = \"support\""),
     "line 2 (support): id 'support' is used by another line"),
    (("\"anna@example.com\"", "\"anna\""), "members: 'anna' is not an address"),
    (("lines = [\"support\", \"accounting\"]", "lines = [\"sales\"]"),
     "organisation 1 (ООО «Ромашка»): no line 'sales'; the lines are accounting, support"),
    (("capacity = 3", "capacity = 0"), "line 1 (support): capacity is 0; it must be from 1"),
    (("accept_seconds = 300", "accept_seconds = \"five minutes\""),
     "line 1 (support): accept_seconds must be a number"),
    (("port = 5347", "port = 5347\nsecret_file = \"x\""),
     "component: give secret or secret_file, not both"),
    (("domain = \"example.com\"", "domain = \"example.com\"\nqueue = 1"),
     "desk: unknown setting 'queue'"),
    (("domain = \"example.com\"", ""), "desk: domain is missing"),
    (("[component]", "[limits]\nclient_burst = 0\n[component]"),
     "limits: client_burst is 0; it must be from 1"),
    (("members = [\"boris@example.com\"]", "members = [\"boris@example.com\"]\npublic = 1"),
     "line 2 (accounting): public must be true or false"),
    (("\"+79161234567\" = \"ivan", "\"8916\" = \"ivan"),
     "organisation 1: phone '8916' must be in international form"),
    (("\"+79161234567\" = \"ivan@example.com\"", "\"+79161234567\" = \"eve@example.com\""),
     "organisation 1: phone +79161234567 belongs to 'eve@example.com', who is not among"),
    (("domain = \"example.com\"", "domain = \"example.com\"\ntime_zone = \"Moscow\""),
     "desk: time_zone 'Moscow' is not a time zone like \"Europe/Moscow\" (IANA)"),
    (("domain = \"example.com\"", "domain = \"example.com\"\nlanguage = \"de\""),
     "desk: language is 'de'; it must be one of ru, en"),
    (("capacity = 3", "capacity = 3\nlanguage = \"fr\""),
     "line 1 (support): language is 'fr'; it must be one of ru, en"),
    (("lines = [\"support\", \"accounting\"]",
      "lines = [\"support\"]\nfirst_line = \"support@desk.partner.example\""),
     "organisation 1: partner is missing"),
    (("lines = [\"support\", \"accounting\"]",
      "lines = [\"support\"]\nfirst_line = \"desk.partner.example\"\npartner = \"P\""),
     "organisation 1: first_line 'desk.partner.example' is not a partner desk's line"),
    (("domain = \"example.com\"",
      "domain = \"example.com\"\n[handover]\naccept_from = [\"eve@desk.example\"]"),
     "handover: accept_from: 'eve@desk.example' is not a desk's address"),
    (("domain = \"example.com\"", "domain = \"example.com\"\n[handover]\ntrust = 1"),
     "handover: unknown setting 'trust'"),
])
def test_each_mistake_is_named_where_it_is(tmp_path: Path, change: tuple[str, str],
                                           said: str) -> None:
    path = write(tmp_path, GOOD.replace(*change, 1))
    with pytest.raises(ConfigError) as caught:
        load(path)
    assert any(said in problem for problem in caught.value.problems), caught.value.problems


def test_a_partners_first_line_by_organisation_before_the_lines_own(tmp_path: Path) -> None:
    """Where a vendor's specialist returns an appeal: the first line of the partner who
    connected the client's organisation, else the one the line stands behind, else none."""
    config = load(write(tmp_path, GOOD.replace(
        'lines = ["support", "accounting"]',
        'lines = ["support", "accounting"]\npartner = "ООО «Партнёр»"\n'
        'first_line = "Help@Desk.Partner.Example"', 1).replace(
        'members = ["boris@example.com"]',
        'members = ["boris@example.com"]\npartner = "ИП Другой"\n'
        'first_line = "first@desk.other.example"', 1) + (
        '[handover]\naccept_from = ["desk.vendor.example"]\n')))
    ivan = config.first_line_for("ivan@example.com", "support")
    assert ivan is not None
    assert (ivan.address, ivan.partner, ivan.desk, ivan.line) == (
        "help@desk.partner.example", "ООО «Партнёр»", "desk.partner.example", "help")
    stranger = config.first_line_for("stranger@example.com", "accounting")
    assert stranger is not None
    assert stranger.address == "first@desk.other.example"
    assert config.first_line_for("stranger@example.com", "support") is None
    assert config.has_partners
    assert config.accept_from == ("desk.vendor.example",)
    assert not load(write(tmp_path, GOOD)).has_partners


def test_every_problem_at_once_and_the_command_fails(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("+74950000100", "123").replace("capacity = 3",
                                                                        "capacity = -1"))
    done = command(path)
    assert done.returncode == 2
    assert "2 problem(s)" in done.stderr
    assert "phone '123'" in done.stderr
    assert "capacity is -1" in done.stderr


def test_not_toml_or_missing_says_so(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="is not valid TOML"):
        load(write(tmp_path, "domain = [unclosed"))
    with pytest.raises(ConfigError, match="cannot be read"):
        load(tmp_path / "nowhere.toml")


def test_addresses_are_read_as_the_server_writes_them(tmp_path: Path) -> None:
    """A capital letter in desk.toml locked a person out: stanzas carry anna@example.com,
    the config said Anna@Example.com, and the desk never counted her as a specialist."""
    text = (GOOD.replace('"anna@example.com"', '"Anna@Example.COM"')
            .replace('people = ["ivan@example.com"]', 'people = ["Ivan@example.com"]')
            .replace('domain = "example.com"', 'domain = "Example.com"'))
    config = load(write(tmp_path, text))
    assert "anna@example.com" in config.specialists
    assert config.organisation_of("ivan@example.com") == "ООО «Ромашка»"
    assert config.person_calling_from("+79161234567") == "ivan@example.com"
    assert config.component == "desk.example.com"
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    desk = DeskService(replace(config, store_url=url), DeskStore(url), Outbox(), lambda: 1e9)
    desk.presence("anna@example.com", "", True)  # as her app's presence says it
    desk.client_message("ivan@example.com", "support", "Вопрос", "m1")
    assert next(s for s in desk.store.timeline(1) if s.kind == "offered").actor == \
        "anna@example.com"
    desk.store.close()


def test_a_secret_other_users_may_read_is_refused(tmp_path: Path) -> None:
    """A desk.toml with a secret in it, or a secret_file, readable by others: whoever reads
    it may join as the desk or ask it as the PBX."""
    with pytest.raises(ConfigError) as caught:
        load(write(tmp_path, GOOD, 0o644))
    assert any("holds the component secret and other users may read it: chmod 600"
               in problem for problem in caught.value.problems), caught.value.problems
    secret = tmp_path / "desk.secret"
    secret.write_text("s3cret\n", encoding="utf-8")
    secret.chmod(0o640)
    calls = tmp_path / "calls.secret"
    calls.write_text("a-secret-of-16-characters\n", encoding="utf-8")
    calls.chmod(0o600)
    text = GOOD.replace('secret = "s3cret"', 'secret_file = "desk.secret"').replace(
        "[component]", '[calls]\nport = 5380\nsecret_file = "calls.secret"\n[component]')
    with pytest.raises(ConfigError) as caught:
        load(write(tmp_path, text, 0o644))
    assert caught.value.problems == [
        f"component: secret_file 'desk.secret' may be read by other users: chmod 600 {secret}"]
    secret.chmod(0o600)
    config = load(write(tmp_path, text, 0o644))  # (no secret in it: anyone may read it)
    assert (config.secret, config.calls_secret) == ("s3cret", "a-secret-of-16-characters")


def test_remote_sessions_need_a_wss_address_a_certificate_and_a_private_key(
        tmp_path: Path) -> None:
    (tmp_path / "relay.crt").write_text("-----BEGIN CERTIFICATE-----\n", encoding="utf-8")
    key = tmp_path / "relay.key"
    key.write_text("-----BEGIN PRIVATE KEY-----\n", encoding="utf-8")
    key.chmod(0o644)
    text = GOOD + ('[remote]\nport = 5281\nurl = "https://desk.example.com"\n'
                   'cert_file = "relay.crt"\nkey_file = "relay.key"\nmax_viewers = 20\n')
    with pytest.raises(ConfigError) as caught:
        load(write(tmp_path, text, 0o600))
    assert caught.value.problems == [
        "remote: url 'https://desk.example.com' is not an address like "
        "wss://desk.example.com:5281",
        f"remote: key_file 'relay.key' may be read by other users: chmod 600 {key}",
        "remote: max_viewers is 20; it must be from 1 to 10"]
    key.chmod(0o600)
    config = load(write(tmp_path, text.replace("https://desk.example.com",
                                               "wss://desk.example.com:5281")
                        .replace("max_viewers = 20", "max_viewers = 2"), 0o600))
    assert config.remote is not None
    assert (config.remote.url, config.remote.max_viewers) == ("wss://desk.example.com:5281", 2)
    assert config.remote.key_file == str(key)
    assert load(write(tmp_path, GOOD, 0o600)).remote is None  # not offered unless set
