"""The one-time codes of remote sessions (supportdesk/remote): how a caller or a client of
another chat program answers, on a fake clock and a recording desk (the relay's code
channel and `deskline assist` are tested end to end in test_remote_assist.py)."""

from __future__ import annotations

from supportdesk.remote.sessions import ASK_S, CODE_S, RemoteSessions
from supportdesk.remote.tokens import CODE_TRIES, Codes, Tokens
from supportdesk.texts import Said


class Desk:
    def __init__(self) -> None:
        self.now = 1000.0
        self.steps: list[tuple[int, str, str, str]] = []
        self.chats: list[tuple[str, str, str]] = []  # (client, element, body)
        self.codes: list[tuple[str, str, dict[str, str]]] = []
        self.specialists: list[tuple[str, dict[str, str]]] = []
        self.ended: list[str] = []

    def clock(self) -> float:
        return self.now

    def step(self, appeal: int, kind: str, actor: str, detail: str = "") -> None:
        self.steps.append((appeal, kind, actor, detail))

    def line_of(self, appeal: int) -> tuple[str, str]:
        return "support@desk.x", "ru"

    def line_name(self, appeal: int) -> str:
        return "Техподдержка"

    def name_of(self, who: str) -> str:
        return "Анна"

    def to_client(self, line: str, client: str, said: Said, name: str,
                  attrs: dict[str, str]) -> None:
        self.chats.append((client, name, said.body))

    def to_specialist(self, appeal: int, who: str, attrs: dict[str, str]) -> None:
        self.specialists.append((who, attrs))

    def to_code(self, session: str, name: str, attrs: dict[str, str]) -> None:
        self.codes.append((session, name, attrs))

    def end_relay(self, session: str) -> None:
        self.ended.append(session)


def sessions() -> tuple[RemoteSessions, Desk, Codes]:
    desk = Desk()
    codes = Codes(desk.clock)
    return RemoteSessions(desk, Tokens(desk.clock), "wss://desk.x:5281", codes,
                          "https://x/assist"), desk, codes


def test_a_caller_gets_only_a_code_which_waits_five_minutes() -> None:
    remote, desk, codes = sessions()
    asked = remote.ask("anna@x", 7, "+79161234567")
    assert asked["state"] == "asked"
    assert len(asked["code"]) == 8
    assert desk.chats == []  # a number has no chat
    assert desk.steps == [(7, "remote_asked", "anna@x", "code")]
    desk.now += ASK_S + 1
    remote.tick(desk.now)
    assert remote.by_appeal  # still asked: the caller installs and types
    desk.now += CODE_S
    remote.tick(desk.now)
    assert not remote.by_appeal
    assert codes.take(asked["code"], "10.0.0.1") is None  # void with its session


def test_the_code_answers_and_what_follows_goes_over_its_channel() -> None:
    remote, desk, codes = sessions()
    asked = remote.ask("anna@x", 7, "ivan@x")
    (client, element, body) = desk.chats[0]
    assert (client, element) == ("ivan@x", "remote-request")
    assert f"deskline assist --relay wss://desk.x:5281 --code {asked['code']}" in body
    grant = codes.take(f"{asked['code'][:4]} {asked['code'][4:]}", "10.0.0.1")
    assert grant is not None
    assert grant.request["specialist"] == "Анна"
    assert grant.request["line-name"] == "Техподдержка"
    assert codes.take(asked["code"], "10.0.0.1") is None  # once
    remote.by_code(grant, "claimed", {})
    answered = remote.by_code(grant, "answer", {"allow": "true", "password": "0123abcd"})
    assert answered["token"]
    remote.control("anna@x", 7)
    assert desk.codes[-1][1] == "control-request"  # over the channel, not the chat
    assert len(desk.chats) == 1
    remote.by_code(grant, "stop", {})
    assert desk.codes[-1] == (grant.session, "over", {"state": "stopped"})
    assert desk.ended == [grant.session]


def test_wrong_codes_from_one_address_are_counted_and_then_refused() -> None:
    remote, desk, codes = sessions()
    right = remote.ask("anna@x", 7, "ivan@x")["code"]
    for n in range(CODE_TRIES):
        assert codes.take(f"{n:08d}", "10.0.0.9") is None
    assert not codes.may_try("10.0.0.9")
    assert codes.take(right, "10.0.0.9") is None  # the right one, too late from there
    assert codes.take(right, "10.0.0.1") is not None  # (another address is not blamed)
    desk.now += 601
    assert codes.may_try("10.0.0.9")  # ten minutes on
