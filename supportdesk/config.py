"""desk.toml: the desk's lines, members and client organisations, checked with messages an
administrator can act on (every problem at once, each naming where it is).

    domain = "example.com"            # the XMPP domain of people and of desk.<domain>
    name = "ООО «Вендор»"             # the company, as partners' desks and clients know it
    language = "ru"                   # the desk's words to clients (ru, en); lines may differ
    time_zone = "Europe/Moscow"       # the team's: reports' hours, the monitor's day (IANA)
    [component]                       # XEP-0114: how the desk joins the XMPP server
    server = "127.0.0.1"
    port = 5347
    secret_file = "/etc/deskline/desk.secret"   # or: secret = "..." (then chmod 600 desk.toml)
    [calls]                           # the PBX asks whom to ring (HTTP on 127.0.0.1)
    port = 5380
    secret_file = "/etc/deskline/calls.secret"  # 16+ characters; a secret file is 0600
    [store]
    url = "sqlite:///var/lib/deskline/desk.sqlite3"   # or postgresql://user@host/db
    [limits]                          # per client: more is refused with an error, not kept
    client_burst = 10                 # messages at once …
    client_per_s = 1.0                # … then this many a second
    [[line]]
    id = "support"                    # the line's address: support@desk.example.com
    name = "Техподдержка"
    phone = "+74950000100"
    accept_seconds = 300              # to accept an offered chat appeal
    capacity = 3                      # open appeals per specialist
    auto_finish_minutes = 5           # after a control question without an answer
    members = ["anna@example.com", "boris@example.com"]
    seniors = ["vera@example.com"]
    public = false                    # true: anyone may write, not only the clients below
    language = "ru"                   # what its clients hear first, English alongside
    first_line = "support@desk.partner.example"   # a partner's first line it stands behind
    partner = "ООО «Партнёр»"                      # … and whose it is (for every client of it)
    [[organisation]]
    name = "ООО «Ромашка»"
    people = ["ivan@example.com"]
    lines = ["support"]
    phones = { "+79161234567" = "ivan@example.com" }  # whose a calling number is
    first_line = "support@desk.partner.example"   # the partner who connected them: a vendor's
    partner = "ООО «Партнёр»"                      # specialist returns appeals there
    [handover]                        # appeals returned to us by vendors' desks (federation)
    accept_from = ["desk.vendor.example"]        # only from these desks
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
import tomllib
import zoneinfo
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from slixmpp import JID
from slixmpp.jid import InvalidJID

from supportdesk import texts

LINE_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,62}$")
BARE_JID = re.compile(r"^[^@/\s\"&'<>:]+@[^@/\s]+$")
PHONE = re.compile(r"^\+[1-9][0-9]{6,14}$")  # E.164
DESK = re.compile(r"^[a-z0-9][a-z0-9.-]{0,250}\.[a-z0-9-]+$", re.I)  # a component's domain
FIRST_LINE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,62}@[a-z0-9][a-z0-9.-]{0,250}$", re.I)
MAX_PARTNER = 200  # characters of a partner's name


class ConfigError(ValueError):
    """The file cannot be used; `problems` says every reason, one per line."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        super().__init__(f"{path}: " + "; ".join(problems))
        self.path = path
        self.problems = problems


@dataclass(frozen=True)
class Line:
    id: str
    name: str
    phone: str
    accept_seconds: float
    capacity: int
    auto_finish_minutes: float
    members: tuple[str, ...]
    seniors: tuple[str, ...]
    public: bool = False  # anyone may write; otherwise the clients it is connected for
    ring_seconds: float = 15.0  # a call to the line rings one specialist this long
    language: str = "ru"  # what its clients hear first (English alongside): texts.LANGUAGES
    first_line: FirstLine | None = None  # a partner's first line this line stands behind

    @property
    def staff(self) -> tuple[str, ...]:
        """Everyone who works on the line: its members and its seniors."""
        return (*self.members, *self.seniors)


@dataclass(frozen=True)
class Organisation:
    name: str
    people: tuple[str, ...]
    lines: tuple[str, ...]
    phones: tuple[tuple[str, str], ...] = ()  # (E.164 number, person): who calls from it
    first_line: FirstLine | None = None  # the partner who connected them, and its first line


