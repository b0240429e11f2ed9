"""Render the Composer on a non-website kind of event: `python -m capi_desktop.screenshots composer`."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from capi_desktop.ui.screenshot import AppStart


def main(argv: list[str] | None, start: AppStart) -> int:
    from capi_desktop.domain.event_kinds import KINDS

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kind", choices=[k for k in KINDS if k != "website"], default="app")
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    os.environ.setdefault("CAPI_DESKTOP_HOME", tempfile.mkdtemp(prefix="capi-shots-"))
    from PySide6.QtCore import QPoint, QTimer
    from PySide6.QtWidgets import QScrollArea, QWidget

    from capi_desktop.ui.panels.composer.composer_panel import ComposerPanel
    from capi_desktop.ui.panels.composer.templates import kind_template
    from capi_desktop.ui.screenshot import render_panel

    def load_kind(panel: QWidget) -> None:
        assert isinstance(panel, ComposerPanel)
        panel.load_draft(kind_template(args.kind))
        section = panel.kind_section
        area = section.parentWidget()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        if isinstance(area, QScrollArea):  # show the kind's fields, not only the common ones
            scroll_area = area

            def scroll() -> None:
                content = scroll_area.widget()
                if content is not None:
                    top = section.mapTo(content, QPoint(0, 0)).y()
                    scroll_area.verticalScrollBar().setValue(top - 8)

            QTimer.singleShot(0, scroll)  # after the form's layout has settled

    render_panel(
        "composer", args.out, args.width, args.height, args.theme, start=start, prepare=load_kind
    )
    return 0
