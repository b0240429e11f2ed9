"""Helpers for the Send & Compare UI tests: real services against the emulator, synthetic events."""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from capi_desktop.backend.credentials import CredentialStore
from capi_desktop.backend.graph_client import GraphClient
from capi_desktop.backend.history import HistoryStore
from capi_desktop.backend.settings import Settings
from capi_desktop.services import Services

TOKEN = "test-token-123"
PIXEL = "1234567890"
FBP = "fb.1.1767225600000.1234567890"
EM = hashlib.sha256(b"journey-test@example.com").hexdigest()


def make_services(emulator: Any, tmp_path: Path) -> Services:
    credentials = CredentialStore(tmp_path / "profiles.json")
    profile = credentials.add("Emulator", PIXEL, graph_url=emulator.url)
    credentials.set_token_sync(profile.id, TOKEN)
    return Services(
        settings=Settings(tmp_path / "settings.json"),
        graph=GraphClient(),
        credentials=credentials,
        history=HistoryStore(tmp_path / "history.sqlite3"),
    )


def event(
    event_id: str, name: str = "Purchase", *, age_s: int = 0, value: float = 19.99
) -> dict[str, Any]:
    return {
        "event_name": name,
        "event_time": int(time.time()) - age_s,
        "event_id": event_id,
        "action_source": "website",
        "event_source_url": "https://shop.example.com/checkout/thank-you",
        "user_data": {
            "em": [EM],
            "client_ip_address": "2001:db8::5",
            "client_user_agent": "Mozilla/5.0 (X11; Linux x86_64) TestBrowser/1.0",
            "fbp": FBP,
        },
        "custom_data": {"value": value, "currency": "USD", "content_ids": ["sku-1"]},
    }


def pixel_url(ev: dict[str, Any], *, eid: str | None = None) -> str:
    params = {
        "id": PIXEL,
        "ev": ev["event_name"],
        "eid": ev["event_id"] if eid is None else eid,
        "ts": str(ev["event_time"] * 1000),
        "dl": ev["event_source_url"],
        "fbp": FBP,
        "ud[em]": EM,
        "cd[value]": str(ev["custom_data"]["value"]),
        "cd[currency]": "USD",
        "cd[content_ids]": '["sku-1"]',
    }
    return "https://www.facebook.com/tr/?" + urlencode(params)


class FakeComposer(QWidget):
    """The Composer's public surface as the other panels use it (links.ComposerPort)."""

    def __init__(self, body: dict[str, Any]) -> None:
        super().__init__()
        self.body = body
        self.focused: list[str] = []
        self.loaded: list[Any] = []

    def request_body(self) -> dict[str, Any]:
        return self.body

    def load_request(self, body: Any) -> None:
        self.loaded.append(body)
        self.body = body

    def focus_path(self, path: str) -> bool:
        self.focused.append(path)
        return True


class FakeWindow(QWidget):
    panel_changed = Signal(str)

    def __init__(self, composer: QWidget | None) -> None:
        super().__init__()
        self.composer = composer
        self.shown: list[str] = []

    def panel(self, key: str) -> QWidget:
        if key == "send":
            return self  # links.request_send builds the Send panel: the one under test is built
        if key != "composer" or self.composer is None:
            raise KeyError(key)
        return self.composer

    def built_panels(self) -> dict[str, QWidget]:
        return {"composer": self.composer} if self.composer is not None else {}

    def built_panel(self, key: str) -> QWidget | None:
        return self.built_panels().get(key)

    def show_panel(self, key: str) -> None:
        self.shown.append(key)


def settle(qtbot: Any) -> None:
    """Wait for every task (and the worker thread behind each to_thread) to finish.

    A worker finishing after the test's loop is closed posts its result to a dead qasync
    loop, which crashes a later test.
    """
    loop = asyncio.get_event_loop()
    current = asyncio.current_task(loop) if loop.is_running() else None
    qtbot.waitUntil(
        lambda: all(t.done() for t in asyncio.all_tasks(loop) if t is not current), timeout=5000
    )


def close(qtbot: Any, services: Services) -> None:
    """Close the httpx client and the database on the test's own loop."""
    from capi_desktop.ui.async_qt import start_task

    settle(qtbot)

    async def shutdown() -> None:
        await services.graph.aclose()
        await services.history.aclose()

    task = start_task(shutdown())
    qtbot.waitUntil(task.done, timeout=5000)


@pytest.fixture(name="services")
def emulator_services(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, emulator: Any, tmp_path: Path
) -> Iterator[Services]:
    """Fixture `services`: real services against the emulator, closed on the test's loop."""
    built = make_services(emulator, tmp_path)
    yield built
    close(qtbot, built)


def attach(qtbot: Any, panel: Any, composer: QWidget | None) -> FakeWindow:
    """Attach the panel's links to a window holding this Composer (as the main window does)."""
    window = FakeWindow(composer)
    qtbot.addWidget(window)
    panel.links.attach(window)
    return window