@dataclass(frozen=True)
class FirstLine:
    """A partner's first line (another company's desk, over federation) that a vendor's
    line stands behind: its specialists return appeals there (seed 4.9)."""

    address: str  # support@desk.partner.example
    partner: str  # the partner company, as the vendor's specialists know it

    @property
    def desk(self) -> str:
        return self.address.partition("@")[2]

    @property
    def line(self) -> str:
        return self.address.partition("@")[0]


INSTALL = "pipx install deskline"


@dataclass(frozen=True)
class Remote:
    """The relay of remote sessions (supportdesk/remote): where it listens (TLS), the address
    the apps dial, and how many specialists may watch one client at once."""

    port: int
    url: str  # wss://desk.example.com:5281, as both sides reach it
    cert_file: str
    key_file: str
    max_viewers: int = 3
    host: str = "0.0.0.0"  # where it listens (the lab: 127.0.0.1)  # noqa: S104
    install: str = INSTALL  # where a client gets `deskline assist` (the request says it)


@dataclass(frozen=True)
class DeskConfig:
    domain: str
    server: str
    port: int
    secret: str
    store_url: str
    lines: tuple[Line, ...]
    organisations: tuple[Organisation, ...]
    client_burst: int = 10  # messages a client may send at once …
    client_per_s: float = 1.0  # … and then this many a second (more is refused, not kept)
    calls_port: int = 0  # the PBX asks whom to ring here (127.0.0.1, HTTP); 0: no calls
    calls_secret: str = ""  # … and proves itself with this
    language: str = "ru"  # the desk's words where no line is named (and each line's default)
    time_zone: str = ""  # the team's (IANA): reports' hours, the monitor's day; "": the host's
    remote: Remote | None = None  # [remote]: remote assistance; None: not offered
    accept_from: tuple[str, ...] = ()  # [handover]: vendors' desks that may return appeals
    name: str = ""  # the company, as partners and their clients know it ("": the domain)

    @functools.cached_property
    def zone(self) -> dt.tzinfo:
        """The team's time zone: the one set, else the host's (by its IANA name where
        /etc/localtime links to one, so a report can name it), else UTC."""
        if self.time_zone:
            return zoneinfo.ZoneInfo(self.time_zone)
        target = Path("/etc/localtime").resolve()
        if "zoneinfo" in target.parts:
            name = "/".join(target.parts[target.parts.index("zoneinfo") + 1:])
            with contextlib.suppress(zoneinfo.ZoneInfoNotFoundError, ValueError):
                return zoneinfo.ZoneInfo(name)
        return dt.UTC

    @property
    def component(self) -> str:
        return f"desk.{self.domain}"

    @functools.cached_property
    def specialists(self) -> frozenset[str]:
        """Everyone who works on any line."""
        return frozenset(m for line in self.lines for m in line.staff)

    def may_write(self, client: str, line: Line) -> bool:
        return line.public or line.id in self.lines_for(client)

    @functools.cached_property
    def has_partners(self) -> bool:
        """Some partner's first line stands before a line here (a vendor's desk)."""
        return any(org.first_line is not None for org in self.organisations) or any(
            line.first_line is not None for line in self.lines)

    def first_line_for(self, client: str, line: str) -> FirstLine | None:
        """Where a vendor's specialist returns `client`'s appeal on `line`: the first line of
        the partner who connected their organisation, else the line's own; None: nowhere
        (the client is told to write to another line)."""
        found = next((org.first_line for org in self.organisations
                      if client in org.people and org.first_line is not None), None)
        if found is None:
            found = next((item.first_line for item in self.lines if item.id == line), None)
        return found

    def organisation_of(self, client: str) -> str:
        return next((org.name for org in self.organisations if client in org.people), "")

    def person_calling_from(self, number: str) -> str:
        """The client whose phone this is (any written form of it), "" for none."""
        digits = re.sub(r"\D", "", number)
        return next((person for org in self.organisations for phone, person in org.phones
                     if digits and re.sub(r"\D", "", phone) == digits), "")

    def senior_lines(self, who: str) -> tuple[str, ...]:
        """The lines `who` is a senior of (their reports and online monitor)."""
        return tuple(line.id for line in self.lines if who in line.seniors)

    def lines_for(self, client: str) -> tuple[str, ...]:
        """The lines connected for a client (through their organisations)."""
        return tuple(dict.fromkeys(line for org in self.organisations if client in org.people
                                   for line in org.lines))


