"""The telephony engine: a child process that owns the pjsua2 Endpoint.

Run as `python -m desktop.telephony.engine`. Commands arrive as JSON lines on stdin, events
leave as JSON lines on stdout (desktop/telephony/protocol.py). pjsua2 runs with no worker
threads of its own (SIP and RTP share one ioqueue): this process's main loop waits in it
and executes commands, so a busy or frozen GUI never stalls SIP or call audio (DESIGN.md
section 2). The loop sleeps until a packet, a pjsip timer, the registration keeper or a
command needs it: the command reader wakes it with a datagram to a loopback transport of
its own, which pjsip reads as a keep-alive and drops.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import re
import signal
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pjsua2 as pj

from desktop.audio.pulse import prepare_environment
from desktop.telephony.admission import Admission
from desktop.telephony.audio_bridge import CLOCK_RATE
from desktop.telephony.engine_calls import CallTable
from desktop.telephony.keeper import KeeperState, Probe, RegistrationKeeper
from desktop.telephony.probe import Prober
from desktop.telephony.protocol import Message, ProtocolError, SipAccountConfig, decode, encode

log = logging.getLogger("deskline.engine")

IDLE_WAIT_MS = 1000  # the longest wait with nothing due: a bound, not a poll
PROBE_POLL_MS = 2
TRANSPORTS = {"udp": pj.PJSIP_TRANSPORT_UDP, "tcp": pj.PJSIP_TRANSPORT_TCP,
              "tls": pj.PJSIP_TRANSPORT_TLS}
SRTP = {"off": pj.PJMEDIA_SRTP_DISABLED, "optional": pj.PJMEDIA_SRTP_OPTIONAL,
        "mandatory": pj.PJMEDIA_SRTP_MANDATORY}


class NotRegisteredError(RuntimeError):
    """A call command arrived while there is no account (never registered, or signed out)."""


class Output:
    """Events to the GUI; the only writer of the protocol pipe."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.lock = threading.Lock()

    def send(self, ev: str, **fields: Any) -> None:
        with self.lock:
            self.stream.write(encode({"ev": ev, **fields}))
            self.stream.flush()


MAX_PACKET = 4000  # the wheel's PJSIP_MAX_PKT_LEN: pjsip reads no more of a datagram
LOG_MAX = 4000  # the wheel's PJ_LOG_MAX_SIZE: a log line with the packet is cut there
CONSOLE_LEVEL = 2


class PjsipLog(pj.LogWriter):  # type: ignore[misc]
    """pjsip's log, to stderr as before; and the one drop pjsip never reports otherwise: a
    datagram longer than MAX_PACKET is cut, fails to parse and is dropped (#15.12)."""

    def __init__(self, engine: Engine) -> None:
        super().__init__()
        self.engine = engine

    def write(self, entry: pj.LogEntry) -> None:
        msg = str(entry.msg)
        if entry.level <= CONSOLE_LEVEL:
            sys.stderr.write(msg if msg.endswith("\n") else msg + "\n")
        # The packet is logged after the error; a line that fills pjsip's log buffer is a
        # packet near MAX_PACKET that did not parse: a longer message, cut.
        if (entry.level <= 1 and "Error processing packet from " in msg
                and len(msg) >= LOG_MAX - 10):
            source = msg.split("Error processing packet from ", 1)[1].partition(": ")[0]
            self.engine.on_cut_packet(source)


class SipAccount(pj.Account):  # type: ignore[misc]
    def __init__(self, engine: Engine) -> None:
        super().__init__()
        self.engine = engine

    def onRegState(self, prm: pj.OnRegStateParam) -> None:  # noqa: N802 - pjsua2 callback
        self.engine.on_reg_state(int(prm.code), str(prm.reason), int(prm.expiration))

    def onIncomingCall(self, prm: pj.OnIncomingCallParam) -> None:  # noqa: N802
        rdata = prm.rdata
        message = str(rdata.wholeMsg)
        line = message.split("\r\n", 1)[0]
        refusal = self.engine.admission.judge(str(rdata.srcAddress), line)
        self.engine.calls.incoming(int(prm.callId), admitted=refusal is None,
                                   appeal=appeal_of_invite(message))


