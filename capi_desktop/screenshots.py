"""Screenshot wiring: an offscreen app with an in-memory keyring; runs a panel's shot options.

`python -m capi_desktop.screenshots quality --state dedup --out shot.png` renders one state of
a panel that has its own shot runner (`ui/panels/<panel>/shots.py`, options and demo set-up);
`capi-desktop screenshot` renders any panel with its plain demo data.
"""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING

from keyring.backend import KeyringBackend

if TYPE_CHECKING:
    from capi_desktop.ui.screenshot import StartedApp

# Panels with their own shot runner: `main(argv, start) -> int` in these modules.
SHOT_RUNNERS = {
    "composer": "capi_desktop.ui.panels.composer.shots",
    "quality": "capi_desktop.ui.panels.quality.shots",
}


class _MemoryKeyring(KeyringBackend):
    """Screenshots never read the real keyring."""

    priority = 1
    name = "demo keyring (screenshots use no real keyring)"

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._store.pop((service, username), None)


def start_offscreen_app(theme: str) -> StartedApp:
    """The QApplication and real services (under CAPI_DESKTOP_HOME), tokens in memory only."""
    import keyring

    from capi_desktop.app import build_services, create_application

    keyring.set_keyring(_MemoryKeyring())
    return create_application(theme=theme), build_services(theme)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] not in SHOT_RUNNERS:
        print(f"usage: python -m capi_desktop.screenshots {{{','.join(SHOT_RUNNERS)}}} [options]")
        return 2
    runner = importlib.import_module(SHOT_RUNNERS[args[0]])
    return int(runner.main(args[1:], start=start_offscreen_app))


if __name__ == "__main__":
    raise SystemExit(main())
