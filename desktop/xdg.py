"""Deskline on the freedesktop desktop: the launcher entry (with its icon, and as the
handler of tel:, sip: and callto: links) and the autostart entry, under the user's XDG
directories. Plain files and xdg-mime; no Qt. Each call says what it changed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from desktop.resources import ICON

ENTRY = "deskline.desktop"
SCHEMES = ("tel", "sip", "callto")
MIME = tuple(f"x-scheme-handler/{s}" for s in SCHEMES)


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def config_home() -> Path:
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")


def launcher_path() -> Path:
    return data_home() / "applications" / ENTRY


def icon_path() -> Path:
    return data_home() / "icons" / "hicolor" / "scalable" / "apps" / "deskline.svg"


def autostart_path() -> Path:
    return config_home() / "autostart" / ENTRY


def command() -> str:
    """This installation's `deskline`: the script beside the running Python (pipx, a venv),
    else the one on PATH."""
    beside = Path(sys.executable).parent / "deskline"
    found = beside if beside.exists() else shutil.which("deskline")
    return str(found or "deskline")


def _quoted(path: str) -> str:
    """An Exec argument: quoted when it must be (the desktop entry spec's rules)."""
    if not any(c in path for c in ' \t"\'\\><~|&;$*?#()`'):
        return path
    return '"' + path.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`") \
        .replace("$", "\\$") + '"'


def entry(exec_args: str, autostart: bool = False) -> str:
    lines = ["[Desktop Entry]", "Type=Application", "Name=Deskline",
             "GenericName=Softphone and chat", "GenericName[ru]=Софтфон и чат",
             "Comment=Calls, chat and appeals for support specialists",
             "Comment[ru]=Звонки, чат и обращения для специалистов поддержки",
             f"Exec={_quoted(command())} {exec_args}".rstrip(), "Icon=deskline",
             "Terminal=false", "Categories=Network;Telephony;InstantMessaging;",
             "Keywords=phone;call;sip;softphone;chat;xmpp;support;",
             "StartupWMClass=deskline"]
    if autostart:
        lines.append("X-GNOME-Autostart-enabled=true")
    else:
        lines.append("MimeType=" + "".join(f"{m};" for m in MIME))
    return "\n".join(lines) + "\n"


def install() -> list[str]:
    """The launcher entry and icon, and Deskline as the handler of phone links."""
    done = []
    launcher = launcher_path()
    launcher.parent.mkdir(parents=True, exist_ok=True)
    launcher.write_text(entry("%u"))
    done.append(f"wrote {launcher}")
    icon = icon_path()
    icon.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ICON, icon)
    done.append(f"wrote {icon}")
    if shutil.which("xdg-mime"):
        subprocess.run(["xdg-mime", "default", ENTRY, *MIME], check=True, timeout=30)
        done.append(f"xdg-mime: {ENTRY} opens {', '.join(s + ':' for s in SCHEMES)} links")
    else:
        _set_defaults(True)
        done.append(f"{_mimeapps()}: {ENTRY} opens {', '.join(s + ':' for s in SCHEMES)} "
                    "links (no xdg-mime here)")
    _update_database()
    return done


def uninstall() -> list[str]:
    done = [f"removed {path}" for path in (launcher_path(), icon_path(), autostart_path())
            if _remove(path)]
    if _set_defaults(False):
        done.append(f"{_mimeapps()}: {ENTRY} no longer opens phone links")
    _update_database()
    return done or ["nothing to remove"]


def _update_database() -> None:
    """The launchers' MIME cache (mimeinfo.cache), which xdg-mime also reads."""
    folder = launcher_path().parent
    if shutil.which("update-desktop-database") and folder.is_dir():
        subprocess.run(["update-desktop-database", str(folder)], check=False, timeout=30)


def set_autostart(on: bool) -> str:
    """Start at login (minimised to the tray when there is one), or not."""
    path = autostart_path()
    if on:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(entry("--minimized", autostart=True))
        return f"wrote {path}"
    return f"removed {path}" if _remove(path) else ""


def _remove(path: Path) -> bool:
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True


def _mimeapps() -> Path:
    return config_home() / "mimeapps.list"


def _set_defaults(on: bool) -> bool:
    """Our lines in [Default Applications] of mimeapps.list added (on) or dropped; whether
    anything changed."""
    path = _mimeapps()
    text = path.read_text() if path.exists() else ""
    kept, section, changed = [], "", False
    for line in text.splitlines():
        if line.startswith("["):
            section = line.strip()
        elif section == "[Default Applications]" and line.partition("=")[0] in MIME \
                and line.partition("=")[2].strip(";") == ENTRY:
            changed = True
            continue
        kept.append(line)
    if on:
        if "[Default Applications]" not in kept:
            kept.append("[Default Applications]")
        at = kept.index("[Default Applications]") + 1
        kept[at:at] = [f"{m}={ENTRY}" for m in MIME]
        changed = True
    if changed:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(kept) + "\n")
    return changed
