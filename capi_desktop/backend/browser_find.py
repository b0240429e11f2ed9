"""Find installed Chromium-family browsers (Chrome, Chromium, Edge, Brave) on PATH and usual places."""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

_ON_PATH = (
    ("Google Chrome", "google-chrome"),
    ("Google Chrome", "google-chrome-stable"),
    ("Chromium", "chromium"),
    ("Chromium", "chromium-browser"),
    ("Microsoft Edge", "microsoft-edge"),
    ("Microsoft Edge", "microsoft-edge-stable"),
    ("Brave", "brave-browser"),
)


def _standard_places() -> list[tuple[str, Path]]:
    if sys.platform == "darwin":
        apps = Path("/Applications")
        return [
            ("Google Chrome", apps / "Google Chrome.app/Contents/MacOS/Google Chrome"),
            ("Chromium", apps / "Chromium.app/Contents/MacOS/Chromium"),
            ("Microsoft Edge", apps / "Microsoft Edge.app/Contents/MacOS/Microsoft Edge"),
            ("Brave", apps / "Brave Browser.app/Contents/MacOS/Brave Browser"),
        ]
    if sys.platform == "win32":
        roots = [
            os.environ.get(v, "") for v in ("PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA")
        ]
        found = []
        for root in filter(None, roots):
            base = Path(root)
            found += [
                ("Google Chrome", base / "Google/Chrome/Application/chrome.exe"),
                ("Microsoft Edge", base / "Microsoft/Edge/Application/msedge.exe"),
                ("Brave", base / "BraveSoftware/Brave-Browser/Application/brave.exe"),
            ]
        return found
    return [
        ("Chromium", Path("/snap/bin/chromium")),
        ("Google Chrome", Path("/opt/google/chrome/chrome")),
    ]


@dataclass(frozen=True)
class InstalledBrowser:
    name: str
    path: str

    @property
    def label(self) -> str:
        return f"{self.name} ({self.path})"


def find_browsers() -> list[InstalledBrowser]:
    """Each installed browser once (by resolved path), PATH first."""
    found: list[InstalledBrowser] = []
    seen: set[str] = set()
    candidates = [(name, shutil.which(cmd)) for name, cmd in _ON_PATH]
    candidates += [(name, str(p)) for name, p in _standard_places() if p.is_file()]
    for name, path in candidates:
        if not path:
            continue
        resolved = os.path.realpath(path)
        if resolved not in seen:
            seen.add(resolved)
            found.append(InstalledBrowser(name, path))
    return found


def check_browser(path: str) -> str | None:
    """Why `path` cannot be started as a browser, or None when it looks usable."""
    candidate = Path(path)
    if not candidate.is_file():
        return f"no browser at {path}"
    if not os.access(candidate, os.X_OK):
        return f"{path} is not executable"
    return None