# Any place among the headers (lines end in CRLF; Kamailio appends it as the last one).
APPEAL_HEADER = re.compile(r"^X-Deskline-Appeal:[ \t]*(\d{1,12})[ \t]*\r?$", re.M | re.I)


def appeal_of_invite(message: str) -> int:
    """A call to a support line: the PBX names its appeal (X-Deskline-Appeal); 0 if not."""
    found = APPEAL_HEADER.search(message.split("\r\n\r\n", 1)[0])
    return int(found.group(1)) if found else 0


class SipEndpoint(pj.Endpoint):  # type: ignore[misc]
    def __init__(self, engine: Engine) -> None:
        super().__init__()
        self.engine = engine

    def onTransportState(self, prm: pj.OnTransportStateParam) -> None:  # noqa: N802
        if prm.state == pj.PJSIP_TP_STATE_DISCONNECTED:
            self.engine.keeper.on_transport_lost(time.monotonic())


    def onRejectedIncomingCall(self, prm: pj.OnRejectedIncomingCallParam) -> None:  # noqa: N802
        """pjsua refused a call before it was one: with every line taken (the wheel allows
        four calls) it answers 486. A real caller deserves a trace in the history; the
        strangers admission refuses do not."""
        if int(prm.statusCode) != 486:
            return
        rdata = prm.rdata
        line = str(rdata.wholeMsg).split("\r\n", 1)[0]
        if self.engine.admission.judge(str(rdata.srcAddress), line) is None:
            self.engine.out.send("rejected", remote=str(prm.remoteInfo), code=486)