class _Check:
    """Reads values out of the parsed TOML, noting each problem instead of stopping."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def table(self, data: dict[str, Any], key: str, where: str) -> dict[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            self.problems.append(f"{where}[{key}] must be a table")
            return {}
        return value

    def text(self, data: dict[str, Any], key: str, where: str, default: str | None = None,
             pattern: re.Pattern[str] | None = None, meaning: str = "") -> str:
        value = data.get(key, default)
        if value is None:
            self.problems.append(f"{where}: {key} is missing")
            return ""
        if not isinstance(value, str) or not value.strip():
            self.problems.append(f"{where}: {key} must be a non-empty text")
            return ""
        if pattern is not None and not pattern.match(value):
            self.problems.append(f"{where}: {key} {value!r} is not {meaning}")
        return value

    def number(self, data: dict[str, Any], key: str, where: str, default: float,
               low: float, high: float, whole: bool = False) -> float:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (
                whole and not isinstance(value, int)):
            self.problems.append(f"{where}: {key} must be a {'whole ' if whole else ''}number")
            return default
        if not low <= value <= high:
            self.problems.append(f"{where}: {key} is {value}; it must be from {low:g} to "
                                 f"{high:g}")
            return default
        return float(value)

    def choice(self, data: dict[str, Any], key: str, where: str, default: str,
               choices: tuple[str, ...]) -> str:
        value = data.get(key, default)
        if value not in choices:
            self.problems.append(f"{where}: {key} is {value!r}; it must be one of "
                                 + ", ".join(choices))
            return default
        return str(value)

    def flag(self, data: dict[str, Any], key: str, where: str) -> bool:
        value = data.get(key, False)
        if not isinstance(value, bool):
            self.problems.append(f"{where}: {key} must be true or false")
            return False
        return value

    def jids(self, data: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problems.append(f"{where}: {key} must be a list of addresses")
            return ()
        for jid in value:
            if not BARE_JID.match(jid):
                self.problems.append(f"{where}: {key}: {jid!r} is not an address like "
                                     "name@example.com")
        return tuple(_address(jid) for jid in value)

    def unknown(self, data: dict[str, Any], known: set[str], where: str) -> None:
        for key in sorted(set(data) - known):
            self.problems.append(f"{where}: unknown setting {key!r}")


def load(path: Path) -> DeskConfig:
    """The checked configuration; ConfigError with every problem found."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(path, [f"cannot be read ({exc.strerror})"]) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(path, [f"is not valid TOML ({exc})"]) from exc
    check = _Check()
    check.unknown(data, {"domain", "component", "store", "line", "organisation", "limits",
                         "calls", "language", "time_zone", "remote", "handover", "name"},
                  "desk")
    time_zone = _time_zone(check, data)
    language = check.choice(data, "language", "desk", "ru", texts.LANGUAGES)
    domain = check.text(data, "domain", "desk").lower()  # (as the server writes it)
    component = check.table(data, "component", "desk")
    check.unknown(component, {"server", "port", "secret", "secret_file"}, "component")
    server = check.text(component, "server", "component", default="127.0.0.1")
    port = int(check.number(component, "port", "component", 5347, 1, 65535, whole=True))
    secret = _secret(check, component, path.parent, "component")
    store = check.table(data, "store", "desk")
    check.unknown(store, {"url"}, "store")
    url = check.text(store, "url", "store", default=f"sqlite:///{path.parent / 'desk.sqlite3'}")
    if url and not url.startswith(("sqlite:///", "postgresql://", "postgresql+psycopg://")):
        check.problems.append(f"store: url {url!r} must start with sqlite:/// or "
                              "postgresql://")
    limits = check.table(data, "limits", "desk")
    check.unknown(limits, {"client_burst", "client_per_s"}, "limits")
    burst = int(check.number(limits, "client_burst", "limits", 10, 1, 100_000, whole=True))
    per_s = check.number(limits, "client_per_s", "limits", 1.0, 0.01, 100_000)
    calls = check.table(data, "calls", "desk")
    check.unknown(calls, {"port", "secret", "secret_file"}, "calls")
    calls_port = int(check.number(calls, "port", "calls", 0, 0, 65535, whole=True))
    calls_secret = _secret(check, calls, path.parent, "calls", required=False)
    _own_file(check, path, data)
    if calls_port and len(calls_secret) < 16:
        check.problems.append("calls: a secret of at least 16 characters is needed (the PBX "
                              "proves itself with it)")
    remote = _remote(check, data, path.parent)
    handover = check.table(data, "handover", "desk")
    check.unknown(handover, {"accept_from"}, "handover")
    accept_from = _desks(check, handover)
    lines = _lines(check, data.get("line", []), language)
    organisations = _organisations(check, data.get("organisation", []),
                                   {line.id for line in lines})
    if check.problems:
        raise ConfigError(path, check.problems)
    return DeskConfig(domain, server, port, secret, url, lines, organisations, burst, per_s,
                      calls_port, calls_secret, language, time_zone, remote, accept_from,
                      check.text(data, "name", "desk", default=domain or "-")[:MAX_PARTNER])


