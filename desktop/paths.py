"""Where Deskline keeps its files: config, data, and runtime (sockets, the lab)."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import platformdirs


@dataclass(frozen=True)
class Paths:
    config: Path
    data: Path
    runtime: Path

    @classmethod
    def default(cls, base: Path | None = None) -> Paths:
        if base is not None:
            return cls(base / "config", base / "data", base / "run")
        runtime = platformdirs.user_runtime_path("deskline")
        try:
            runtime.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError:  # no /run/user/<uid> on this system
            runtime = Path(tempfile.gettempdir()) / f"deskline-{os.getuid()}"
            runtime.mkdir(parents=True, exist_ok=True, mode=0o700)
        return cls(platformdirs.user_config_path("deskline"),
                   platformdirs.user_data_path("deskline"), runtime)
