"""`capi-desktop screenshot`: render one panel offscreen to a PNG (README, checks)."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

NAME = "screenshot"
HELP = "render a panel offscreen and write a PNG"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from capi_desktop.ui.panels.registry import panel_keys  # no Qt import at module level

    parser.add_argument("--panel", required=True, choices=panel_keys())
    parser.add_argument("--out", required=True, type=Path, help="PNG file to write")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    parser.add_argument("--theme", choices=["light", "dark"], default="light")
    parser.add_argument(
        "--empty", action="store_true", help="show the panel's empty state instead of demo data"
    )


def run(args: argparse.Namespace) -> int:
    # Screenshots must never show the user's real profiles, history or tokens: run in a
    # throwaway home with an in-memory keyring.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["CAPI_DESKTOP_HOME"] = tempfile.mkdtemp(prefix="capi-desktop-shot-")
    from capi_desktop.screenshots import start_offscreen_app
    from capi_desktop.ui.screenshot import render_panel

    try:
        render_panel(
            args.panel,
            args.out,
            args.width,
            args.height,
            args.theme,
            start=start_offscreen_app,
            demo=not args.empty,
        )
    except OSError as exc:
        print(f"capi-desktop screenshot: cannot write {args.out}: {exc}", file=sys.stderr)
        return 2
    print(args.out)
    return 0
