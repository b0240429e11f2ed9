"""Composer "Copy as" with a profile on the local emulator: the clipboard's code runs and delivers."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from capi_desktop.backend.credentials import CredentialStore
from capi_desktop.backend.emulator import start_emulator
from capi_desktop.backend.settings import Settings
from capi_desktop.domain.codegen import BY_ID
from capi_desktop.services import Services
from capi_desktop.ui.panels.composer import ComposerPanel
from tests.exec.runners import RUNNERS, run
from tests.exec.test_export_runs import CANARY, PIXEL


@pytest.mark.parametrize("fmt", sorted(RUNNERS))
def test_copied_code_sends_the_composed_event_to_the_profiles_graph_url(
    fmt: str, qtbot: QtBot, tmp_path: Path
) -> None:
    with start_emulator(tokens=[CANARY], pixels=[PIXEL]) as graph:
        store = CredentialStore(tmp_path / "profiles.json")
        profile = store.add("Emulator", PIXEL, api_version="v25.0", graph_url=graph.url)
        store.set_token_sync(profile.id, CANARY)
        settings = Settings(tmp_path / "settings.json")
        settings.set("active_profile", profile.id)
        panel = ComposerPanel(Services(settings=settings, credentials=store))
        qtbot.addWidget(panel)
        panel.load_demo()
        panel.customer.set_value("em", "Copy.As@Example.com")

        text = panel.copy_as(fmt)

        assert text and QGuiApplication.clipboard().text() == text
        assert CANARY not in text
        assert "not Meta's Graph API" in text
        assert BY_ID[fmt].label in panel.status.text()
        if fmt == "node-sdk":
            assert "this SDK sends v24.0, not v25.0" in panel.status.text()
        done = run(fmt, text, tmp_path, CANARY)
        assert done.returncode == 0, done.stderr[-2000:]
        received = graph.received()
        assert len(received) == 1
        assert received[0]["data"] == panel.request_body()["data"]
        assert received[0]["api_version"] == (BY_ID[fmt].sends_version or "v25.0")
