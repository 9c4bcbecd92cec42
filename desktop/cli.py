"""The `deskline` command: the app (default; a second start hands its request to the
running one), `deskline call NUMBER` or `deskline tel:+7…` (a number or a tel:, sip:,
callto: link to call), `deskline desktop-install` / `desktop-uninstall` (the launcher
entry and the phone-link handler), `deskline lab` (the local lab alone) or
`deskline desk check-config FILE` (checks a support desk configuration)."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from pathlib import Path


def _lab(args: argparse.Namespace) -> int:
    from desktop.lab.lab import SIP_PORT, XMPP_PORT, Lab, LabError, wait_forever  # noqa: PLC0415
    from desktop.paths import Paths  # noqa: PLC0415

    args.sip_port = args.sip_port or SIP_PORT
    args.xmpp_port = args.xmpp_port or XMPP_PORT

    run_dir = args.run_dir or Paths.default(args.base_dir).runtime / "lab"
    # As --help says: TLS on the SIP port + 1 unless told otherwise (Lab() alone picks a
    # free port for a non-default SIP port, which the tests want).
    tls_port = args.sip_tls_port or args.sip_port + 1
    vendor: Lab | None = None
    if args.vendor:
        from desktop.lab.companies import two_companies  # noqa: PLC0415

        lab, vendor = two_companies(run_dir.parent, args.sip_port, args.xmpp_port,
                                    sip_tls_port=tls_port, demo=args.demo)
        run_dir = run_dir.parent / "lab"
    else:
        lab = Lab(run_dir, args.sip_port, args.xmpp_port, tls_port, demo=args.demo)
    # SIGTERM as well as Ctrl-C: stop the servers by PID before leaving. Ctrl-C's handler is
    # set here: started in the background by a script, SIGINT comes in ignored.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        info = lab.start()
        other = vendor.start() if vendor is not None else None
        print(f"Local lab running in {info.run_dir}\n"  # noqa: T201
              f"  PBX (Kamailio)  sip:127.0.0.1:{info.sip_port} udp+tcp, "
              f"tls on {info.sip_tls_port}\n"
              f"  Chat (Prosody)  {info.domain} at 127.0.0.1:{info.xmpp_port}, "
              f"CA {info.ca_file}\n"
              f"  Support desk    desk.{info.domain}: lines support@, accounting@ "
              f"(+74950000100, +74950000200), deskline@ (the vendor's)"
              f"{'; demo clients writing' if args.demo else ''}\n"
              f"  Accounts and passwords: {info.run_dir}/lab.json\n"
              + (f"  The vendor (Deskline's makers): {other.domain} at 127.0.0.1:"
                 f"{other.xmpp_port}, federated with {info.domain}; its line "
                 f"support@desk.{other.domain} returns appeals to support@desk.{info.domain}"
                 f" (deskline --as elena); accounts: {other.run_dir}/lab.json\n"
                 if other is not None else "")
              + "Ctrl-C stops it.", flush=True)
        wait_forever(lab, vendor)
    except LabError as exc:
        print(f"deskline lab: {exc}", file=sys.stderr)  # noqa: T201
        return 1
    except KeyboardInterrupt:
        pass
    finally:
        if vendor is not None:
            vendor.stop()
        lab.stop()
    return 0


def _desk(args: argparse.Namespace) -> int:
    from supportdesk.config import ConfigError, load  # noqa: PLC0415 - only for this command

    if args.desk_command is None:
        if args.config is None:
            print("deskline desk: --config FILE is needed", file=sys.stderr)  # noqa: T201
            return 2
        from supportdesk.run import run  # noqa: PLC0415

        try:
            return run(args.config)
        except ConfigError as exc:
            print(f"deskline desk: {exc}", file=sys.stderr)  # noqa: T201
            return 2
    try:
        config = load(args.file)
    except ConfigError as exc:
        print(f"{exc.path}: {len(exc.problems)} problem(s):", file=sys.stderr)  # noqa: T201
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)  # noqa: T201
        return 2
    print(f"{args.file}: OK — {len(config.lines)} line(s) at {config.component}, "  # noqa: T201
          f"{len(config.specialists)} specialist(s), {len(config.organisations)} organisation(s)")
    return 0


def _version() -> int:
    """The version, and where this installation finds what it carries."""
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    from desktop.resources import I18N, ICON, SOUNDS  # noqa: PLC0415

    try:
        found = version("deskline")
    except PackageNotFoundError:
        found = "(not installed)"
    languages = ", ".join(sorted(p.stem.split("_")[-1] for p in I18N.glob("*.qm")))
    print(f"deskline {found}\n"  # noqa: T201
          f"sounds: {SOUNDS} ({len(list(SOUNDS.glob('*.wav')))})\n"
          f"translations: {I18N} ({languages})\n"
          f"icon: {ICON}{'' if ICON.exists() else ' (missing)'}")
    return 0


def _desktop(install: bool) -> int:
    from desktop import xdg  # noqa: PLC0415

    for line in (xdg.install() if install else xdg.uninstall()):
        print(f"deskline: {line}")  # noqa: T201
    return 0


def _assist(args: argparse.Namespace) -> int:
    from desktop.ui.assist import run  # noqa: PLC0415 - Qt for this one window only

    return run(args.server, args.ca, args.desk, args.relay, args.code)


def _lab_arguments(lab: argparse.ArgumentParser) -> None:
    lab.add_argument("--run-dir", type=Path, default=None)
    lab.add_argument("--sip-port", type=int, default=None, help="default: 15060")
    lab.add_argument("--xmpp-port", type=int, default=None, help="default: 15222")
    lab.add_argument("--sip-tls-port", type=int, default=None,
                     help="default: the SIP port + 1")
    lab.add_argument("--demo", action="store_true",
                     help="simulated clients write appeals to the support lines")
    lab.add_argument("--vendor", action="store_true",
                     help="and a second company, the vendor, with its own chat server and "
                          "desk, federated with the lab's (returning appeals to the partner)")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--version" in argv:  # before importing anything the check does not need
        return _version()
    from desktop.links import is_link  # noqa: PLC0415

    # A link as the one argument (the desktop opens links so: Exec=deskline %u).
    link = "" if "call" in argv else next((a for a in argv if is_link(a)), "")
    if link:
        argv.remove(link)
    parser = argparse.ArgumentParser(prog="deskline", description=__doc__)
    parser.add_argument("--version", action="store_true",  # (answered above)
                        help="the version and where its sounds and translations are")
    parser.add_argument("--minimized", action="store_true",
                        help="start in the tray, when there is one (start at login)")
    base = os.environ.get("DESKLINE_BASE_DIR")  # (so links opened by the desktop find it)
    parser.add_argument("--base-dir", type=Path, default=Path(base) if base else None,
                        help="keep config, data and runtime files under this directory "
                             "(default: $DESKLINE_BASE_DIR, else the user's XDG directories)")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--quit-when-shown", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--demo", action="store_true",
                        help="the built-in lab's clients write appeals now and then")
    parser.add_argument("--as", dest="lab_user", default="anna",
                        choices=("anna", "boris", "vera", "elena", "gleb"),
                        help="whom the built-in lab signs in: anna (a specialist, the "
                             "default), boris (a colleague), vera (the senior: online "
                             "monitor, reports); elena or gleb, the vendor's specialist and "
                             "senior (with `deskline lab --vendor` running)")
    sub = parser.add_subparsers(dest="command")
    _lab_arguments(sub.add_parser("lab", help="run the local lab (demo PBX and chat "
                                              "server) alone"))
    call = sub.add_parser("call", help="call a number or a tel:/sip:/callto: link with the "
                                       "running Deskline (it is started when it is not)")
    call.add_argument("number")
    sub.add_parser("desktop-install", help="the launcher entry, its icon, and Deskline as "
                                           "the handler of tel:, sip: and callto: links")
    sub.add_parser("desktop-uninstall", help="remove what desktop-install wrote")
    assist = sub.add_parser("assist", help="let a support specialist see your screen (for "
                                           "clients without Deskline)")
    assist.add_argument("--server", default="", help="the chat server as host:port "
                                                     "(default: from your address)")
    assist.add_argument("--ca", default="", help="the company's CA file for TLS")
    assist.add_argument("--desk", default="", help="the desk whose lines may ask (default: "
                                                   "desk.<your address's domain>)")
    assist.add_argument("--relay", default="", help="the support's address for a one-time "
                                                    "code (wss://…), as your specialist says")
    assist.add_argument("--code", default="", help="the one-time code your specialist "
                                                   "read out or wrote (with --relay: "
                                                   "connects at once)")
    desk = sub.add_parser("desk", help="the support desk service (--config desk.toml)")
    desk.add_argument("--config", type=Path, default=None)
    desk_sub = desk.add_subparsers(dest="desk_command")
    check = desk_sub.add_parser("check-config", help="check a desk.toml and say what is wrong")
    check.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    if args.verbose:  # the telephony engine (a process of its own) says more too
        os.environ["DESKLINE_VERBOSE"] = "1"
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    commands = {"lab": _lab, "desk": _desk, "assist": _assist}
    if args.command in commands:
        return commands[args.command](args)
    if args.command in ("desktop-install", "desktop-uninstall"):
        return _desktop(args.command == "desktop-install")
    if args.command == "call":
        link = args.number
    # One is running: it shows itself (and calls the link). Asked before the app's modules
    # load, so a clicked link reaches the running Deskline at once.
    from desktop.instance import Request, hand_over  # noqa: PLC0415
    from desktop.paths import Paths  # noqa: PLC0415

    if hand_over(Paths.default(args.base_dir).runtime, Request(link)):
        return 0
    from desktop.app import run  # noqa: PLC0415 - Qt loads only for the app

    return run(args.base_dir, args.quit_when_shown, args.demo, link=link,
               minimized=args.minimized, lab_user=args.lab_user)


if __name__ == "__main__":
    sys.exit(main())