class Engine:
    def __init__(self, out: Output) -> None:
        self.out = out
        self.commands: queue.Queue[Message | None] = queue.Queue()
        self.keeper = RegistrationKeeper()
        self.account_cfg: SipAccountConfig | None = None
        self.account: SipAccount | None = None
        self.prober: Prober | None = None
        self.transports: dict[str, int] = {}
        self.running = True
        self.reported: tuple[str, int, str] = ("", 0, "")
        self.admission = Admission()
        self.refusals_logged_at = 0.0
        self.reg_in_flight = False
        self.ep = SipEndpoint(self)
        with quiet_start(not VERBOSE):  # pjlib's start-up lines: only with --verbose
            self.ep.libCreate()
        cfg = pj.EpConfig()
        cfg.uaConfig.threadCnt = 0
        cfg.uaConfig.mainThreadOnly = True
        cfg.uaConfig.userAgent = "Deskline"
        cfg.uaConfig.maxCalls = 8  # call waiting + consult + conference need more than 4
        cfg.logConfig.level = 3
        cfg.logConfig.consoleLevel = CONSOLE_LEVEL
        self.log_writer = PjsipLog(self)  # kept: pjsip holds only a pointer
        cfg.logConfig.writer = self.log_writer
        self.cut_reported_at = -60.0
        cfg.medConfig.clockRate = CLOCK_RATE
        cfg.medConfig.sndClockRate = CLOCK_RATE
        cfg.medConfig.ecTailLen = 0  # on when the setting asks (a headset rarely needs it)
        # RTP in the SIP ioqueue, polled by our loop: no media thread waking 100 times a
        # second; the sound clock runs only while a call or tone is connected to the bridge.
        cfg.medConfig.threadCnt = 0
        cfg.medConfig.hasIoqueue = False
        self.ep.libInit(cfg)
        self.ep.audDevManager().setNullDev()  # the wheel has no sound device; we bridge
        self.ep.libStart()
        # speex/16000 came first by default and clipped the first second: prefer G.722.
        for codec, priority in (("G722/16000", 255), ("PCMA/8000", 254), ("PCMU/8000", 253),
                                ("speex/16000", 0), ("speex/8000", 0), ("speex/32000", 0)):
            with contextlib.suppress(pj.Error):
                self.ep.codecSetPriority(codec, priority)
        self.calls = CallTable(self.out.send, self._current_account)
        self.wake_address = self._wake_transport()
        self.waker = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.waker.bind(("127.0.0.1", 0))
        # It is a SIP transport too: only our own wake-ups may reach it.
        _only_from(self.wake_address, self.waker.getsockname())

    def _wake_transport(self) -> tuple[str, int]:
        """A UDP transport on loopback only: a datagram to it ends the loop's wait."""
        tcfg = pj.TransportConfig()
        tcfg.port = 0
        tcfg.boundAddress = "127.0.0.1"
        tid = self.ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, tcfg)
        return self._local(tid)

    # --- commands ----------------------------------------------------------------------------
    def run(self) -> None:
        threading.Thread(target=self._read_commands, name="stdin", daemon=True).start()
        self.out.send("ready", pjsip=self.ep.libVersion().full)
        while self.running:
            self.ep.libHandleEvents(self._sleep_ms())
            self.calls.refuse_pending()
            self.calls.sample_quality(time.monotonic())
            self._drain_commands()
            self._keep_registration()
            self._log_refusals()
        self.shutdown()

    def on_cut_packet(self, source: str) -> None:
        """A message from the PBX was cut and dropped: a call or its answer is lost. Told
        once a minute at most (a stranger cannot reach this socket; the PBX may repeat)."""
        host, _, port = source.rpartition(":")
        now = time.monotonic()
        if ((host, int(port) if port.isdigit() else 0) in self.admission.pbx
                and now - self.cut_reported_at >= 60.0):
            self.cut_reported_at = now
            log.warning("a message from the PBX over %d bytes was dropped", MAX_PACKET)
            self.out.send("too_large", source=source, limit=MAX_PACKET)

    def _log_refusals(self) -> None:
        """INVITEs refused at the door, in one line per few seconds (a flood is not a log
        line per packet)."""
        now = time.monotonic()
        if now - self.refusals_logged_at >= 5.0 and self.admission.refused:
            self.refusals_logged_at = now
            counts = ", ".join(f"{why.value} {n}"
                               for why, n in self.admission.take_report().items())
            log.warning("INVITEs refused before a call: %s", counts)

    def _sleep_ms(self) -> int:
        """How long the loop may wait for a packet or a pjsip timer."""
        if not self.commands.empty() or self.calls.to_refuse:
            return 0
        if self.prober is not None and self.prober.pending:
            return PROBE_POLL_MS  # its answer comes on a socket pjsip does not watch
        due = self.keeper.next_due()
        if due is None:
            return IDLE_WAIT_MS
        return max(0, min(IDLE_WAIT_MS, int((due - time.monotonic()) * 1000) + 1))

    def _read_commands(self) -> None:
        for line in sys.stdin.buffer:
            try:
                self.commands.put(decode(line))
            except ProtocolError as exc:
                log.warning("ignored: %s", exc)
                continue
            self._wake()
        self.commands.put(None)  # the GUI is gone
        self._wake()

    def _wake(self) -> None:
        try:
            self.waker.sendto(b"\r\n\r\n", self.wake_address)  # a SIP keep-alive: dropped
        except OSError as exc:  # the loop still sees the command within IDLE_WAIT_MS
            log.warning("wake-up not sent: %s", exc)

    def _drain_commands(self) -> None:
        while True:
            try:
                command = self.commands.get_nowait()
            except queue.Empty:
                return
            if command is None:
                self.running = False
                return
            handler = getattr(self, f"cmd_{command.get('op')}", None)
            if handler is None:
                self._failed(command, "unknown-op", "")
                continue
            try:
                handler(command)
            except NotRegisteredError:
                self._failed(command, "not-registered", "")
            except KeyError as exc:  # the call id is not (or no longer) in the call table
                self._failed(command, "no-call", str(exc))
            except pj.Error as exc:
                self._failed(command, "sip", exc.info(), int(exc.status))
            except (TypeError, ValueError, RuntimeError) as exc:
                self._failed(command, "invalid", str(exc))

    def _failed(self, command: Message, why: str, detail: str, status: int = 0) -> None:
        """A command that did not act, tied to its request and call (protocol.FAILURES)."""
        log.warning("%s failed: %s %s", command.get("op"), why, detail)
        self.out.send("failed", req=command.get("req", 0), op=command.get("op"),
                      id=command.get("id"), tag=command.get("tag", ""),
                      ids=command.get("ids", []), on=command.get("on"), why=why, detail=detail,
                      status=status)

    def cmd_register(self, command: Message) -> None:
        self._drop_account()
        self.account_cfg = SipAccountConfig.from_json(command["account"])
        self.admission.pbx = _addresses(self.account_cfg)
        self.prober = Prober(self.account_cfg)
        self.keeper.start(time.monotonic())

    def _current_account(self) -> pj.Account:
        if self.account is None:
            raise NotRegisteredError
        return self.account

    def cmd_call(self, command: Message) -> None:
        self.calls.make_call(str(command["uri"]), str(command.get("tag", "")))

    def cmd_answer(self, command: Message) -> None:
        self.calls.answer(int(command["id"]))

    def cmd_decline(self, command: Message) -> None:
        self.calls.decline(int(command["id"]))

    def cmd_hangup(self, command: Message) -> None:
        self.calls.hangup(int(command["id"]))

    def cmd_hold(self, command: Message) -> None:
        self.calls.set_hold(int(command["id"]), bool(command["on"]))

    def cmd_mute(self, command: Message) -> None:
        self.calls.set_mute(bool(command["on"]))

    def cmd_dtmf(self, command: Message) -> None:
        self.calls.dtmf(int(command["id"]), str(command["digits"]))

    def cmd_transfer(self, command: Message) -> None:
        self.calls.blind_transfer(int(command["id"]), str(command["uri"]))

    def cmd_attended_transfer(self, command: Message) -> None:
        self.calls.attended_transfer(int(command["id"]), int(command["consult_id"]))

    def cmd_conference(self, command: Message) -> None:
        self.calls.join([int(i) for i in command["ids"]])

    def cmd_audio(self, command: Message) -> None:
        """Devices by PulseAudio name ("" = default) and the echo canceller."""
        self.calls.devices.use(str(command.get("mic", "")), str(command.get("speaker", "")))
        tail_ms = 128 if command.get("echo_canceller") else 0
        self.ep.audDevManager().setEcOptions(tail_ms, 0)

    def cmd_unregister(self, _command: Message) -> None:
        self._drop_account()
        self._report("offline", 0, "")

    def cmd_quit(self, _command: Message) -> None:
        self.running = False

    # --- registration -------------------------------------------------------------------
    def _keep_registration(self) -> None:
        now = time.monotonic()
        if self.prober is not None and self.prober.pending:
            result = self.prober.poll()
            if result is not None:
                self.keeper.on_probe_result(result, now)
                if result is Probe.NO_ANSWER:
                    self._report("failed", 408, "no-answer")
        for action in self.keeper.due(now):
            if action == "register":
                self._register()
            elif action == "probe" and self.prober is not None:
                self.prober.start()

    def _register(self) -> None:
        cfg = self.account_cfg
        assert cfg is not None
        self._report("connecting", 0, "")
        try:
            if self.account is not None and not self.reg_in_flight:
                self.account.setRegistration(True)
            else:
                # First time, or a REGISTER still retransmitting into an outage (UDP gives
                # up after 32 s): a fresh account object drops it and starts over.
                if self.account is not None:
                    self.account.shutdown()
                self.account = SipAccount(self)
                self.account.create(self._account_config(cfg))
            self.reg_in_flight = True
        except pj.Error as exc:
            log.warning("REGISTER not sent: %s", exc.info())
            self.keeper.on_register_result(500, time.monotonic())

    def _account_config(self, cfg: SipAccountConfig) -> pj.AccountConfig:
        acfg = pj.AccountConfig()
        transport = f";transport={cfg.transport}" if cfg.transport != "udp" else ""
        scheme = "sips" if cfg.transport == "tls" else "sip"
        name = cfg.display_name.replace('"', "")
        acfg.idUri = (f'"{name}" ' if name else "") + f"<{scheme}:{cfg.user}@{cfg.server}>"
        acfg.regConfig.registrarUri = f"{scheme}:{cfg.server}:{cfg.port}{transport}"
        acfg.regConfig.retryIntervalSec = 0  # the keeper decides when to try again
        acfg.regConfig.firstRetryIntervalSec = 0
        acfg.regConfig.timeoutSec = 300
        acfg.sipConfig.transportId = self._transport(cfg)
        # Every request goes through the PBX (or the configured outbound proxy), whatever
        # host the dialled URI names.
        acfg.sipConfig.proxies.append(
            cfg.outbound_proxy or f"{scheme}:{cfg.server}:{cfg.port};lr{transport}")
        acfg.sipConfig.authCreds.append(
            pj.AuthCredInfo("digest", "*", cfg.auth_user or cfg.user, 0, cfg.password))
        # Calls come to the Contact we register; its token tells them from forged ones.
        acfg.sipConfig.contactUriParams = self.admission.contact_params
        acfg.mediaConfig.transportConfig.boundAddress = _facing(cfg)
        acfg.mediaConfig.srtpUse = SRTP[cfg.srtp]
        acfg.mediaConfig.srtpSecureSignaling = 0
        # No extra UPDATE to "lock" one codec when the far end answers with several
        # (Linphone does): it raced our resume, which then went out still on hold.
        acfg.mediaConfig.lockCodecEnabled = False
        return acfg

    def _transport(self, cfg: SipAccountConfig) -> int:
        bound = _facing(cfg)
        key = f"{cfg.transport}@{bound}" + (f":{cfg.ca_file}" if cfg.transport == "tls" else "")
        if key not in self.transports:
            tcfg = pj.TransportConfig()
            tcfg.port = 0
            # Only the interface that faces the PBX listens: nobody else has to reach us.
            tcfg.boundAddress = bound
            if cfg.transport == "tls":
                tcfg.tlsConfig.verifyServer = True  # never off: give the company CA instead
                if cfg.ca_file:
                    tcfg.tlsConfig.CaListFile = cfg.ca_file
                tcfg.tlsConfig.method = pj.PJSIP_TLSV1_2_METHOD
            tid = self.ep.transportCreate(TRANSPORTS[cfg.transport], tcfg)
            self.transports[key] = tid
            peers = {a for a in _addresses(cfg) if ":" not in a[0]}  # the socket is IPv4
            if cfg.transport == "udp" and len(peers) == 1:
                _only_from(self._local(tid), next(iter(peers)))
        return self.transports[key]

    def _local(self, tid: int) -> tuple[str, int]:
        host, _, port = str(self.ep.transportGetInfo(tid).localName).rpartition(":")
        return host.strip("[]"), int(port)

    def on_reg_state(self, code: int, reason: str, expiration: int) -> None:
        self.reg_in_flight = False
        if self.account_cfg is None or (200 <= code < 300 and expiration == 0):
            return  # an unregistration we asked for
        self.keeper.on_register_result(code, time.monotonic())
        if self.keeper.state is KeeperState.ONLINE:
            self._report("online", code, reason)
        else:
            self._report("failed", code, reason)

    def _report(self, state: str, code: int, detail: str) -> None:
        if (state, code, detail) != self.reported:
            self.reported = (state, code, detail)
            local = ""
            if self.account_cfg is not None and self.transports:
                tid = self._transport(self.account_cfg)
                local = str(self.ep.transportGetInfo(tid).localName)
            self.out.send("reg", state=state, code=code, detail=detail, local=local)

    def _drop_account(self) -> None:
        self.calls.hangup_all()
        self.keeper.stop()
        if self.prober is not None:
            self.prober.close()
            self.prober = None
        if self.account is not None:
            account, self.account = self.account, None
            self.account_cfg = None
            # pjsua's account deletion sends the unREGISTER itself (the PBX stops ringing
            # us at once); one of ours before it left its transaction busy, and the
            # deletion's own attempt failed loudly (PJSIP_EBUSY) at every quit.
            account.shutdown()
        self.account_cfg = None
        self.reg_in_flight = False

    def shutdown(self) -> None:
        self._drop_account()
        deadline = time.monotonic() + 1.0
        while self.calls.calls and time.monotonic() < deadline:
            self.ep.libHandleEvents(10)  # let the BYEs go out
        self.calls.release()
        # Release every pjsua2 object and traceback reference before libDestroy, else abort.
        sys.last_type = sys.last_value = sys.last_traceback = None
        self.ep.libDestroy()


