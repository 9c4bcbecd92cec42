"""The `deskline` command: the app (default), `deskline lab` (the local lab alone) or
`deskline desk check-config FILE` (checks a support desk configuration)."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from pathlib import Path

from desktop.lab.lab import SIP_PORT, XMPP_PORT, Lab, LabError, wait_forever
from desktop.paths import Paths


def _lab(args: argparse.Namespace) -> int:
    run_dir = args.run_dir or Paths.default(args.base_dir).runtime / "lab"
    # As --help says: TLS on the SIP port + 1 unless told otherwise (Lab() alone picks a
    # free port for a non-default SIP port, which the tests want).
    lab = Lab(run_dir, args.sip_port, args.xmpp_port, args.sip_tls_port or args.sip_port + 1,
              demo=args.demo)
    # SIGTERM as well as Ctrl-C: stop the servers by PID before leaving. Ctrl-C's handler is
    # set here: started in the background by a script, SIGINT comes in ignored.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        info = lab.start()
        print(f"Local lab running in {info.run_dir}\n"  # noqa: T201
              f"  PBX (Kamailio)  sip:127.0.0.1:{info.sip_port} udp+tcp, "
              f"tls on {info.sip_tls_port}\n"
              f"  Chat (Prosody)  {info.domain} at 127.0.0.1:{info.xmpp_port}, "
              f"CA {info.ca_file}\n"
              f"  Support desk    desk.{info.domain}: lines support@, accounting@ "
              f"(+74950000100, +74950000200), deskline@ (the vendor's)"
              f"{'; demo clients writing' if args.demo else ''}\n"
              f"  Accounts and passwords: {info.run_dir}/lab.json\n"
              "Ctrl-C stops it.", flush=True)
        wait_forever(lab)
    except LabError as exc:
        print(f"deskline lab: {exc}", file=sys.stderr)  # noqa: T201
        return 1
    except KeyboardInterrupt:
        pass
    finally:
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="deskline", description=__doc__)
    parser.add_argument("--base-dir", type=Path, default=None,
                        help="keep config, data and runtime files under this directory")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--quit-when-shown", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--demo", action="store_true",
                        help="the built-in lab's clients write appeals now and then")
    sub = parser.add_subparsers(dest="command")
    lab = sub.add_parser("lab", help="run the local lab (demo PBX and chat server) alone")
    lab.add_argument("--run-dir", type=Path, default=None)
    lab.add_argument("--sip-port", type=int, default=SIP_PORT)
    lab.add_argument("--xmpp-port", type=int, default=XMPP_PORT)
    lab.add_argument("--sip-tls-port", type=int, default=None,
                     help="default: the SIP port + 1")
    lab.add_argument("--demo", action="store_true",
                     help="simulated clients write appeals to the support lines")
    desk = sub.add_parser("desk", help="the support desk service (--config desk.toml)")
    desk.add_argument("--config", type=Path, default=None)
    desk_sub = desk.add_subparsers(dest="desk_command")
    check = desk_sub.add_parser("check-config", help="check a desk.toml and say what is wrong")
    check.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    if args.command == "lab":
        return _lab(args)
    if args.command == "desk":
        return _desk(args)
    from desktop.app import run  # noqa: PLC0415 - Qt loads only for the app

    return run(args.base_dir, args.quit_when_shown, args.demo)


if __name__ == "__main__":
    sys.exit(main())
