"""scripts/make_screenshots.py writes every state, theme and size of a panel under the expected names."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_make_screenshots_writes_each_state_theme_and_size(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    script = ROOT / "scripts" / "make_screenshots.py"
    done = subprocess.run(
        [sys.executable, str(script), "--panel", "errors", "--out-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    written = sorted(p.name for p in tmp_path.glob("*.png"))
    assert written == sorted(
        f"errors{state}-{theme}-{size}.png"
        for state in ("", "-empty")
        for theme in ("light", "dark")
        for size in ("1280x800", "1024x640")
    )
    for png in tmp_path.glob("*.png"):
        width, height = (int(n) for n in png.stem.rsplit("-", 1)[1].split("x"))
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(data[16:20], "big") == width
        assert int.from_bytes(data[20:24], "big") == height