def _only_from(local: tuple[str, int], peer: tuple[str, int]) -> None:
    """Connects our UDP socket bound at `local` to `peer`: the kernel then drops every
    datagram from anyone else before pjsip sees it. A burst of INVITEs from a stranger
    used to exhaust the wheel's 64 ioqueue slots (each INVITE became a call with two
    media sockets before we could refuse it) and abort the engine mid-call (#15.1)."""
    for entry in Path("/proc/self/fd").iterdir():
        try:
            fd = os.dup(int(entry.name))
        except (OSError, ValueError):
            continue  # closed meanwhile (the directory's own fd)
        try:
            sock = socket.socket(fileno=fd)
        except OSError:
            os.close(fd)
            continue  # not a socket
        with sock:
            if sock.type != socket.SOCK_DGRAM or sock.family != socket.AF_INET:
                continue
            if sock.getsockname() == local:
                sock.connect(peer)  # a property of the socket: pjsip's fd has it too
                return
    log.warning("no UDP socket at %s: strangers can reach it", local)


def _proxy(cfg: SipAccountConfig) -> tuple[str, int] | None:
    """(host, port) of the configured outbound proxy ("sip:host[:port][;params]")."""
    if not cfg.outbound_proxy:
        return None
    name, _, number = cfg.outbound_proxy.split(":", 1)[-1].split(";")[0].partition(":")
    return name, int(number) if number.isdigit() else 5060


