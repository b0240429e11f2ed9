"""Test setup: offscreen Qt, throwaway app dirs, in-memory keyring, the qasync `qloop` fixture."""

from __future__ import annotations

import asyncio
import gc
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# Before any Qt import (architecture.md §4).
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["QT_API"] = "pyside6"
# Nothing in a test run may touch the user's real config/data dirs.
os.environ["CAPI_DESKTOP_HOME"] = tempfile.mkdtemp(prefix="capi-desktop-tests-")

import keyring
import pytest
from keyring.backend import KeyringBackend

# A copy of ../shared/fixtures (real Graph API bodies) kept in the repo, so a clone tests alone;
# tests/test_shared_fixtures.py checks it still matches shared/ wherever shared/ is present.
SHARED_FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


class MemoryKeyring(KeyringBackend):
    """In-memory keyring; `fail_with` makes every call raise (locked keyring tests)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}
        self.fail_with: Exception | None = None

    def _check(self) -> None:
        if self.fail_with is not None:
            raise self.fail_with

    def get_password(self, service: str, username: str) -> str | None:
        self._check()
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._check()
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._check()
        from keyring.errors import PasswordDeleteError

        if (service, username) not in self.store:
            raise PasswordDeleteError("not found")
        del self.store[(service, username)]


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def collect_qt_garbage_on_main_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """Destroy a GUI test's dead Qt objects (widgets, qasync timers) here, on the GUI thread.

    Left to the cyclic GC they are freed later from whatever thread triggers a collection (an
    emulator server thread, the browser-capture thread of a later live test), and deleting a
    QObject off its thread crashed the run: in tests/ui first, then in CI after a tests/faults
    GUI test followed by the CLI live session. So every test that had a QApplication collects.
    """
    yield
    if "qapp" in request.fixturenames or request.path.parent.name == "ui":
        gc.collect()


@pytest.fixture(autouse=True)
def app_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own empty app home (config, data, logs, cache)."""
    home = tmp_path / "capi-home"
    monkeypatch.setenv("CAPI_DESKTOP_HOME", str(home))
    return home


@pytest.fixture
def qloop(qapp: object) -> Iterator[asyncio.AbstractEventLoop]:
    """A qasync loop set and marked running for synchronous pytest-qt tests (architecture §4)."""
    import qasync

    from capi_desktop.ui.async_qt import use_plain_thread_executor

    loop = qasync.QEventLoop(qapp)
    use_plain_thread_executor(loop)
    asyncio.set_event_loop(loop)
    asyncio.events._set_running_loop(loop)
    try:
        yield loop
    finally:
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for task in pending:
            task.cancel()
        if pending:
            # Let cancellations run through the Qt loop without nesting asyncio.
            from PySide6.QtCore import QCoreApplication

            for _ in range(20):
                QCoreApplication.processEvents()
                if all(t.done() for t in pending):
                    break
        asyncio.events._set_running_loop(None)
        asyncio.set_event_loop(None)
        loop.close()


@pytest.fixture
def emulator() -> Iterator[Any]:
    """A local Graph API emulator on 127.0.0.1 (token "test-token-123", pixel "1234567890")."""
    from capi_desktop.backend.emulator import start_emulator

    running = start_emulator(tokens=["test-token-123"], pixels=["1234567890"])
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def credentials_panels(qtbot: Any, qloop: Any, tmp_path: Path) -> Iterator[Any]:
    """Factory of Credentials panels on tmp_path (tests/ui/credentials_support.py); afterwards
    stops their emulators and closes their httpx clients on the test's own loop (a client left
    to the garbage collector warns in a later test)."""
    from capi_desktop.ui.async_qt import start_task
    from tests.ui.credentials_support import make_panel

    made: list[Any] = []

    def factory(settings: dict[str, Any] | None = None) -> Any:
        made.append(make_panel(qtbot, tmp_path, settings))
        return made[-1]

    yield factory

    async def close() -> None:
        for panel in made:
            await panel.shutdown()
            await panel.services.graph.aclose()

    task = start_task(close())
    qtbot.waitUntil(task.done, timeout=5000)
