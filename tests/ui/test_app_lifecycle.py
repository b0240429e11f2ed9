"""The real app (run_app) starts, builds its panel, and shuts down cleanly on window close."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CHILD = """
from PySide6.QtCore import QTimer
import capi_desktop.app as app_module

_create = app_module.create_application

def _create_and_schedule_close(*args, **kwargs):
    app = _create(*args, **kwargs)
    # Close like a user would, once the loop is running and the panel is built.
    QTimer.singleShot(1500, app.closeAllWindows)
    return app

app_module.create_application = _create_and_schedule_close
raise SystemExit(app_module.run_app())
"""


def test_app_starts_and_stops_cleanly(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CAPI_DESKTOP_HOME=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-X", "dev", "-c", CHILD],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    noise = [
        line
        for line in done.stderr.splitlines()
        if line.strip() and "propagateSizeHints" not in line
    ]
    assert done.returncode == 0, done.stderr
    assert noise == [], "unexpected output on stderr:\n" + "\n".join(noise)
    log = (tmp_path / "logs" / "capi-desktop.log").read_text(encoding="utf-8")
    assert "stopped cleanly" in log
    assert "ERROR" not in log
    settings = (tmp_path / "config" / "settings.json").read_text(encoding="utf-8")
    assert "window_geometry" in settings
