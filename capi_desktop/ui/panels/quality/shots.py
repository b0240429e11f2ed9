"""Render the Quality panel in one demo state to a PNG: `python -m capi_desktop.screenshots quality`."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from capi_desktop.ui.screenshot import AppStart


def main(argv: list[str] | None, start: AppStart) -> int:
    from capi_desktop.ui.panels.quality import demo

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--state", choices=demo.DEMO_STATES, default="data")
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    os.environ.setdefault("CAPI_DESKTOP_HOME", tempfile.mkdtemp(prefix="capi-shots-"))
    demo.DEMO_STATE = args.state
    from capi_desktop.ui.screenshot import render_panel

    render_panel("quality", args.out, args.width, args.height, args.theme, start=start)
    return 0
