"""The words for a remote session's phase, in the appeal bar and the session's window."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.appeals.remote import RemotePhase


def phase_text(widget: QWidget, phase: RemotePhase, reason: str = "", code: str = "") -> str:
    """The bar's and the window's words for a session's phase (and, declined because the
    client's side could not share, why; asked, the code to read out)."""
    if phase is RemotePhase.ASKED and code:
        return widget.tr("Asked the client to show their screen… Without Deskline: they run "
                         "\"deskline assist\" and type the code %1.").replace(
                             "%1", f"{code[:4]} {code[4:]}")
    cannot = {
        "wayland": widget.tr("The client's desktop runs on Wayland, which cannot be shared: "
                             "ask them to sign in to \"GNOME on Xorg\" (or their desktop's "
                             "Xorg session) and try again."),
        "no-x11vnc": widget.tr("The client's computer lacks x11vnc, which shares the screen."),
        "no-display": widget.tr("The client's Deskline runs without a screen to share."),
        "failed": widget.tr("The client's screen could not be shared."),
    }
    if phase is RemotePhase.DECLINED and reason in cannot:
        return cannot[reason]
    texts = {
        RemotePhase.ASKED: widget.tr("Asked the client to show their screen…"),
        RemotePhase.READY: widget.tr("Remote session: watching the client's screen"),
        RemotePhase.CONTROL_ASKED: widget.tr("Asked the client for control…"),
        RemotePhase.CONTROL: widget.tr("Remote session: you control the client's screen"),
        RemotePhase.VIEW_ONLY: widget.tr("Remote session: view only (the client keeps "
                                         "control)"),
        RemotePhase.DECLINED: widget.tr("The client declined the remote session."),
        RemotePhase.NO_ANSWER: widget.tr("The client did not answer within a minute."),
        RemotePhase.STOPPED: widget.tr("The client stopped the remote session."),
        RemotePhase.ENDED: widget.tr("The remote session ended."),
        RemotePhase.FINISHED: widget.tr("The appeal is finished: the remote session ended."),
        RemotePhase.TRANSFERRED: widget.tr("The appeal was handed on: the remote session "
                                           "ended."),
        RemotePhase.CLIENT_GONE: widget.tr("The client's screen went away: the session "
                                           "ended."),
    }
    return texts.get(phase, "")
