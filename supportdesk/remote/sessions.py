"""Remote sessions of appeals (PROTOCOL.md, "Remote assistance"): a specialist on an
appeal asks; its client allows or declines (or says nothing for ASK_S); allowed, the client
side dials the relay with a token the desk mints for it, and each specialist of the appeal
gets a viewer's token of their own; it ends by the client's Stop, a specialist's End with a
comment, the appeal finished or handed away, or the client side gone. Each of these is a
step of the appeal. Plain values; the relay's sockets are the component's."""

from __future__ import annotations

import enum
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from supportdesk.access import ActionError
from supportdesk.remote.tokens import CodeGrant, Codes, Leg, Tokens
from supportdesk.texts import Said, Text

ASK_S = 60.0  # the client's answer waited for this long …
CODE_S = 300.0  # … or this long when only a code can answer (a caller: the code read out)
PASSWORD = re.compile(r"^[0-9a-f]{8}$")  # the client side's one-time VNC password
REASON = re.compile(r"[^a-z0-9-]")  # what a declining client side may say: a word
REQUEST = Text(
    "Специалист {name} просит показать ваш экран по обращению №{appeal}, чтобы помочь. "
    "Разрешите в Deskline; до вашего разрешения никто ничего не увидит. Нет Deskline? "
    "Установите ({install}) и запустите: deskline assist --relay {relay} --code {code}",
    "Specialist {name} asks to see your screen for appeal №{appeal}, to help you. Allow it "
    "in Deskline; nobody sees anything until you do. No Deskline? Install it ({install}) "
    "and run: deskline assist --relay {relay} --code {code}")


CONTROL = Text(
    "Специалист {name} просит разрешить управление вашим экраном по обращению №{appeal} "
    "(клавиатура и мышь). Разрешите или откажите в Deskline.",
    "Specialist {name} asks to control your screen for appeal №{appeal} (keyboard and "
    "mouse). Allow or decline in Deskline.")


class End(enum.Enum):
    """Why a session ended (the step's detail, the viewers' event)."""

    STOPPED = "stopped"  # the client's Stop
    ENDED = "ended"  # a specialist's End, with their comment
    FINISHED = "finished"  # the appeal finished
    TRANSFERRED = "transferred"  # handed to someone not in the session
    CLIENT_GONE = "client-gone"  # the client side's connection to the relay closed
    DESK_RESTART = "desk-restart"  # the desk (its relay with it) stopped while it ran
    DECLINED = "declined"
    NO_ANSWER = "no-answer"


class Desk(Protocol):
    """What the sessions ask of the desk (DeskService is one)."""

    clock: Callable[[], float]

    def step(self, appeal: int, kind: str, actor: str, detail: str = "") -> None: ...
    def line_of(self, appeal: int) -> tuple[str, str]: ...  # (line address, language)
    def line_name(self, appeal: int) -> str: ...
    def name_of(self, who: str) -> str: ...
    def to_client(self, line: str, client: str, said: Said, name: str,
                  attrs: dict[str, str]) -> None: ...
    def to_specialist(self, appeal: int, who: str, attrs: dict[str, str]) -> None: ...
    def to_code(self, session: str, name: str, attrs: dict[str, str]) -> None: ...
    def end_relay(self, session: str) -> None: ...


@dataclass
class _Session:
    id: str
    appeal: int
    client: str
    asked_by: str
    asked_at: float
    password: str = ""
    open: bool = False
    viewers: set[str] = field(default_factory=set)  # who has a viewer's token or is watching
    watching: set[str] = field(default_factory=set)  # whose viewer is connected now
    code: str = ""  # the one-time code a client without Deskline answers with …
    by_code: bool = False  # … and did: their side is told over the relay, not the chat
    wait_s: float = ASK_S