def _desks(check: _Check, table: dict[str, Any]) -> tuple[str, ...]:
    value = table.get("accept_from", [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        check.problems.append("handover: accept_from must be a list of desk addresses")
        return ()
    for desk in value:
        if not DESK.match(desk):
            check.problems.append(f"handover: accept_from: {desk!r} is not a desk's address "
                                  "like desk.vendor.example")
    return tuple(desk.lower() for desk in value)


def _first_line(check: _Check, item: dict[str, Any], where: str) -> FirstLine | None:
    """`first_line` and `partner` of a line or an organisation: both or neither."""
    if "first_line" not in item and "partner" not in item:
        return None
    address = check.text(item, "first_line", where, pattern=FIRST_LINE,
                         meaning="a partner desk's line like support@desk.partner.example")
    partner = check.text(item, "partner", where)[:MAX_PARTNER]
    return FirstLine(_address(address), partner) if address and partner else None


def _remote(check: _Check, data: dict[str, Any], base: Path) -> Remote | None:
    if "remote" not in data:
        return None
    table = check.table(data, "remote", "desk")
    check.unknown(table, {"port", "url", "cert_file", "key_file", "max_viewers", "host",
                          "install"}, "remote")
    port = int(check.number(table, "port", "remote", 5281, 1, 65535, whole=True))
    url = check.text(table, "url", "remote", pattern=re.compile(r"^wss://[^/\s]+$"),
                     meaning="an address like wss://desk.example.com:5281")
    cert, key = (check.text(table, name, "remote") for name in ("cert_file", "key_file"))
    for name, value in (("cert_file", cert), ("key_file", key)):
        if value and not (base / value).is_file():
            check.problems.append(f"remote: {name} {value!r} is not a file")
    if key and (base / key).is_file() and (base / key).stat().st_mode & 0o077:
        check.problems.append(f"remote: key_file {key!r} may be read by other users: "
                              f"chmod 600 {base / key}")
    viewers = int(check.number(table, "max_viewers", "remote", 3, 1, 10, whole=True))
    host = check.text(table, "host", "remote", default="0.0.0.0")  # noqa: S104
    install = check.text(table, "install", "remote", default=INSTALL)[:200]
    return Remote(port, url, str(base / cert), str(base / key), viewers, host, install)


def _time_zone(check: _Check, data: dict[str, Any]) -> str:
    if "time_zone" not in data:
        return ""
    name = check.text(data, "time_zone", "desk")
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        check.problems.append(f"desk: time_zone {name!r} is not a time zone like "
                              "\"Europe/Moscow\" (IANA)")
        return ""
    return name


def _secret(check: _Check, table: dict[str, Any], base: Path, where: str,
            required: bool = True) -> str:
    """`secret`, or the contents of `secret_file` (the owner's alone: others may not read
    what lets anyone act as the desk, or as the PBX asking it)."""
    if "secret" in table and "secret_file" in table:
        check.problems.append(f"{where}: give secret or secret_file, not both")
    if "secret_file" in table:
        name = check.text(table, "secret_file", where)
        path = base / name
        try:
            if path.stat().st_mode & 0o077:
                check.problems.append(f"{where}: secret_file {name!r} may be read by other "
                                      f"users: chmod 600 {path}")
            return path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            check.problems.append(f"{where}: secret_file {name!r} cannot be read "
                                  f"({exc.strerror})")
            return ""
    if "secret" not in table and not required:
        return ""
    return check.text(table, "secret", where)


def _own_file(check: _Check, path: Path, data: dict[str, Any]) -> None:
    """A desk.toml with a secret written in it is the owner's alone."""
    inline = [name for name in ("component", "calls")
              if isinstance(data.get(name), dict) and "secret" in data[name]]
    try:
        shared = path.stat().st_mode & 0o077
    except OSError:
        return
    if inline and shared:
        check.problems.append(
            f"{path.name} holds the {' and '.join(inline)} secret and other users may read "
            f"it: chmod 600 {path}, or keep the secret in a secret_file")


def _lines(check: _Check, raw: object, language: str) -> tuple[Line, ...]:
    if not isinstance(raw, list) or not raw:
        check.problems.append("desk: at least one [[line]] is needed")
        return ()
    lines: list[Line] = []
    for n, item in enumerate(raw, 1):
        if not isinstance(item, dict):
            check.problems.append(f"line {n} must be a table")
            continue
        where = f"line {n}" + (f" ({item['id']})" if isinstance(item.get("id"), str) else "")
        check.unknown(item, {"id", "name", "phone", "accept_seconds", "capacity",
                             "auto_finish_minutes", "members", "seniors", "public",
                             "ring_seconds", "language", "first_line", "partner"}, where)
        line_id = check.text(item, "id", where, pattern=LINE_ID,
                             meaning="lower-case letters, digits, '.', '_' or '-'")
        if line_id in {line.id for line in lines}:
            check.problems.append(f"{where}: id {line_id!r} is used by another line")
        members = check.jids(item, "members", where)
        seniors = check.jids(item, "seniors", where)
        if not members and not seniors:
            check.problems.append(f"{where}: nobody works on it (members and seniors empty)")
        lines.append(Line(
            line_id, check.text(item, "name", where),
            check.text(item, "phone", where, default="+0", pattern=PHONE,
                       meaning="a phone number in international form (+ and digits)")
            if "phone" in item else "",
            check.number(item, "accept_seconds", where, 300, 1, 86400),
            int(check.number(item, "capacity", where, 3, 1, 100, whole=True)),
            check.number(item, "auto_finish_minutes", where, 5, 0.01, 10080),
            members, seniors, check.flag(item, "public", where),
            check.number(item, "ring_seconds", where, 15, 1, 600),
            check.choice(item, "language", where, language, texts.LANGUAGES),
            _first_line(check, item, where)))
    return tuple(lines)


def _organisations(check: _Check, raw: object, line_ids: set[str]) -> tuple[Organisation, ...]:
    if not isinstance(raw, list):
        check.problems.append("desk: organisation must be a list of [[organisation]] tables")
        return ()
    orgs: list[Organisation] = []
    for n, item in enumerate(raw, 1):
        if not isinstance(item, dict):
            check.problems.append(f"organisation {n} must be a table")
            continue
        where = f"organisation {n}"
        check.unknown(item, {"name", "people", "lines", "phones", "first_line", "partner"},
                      where)
        name = check.text(item, "name", where)
        lines = item.get("lines", [])
        if not isinstance(lines, list) or not all(isinstance(v, str) for v in lines):
            check.problems.append(f"{where}: lines must be a list of line ids")
            lines = []
        for line in lines:
            if line not in line_ids:
                check.problems.append(f"{where} ({name}): no line {line!r}; the lines are "
                                      + ", ".join(sorted(line_ids)))
        people = check.jids(item, "people", where)
        orgs.append(Organisation(name, people, tuple(lines),
                                 _phones(check, item.get("phones", {}), people, where),
                                 _first_line(check, item, where)))
    return tuple(orgs)


def _address(jid: object) -> str:
    """An address as the server writes it (nodeprep: Anna@Example.COM is anna@example.com):
    compared with what stanzas carry, a capital letter would lock a person out."""
    text = str(jid).strip()
    try:
        return str(JID(text).bare)
    except InvalidJID:
        return text  # (refused by the check above with its own message)


def _phones(check: _Check, raw: object, people: tuple[str, ...],
            where: str) -> tuple[tuple[str, str], ...]:
    """`phones = { "+79161234567" = "ivan@example.com" }`: a calling number -> its person."""
    if not isinstance(raw, dict):
        check.problems.append(f'{where}: phones must be a table of "+number" = "person"')
        return ()
    found = []
    for phone, person in raw.items():
        if not PHONE.match(phone):
            check.problems.append(f"{where}: phone {phone!r} must be in international form "
                                  "(+ and digits)")
        elif _address(person) not in people:
            check.problems.append(f"{where}: phone {phone} belongs to {person!r}, who is not "
                                  "among its people")
        else:
            found.append((phone, _address(person)))
    return tuple(found)