def _facing(cfg: SipAccountConfig) -> str:
    """Our address on the interface that routes to the PBX; "" (all) if it cannot be told."""
    proxy = _proxy(cfg)
    target = proxy[0] if proxy is not None and proxy[0] else cfg.server
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect((target, 9))  # UDP: nothing is sent, the route is looked up
            return str(probe.getsockname()[0])
    except OSError:
        return ""


def _addresses(cfg: SipAccountConfig) -> set[tuple[str, int]]:
    """(IP, port) of the PBX and of the outbound proxy: where calls may come from."""
    hosts: set[tuple[str, int]] = {(cfg.server, cfg.port)}
    proxy = _proxy(cfg)
    if proxy is not None:
        hosts.add(proxy)
    found: set[tuple[str, int]] = set()
    for host, port in hosts:
        try:
            found |= {(str(info[4][0]), port) for info in socket.getaddrinfo(host, port)}
        except OSError:
            log.warning("cannot resolve %s", host)
    return found


VERBOSE = bool(os.environ.get("DESKLINE_VERBOSE"))  # deskline --verbose


@contextlib.contextmanager
def quiet_start(quiet: bool) -> Iterator[None]:
    """What C code prints meanwhile (to stdout and stderr) is kept back, and shown only if
    the block fails: a terminal stays quiet unless something is wrong."""
    if not quiet:
        yield
        return
    sys.stdout.flush()
    sys.stderr.flush()
    saved = (os.dup(1), os.dup(2))
    with tempfile.TemporaryFile() as kept:
        os.dup2(kept.fileno(), 1)
        os.dup2(kept.fileno(), 2)
        try:
            yield
        except BaseException:
            os.dup2(saved[1], 2)
            kept.seek(0)
            os.write(2, kept.read())
            raise
        finally:
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])


def main() -> None:
    # The app stops the engine (Ctrl-C in a terminal reaches the whole group: the app
    # quits and stops it; a traceback of ours would be noise).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    prepare_environment()  # before any thread starts
    # The protocol gets its own copy of stdout; C-level prints from pjsip go to stderr.
    out = Output(os.fdopen(os.dup(1), "wb"))
    os.dup2(2, 1)
    logging.basicConfig(level=logging.INFO if VERBOSE else logging.WARNING, stream=sys.stderr,
                        format="engine %(levelname)s %(message)s")
    Engine(out).run()


if __name__ == "__main__":
    main()