class RemoteSessions:
    def __init__(self, desk: Desk, tokens: Tokens, relay_url: str, codes: Codes,
                 install: str) -> None:
        self.desk = desk
        self.tokens = tokens
        self.codes = codes
        self.relay_url = relay_url
        self.install = install  # where a client gets `deskline assist`, as the desk says it
        self.sessions: dict[str, _Session] = {}
        self.by_appeal: dict[int, str] = {}

    def ask(self, who: str, appeal: int, client: str) -> dict[str, str]:
        """`who` (a specialist on the appeal: access.py checked) asks for the screen; while a
        session runs, they join it (a viewer's token of their own)."""
        found = self.sessions.get(self.by_appeal.get(appeal, ""))
        if found is None:
            found = self._asked(who, appeal, client)
            return {"session": found.id, "state": "asked", "code": found.code}
        if not found.open:
            return {"session": found.id, "state": "asked", "code": found.code}
        return self._viewer(found, who)

    def _asked(self, who: str, appeal: int, client: str) -> _Session:
        """A new request: to the client's chat when they have one, and a one-time code the
        specialist may read out (a caller has only that)."""
        chat = "@" in client
        found = _Session(secrets.token_hex(8), appeal, client, who, self.desk.clock(),
                         wait_s=ASK_S if chat else CODE_S)
        line, language = self.desk.line_of(appeal)
        shown = {"session": found.id, "appeal": str(appeal),
                 "specialist": self.desk.name_of(who), "line": line,
                 "line-name": self.desk.line_name(appeal)}
        found.code = self.codes.mint(found.id, appeal, client, shown, found.wait_s)
        self.sessions[found.id] = found
        self.by_appeal[appeal] = found.id
        if chat:
            self.desk.to_client(line, client, REQUEST.in_(
                language, name=shown["specialist"], appeal=appeal, install=self.install,
                relay=self.relay_url, code=found.code), "remote-request",
                {k: v for k, v in shown.items() if k != "line"})
        self.desk.step(appeal, "remote_asked", who, "" if chat else "code")
        return found

    def by_code(self, grant: CodeGrant, name: str, attrs: dict[str, str]) -> dict[str, str]:
        """What the client side says over the relay's code channel (the code taken is its
        proof): its answer, a control answer, or Stop."""
        found = self.sessions.get(grant.session)
        if found is None or found.client != grant.client:
            raise ActionError("item-not-found", "The session is over.")
        found.by_code = True
        if name == "claimed":  # the code typed: a minute more to decide, as in Deskline
            found.asked_at = max(found.asked_at, self.desk.clock() + ASK_S - found.wait_s)
            return {}
        if name == "answer":
            return self.answer(found.client, found.id, attrs.get("allow") == "true",
                               attrs.get("password", ""), attrs.get("reason", ""))
        if name == "control-answer":
            self.control_answer(found.client, found.id, attrs.get("who", ""),
                                attrs.get("allow") == "true")
            return {}
        if name == "stop":
            self.stop(found.client, found.id)
            return {}
        raise ActionError("bad-request", f"No {name[:32]!r} here.")

    def answer(self, client: str, session: str, allow: bool, password: str,
               reason: str = "") -> dict[str, str]:
        """The client's answer; allowed, the relay's address and the client side's token.
        Declined, maybe with why their side could not share (`reason`: wayland, …)."""
        found = self.sessions.get(session)
        if found is None or found.client != client or found.open:
            raise ActionError("item-not-found", "No such remote session asks you.")
        if not allow:
            self._over(found, End.DECLINED, client, reason=REASON.sub("", reason)[:32])
            return {}
        if not PASSWORD.match(password):
            raise ActionError("bad-request", "password: eight hex digits.")
        found.open, found.password = True, password
        token = self.tokens.mint(found.id, found.appeal, client, Leg.CLIENT)
        self.desk.step(found.appeal, "remote_started", client)
        self.desk.to_specialist(found.appeal, found.asked_by,
                                self._viewer(found, found.asked_by))
        return {"relay": self.relay_url, "token": token}

    def control(self, who: str, appeal: int) -> dict[str, str]:
        """A viewer asks the client for control (keyboard and mouse) of the screen."""
        found = self.sessions.get(self.by_appeal.get(appeal, ""))
        if found is None or not found.open or who not in found.viewers:
            raise ActionError("item-not-found", "You watch no remote session of this appeal.")
        attrs = {"session": found.id, "who": who, "specialist": self.desk.name_of(who)}
        if found.by_code:
            self.desk.to_code(found.id, "control-request", attrs)
        else:
            line, language = self.desk.line_of(found.appeal)
            self.desk.to_client(line, found.client, CONTROL.in_(
                language, name=self.desk.name_of(who), appeal=found.appeal),
                "remote-control-request", attrs)
        return {"session": found.id, "state": "control-asked"}

    def control_answer(self, client: str, session: str, who: str, allow: bool) -> None:
        """The client gave control to that viewer, or took it back (or declined)."""
        found = self.sessions.get(session)
        if found is None or found.client != client or who not in found.viewers:
            raise ActionError("item-not-found", "No such viewer of your session.")
        self.desk.step(found.appeal, "remote_control", who, "granted" if allow else "withdrawn")
        self.desk.to_specialist(found.appeal, who, {
            "session": found.id, "state": "control" if allow else "view-only"})

    def end(self, who: str, appeal: int, comment: str) -> None:
        """A specialist of the session ends it; what was done and agreed is required."""
        found = self.sessions.get(self.by_appeal.get(appeal, ""))
        if found is None:
            raise ActionError("item-not-found", "No remote session on this appeal.")
        if not comment.strip():
            raise ActionError("bad-request", "Say in a comment what was done and agreed.")
        self._over(found, End.ENDED, who, comment.strip()[:2000])

    def stop(self, client: str, session: str) -> None:
        """The client's Stop: over for everyone at once."""
        found = self.sessions.get(session)
        if found is None or found.client != client:
            raise ActionError("item-not-found", "No such remote session of yours.")
        self._over(found, End.STOPPED, client)

    def appeal_over(self, appeal: int, why: End) -> None:
        """Finished or handed away: its session, if any, ends."""
        found = self.sessions.get(self.by_appeal.get(appeal, ""))
        if found is not None:
            self._over(found, why, "")

    def seen(self, session: str, who: str, what: str) -> None:
        """The relay's word: a viewer joined or left; the client side went."""
        found = self.sessions.get(session)
        if found is None:
            return
        if what == "client-gone":
            self._over(found, End.CLIENT_GONE, found.client)
        elif what in ("joined", "left"):
            (found.watching.add if what == "joined" else found.watching.discard)(who)
            self.desk.step(found.appeal, f"remote_{what}", who)
            for viewer in found.watching:  # each sees who else watches
                self.desk.to_specialist(found.appeal, viewer, {
                    "session": found.id, "state": "watching",
                    "watchers": ",".join(sorted(found.watching - {viewer}))})

    def watching(self, who: str) -> bool:
        """`who`'s viewer is connected to a session now (as the relay said)."""
        return any(who in s.watching for s in self.sessions.values())

    def tick(self, now: float) -> None:
        for found in [s for s in self.sessions.values()
                      if not s.open and now - s.asked_at > s.wait_s]:
            self._over(found, End.NO_ANSWER, "")

    def _viewer(self, found: _Session, who: str) -> dict[str, str]:
        found.viewers.add(who)
        token = self.tokens.mint(found.id, found.appeal, who, Leg.VIEWER)
        return {"session": found.id, "state": "ready",
                "url": f"{self.relay_url}/viewer/{token}", "password": found.password}

    def _over(self, found: _Session, why: End, actor: str, comment: str = "",
              reason: str = "") -> None:
        self.sessions.pop(found.id, None)
        self.by_appeal.pop(found.appeal, None)
        self.tokens.drop(found.id)
        self.codes.drop(found.id)
        if found.by_code:
            self.desk.to_code(found.id, "over", {"state": why.value})
        if found.open or found.by_code:
            self.desk.end_relay(found.id)
        self.desk.step(found.appeal, "remote_ended", actor,
                       why.value + (f": {comment}" if comment else "")
                       + (f" ({reason})" if reason else ""))
        for who in found.viewers | {found.asked_by}:
            self.desk.to_specialist(found.appeal, who, {"session": found.id,
                                                        "state": why.value, "reason": reason})
