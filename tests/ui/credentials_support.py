"""Helpers for the Credentials panel UI tests: a panel on real services, dialog answering."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from capi_desktop.backend.credentials import CredentialStore
from capi_desktop.backend.graph_client import GraphClient
from capi_desktop.backend.settings import Settings
from capi_desktop.services import Services
from capi_desktop.ui.panels.credentials import CredentialsPanel
from capi_desktop.ui.panels.credentials.profile_form import ProfileForm

TOKEN = "test-token-123"
PIXEL = "1234567890"


def make_panel(
    qtbot: QtBot, tmp_path: Path, settings: dict[str, Any] | None = None
) -> CredentialsPanel:
    store = CredentialStore(tmp_path / "profiles.json")
    services = Services(
        settings=Settings(tmp_path / "settings.json"), graph=GraphClient(), credentials=store
    )
    for key, value in (settings or {}).items():
        services.settings.set(key, value)
    panel = CredentialsPanel(services)
    qtbot.addWidget(panel)
    panel.resize(1100, 760)
    panel.show()
    return panel


def add_profile(
    tmp_path: Path,
    emulator: Any,
    *,
    name: str = "Shop",
    pixel: str = PIXEL,
    token: str | None = TOKEN,
) -> str:
    """A saved profile written before the panel is built (returns its id)."""
    store = CredentialStore(tmp_path / "profiles.json")
    profile = store.add(name, pixel, graph_url=emulator.url)
    if token:
        store.set_token_sync(profile.id, token)
    return profile.id


def open_new_profile(qtbot: QtBot, panel: CredentialsPanel) -> ProfileForm:
    """Start a new profile and wait until its editor page is shown; returns the form."""
    panel.commands.new_profile()
    qtbot.waitUntil(lambda: panel.pages.currentIndex() == 1)
    return panel.form


def fill_form(
    form: ProfileForm,
    *,
    name: str,
    pixel: str = PIXEL,
    graph_url: str | None = None,
    token: str = TOKEN,
) -> None:
    """Type a profile into the form; `graph_url` opens the Advanced section to set it."""
    form.name_edit.setText(name)
    form.pixel_edit.setText(pixel)
    if graph_url is not None:
        form.advanced.set_expanded(True)
        form.url_edit.setText(graph_url)
    form.token.edit.setText(token)


def answer(
    qtbot: QtBot, panel: CredentialsPanel, button: str = "", text: str | None = None
) -> None:
    """Click `button` in the message box the panel awaits, or type `text` into its prompt."""
    qtbot.waitUntil(lambda: panel.dialogs.current is not None, timeout=3000)
    dialog = panel.dialogs.current
    if isinstance(dialog, QInputDialog):
        if text is None:
            dialog.reject()
        else:
            dialog.setTextValue(text)
            dialog.accept()
    else:
        assert isinstance(dialog, QMessageBox)
        labels = [b.text() for b in dialog.buttons()]
        match = next(b for b in dialog.buttons() if b.text() == button)
        assert match is not None, labels
        match.click()
    qtbot.waitUntil(lambda: panel.dialogs.current is None, timeout=3000)


def verify_text(panel: CredentialsPanel) -> str:
    return panel.verify_view.text()


def wait_verified(qtbot: QtBot, panel: CredentialsPanel, needle: str) -> str:
    qtbot.waitUntil(lambda: needle in verify_text(panel), timeout=8000)
    return verify_text(panel)
