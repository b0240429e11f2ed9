"""Credentials panel: create, save, rename, duplicate, delete, unsaved changes, active profile."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from capi_desktop.backend.credentials import CredentialStore
from capi_desktop.config import APP_ID
from tests.ui.credentials_support import (
    PIXEL,
    TOKEN,
    add_profile,
    answer,
    fill_form,
    open_new_profile,
)


def test_create_profile_pixel_digits_only_paste_token_and_save(
    credentials_panels: Any, qtbot: QtBot, qloop: Any, tmp_path: Path, memory_keyring: Any
) -> None:
    panel = credentials_panels()
    assert panel.pages.currentIndex() == 0  # empty state first
    qtbot.mouseClick(panel.empty.new_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.pages.currentIndex() == 1)
    form = panel.form
    qtbot.keyClicks(form.name_edit, "Shop production")
    qtbot.keyClicks(form.pixel_edit, "12ab34-567890")
    assert form.pixel_edit.text() == PIXEL
    QGuiApplication.clipboard().setText(f'  "Bearer {TOKEN}"\n')
    qtbot.mouseClick(form.token.paste_button, Qt.MouseButton.LeftButton)
    assert form.token.edit.text() == TOKEN
    assert form.token.edit.echoMode() == form.token.edit.EchoMode.Password
    with qtbot.waitSignal(panel.active_profile_changed, timeout=5000) as signal:
        qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    profile = CredentialStore(tmp_path / "profiles.json").find("Shop production")
    assert profile is not None and profile.pixel_id == PIXEL
    assert signal.args == [profile.id]
    assert memory_keyring.store[(APP_ID, profile.id)] == TOKEN
    assert form.token.edit.text() == ""  # the saved token never stays in the widget
    assert "••••••••-123" in form.token.saved_label.text()
    assert "Token stored in" in panel.storage_line.text()
    assert panel.services.settings.get("active_profile") == profile.id
    assert panel.active_profile() == profile
    assert panel.profiles.ids() == [profile.id]
    shared = panel.links.active_profile  # what the other panels read
    assert shared.current() == profile and shared.profiles() == [profile]


def test_pixel_hint_and_save_refused_until_valid(
    credentials_panels: Any, qtbot: QtBot, qloop: Any, tmp_path: Path
) -> None:
    panel = credentials_panels()
    open_new_profile(qtbot, panel)
    qtbot.keyClicks(panel.form.name_edit, "Shop")
    qtbot.keyClicks(panel.form.pixel_edit, "12x3")
    assert "digits only" in panel.form.pixel_hint.message()
    panel.commands.save()
    qtbot.waitUntil(lambda: "Not saved" in panel.status_label.text())
    assert "5 to 20 digits" in panel.status_label.text()
    assert "5 to 20 digits" in panel.form.pixel_hint.message()
    assert panel.form.name_edit.text() == "Shop"  # nothing typed is lost
    assert CredentialStore(tmp_path / "profiles.json").list_profiles() == []


def test_rename_duplicate_and_delete_with_confirmation(
    credentials_panels: Any,
    qtbot: QtBot,
    qloop: Any,
    tmp_path: Path,
    emulator: Any,
    memory_keyring: Any,
) -> None:
    first = add_profile(tmp_path, emulator, name="Shop")
    panel = credentials_panels()
    assert panel.current_profile_id() == first

    panel.commands.rename_profile()
    answer(qtbot, panel, text="Shop EU")
    qtbot.waitUntil(lambda: panel.form.name_edit.text() == "Shop EU")
    assert panel.controller.store.get(first).name == "Shop EU"
    assert not panel.form.is_dirty()

    panel.commands.duplicate_profile()
    qtbot.waitUntil(lambda: len(panel.profiles.ids()) == 2 and panel.current_profile_id() != first)
    copy_id = panel.current_profile_id()
    assert panel.controller.store.get(copy_id).name == "Shop EU (copy)"
    assert memory_keyring.store[(APP_ID, copy_id)] == TOKEN  # the token came along
    assert "same token" in panel.status_label.text()

    panel.commands.delete_profile()
    answer(qtbot, panel, "Cancel")
    assert len(panel.controller.store.list_profiles()) == 2
    panel.commands.delete_profile()
    answer(qtbot, panel, "Delete")
    qtbot.waitUntil(lambda: panel.profiles.ids() == [first])
    assert (APP_ID, copy_id) not in memory_keyring.store
    assert panel.current_profile_id() == first
    shared = panel.links.active_profile
    assert shared.current_id == first and [p.id for p in shared.profiles()] == [first]


def test_unsaved_changes_when_switching_profiles(
    credentials_panels: Any, qtbot: QtBot, qloop: Any, tmp_path: Path, emulator: Any
) -> None:
    first = add_profile(tmp_path, emulator, name="Alpha")
    second = add_profile(tmp_path, emulator, name="Beta")
    panel = credentials_panels()
    assert panel.current_profile_id() == first
    panel.form.test_code_edit.setText("TEST999")
    assert "unsaved changes" in panel.profile_title.text()

    panel.profiles.list.setCurrentRow(1)
    answer(qtbot, panel, "Cancel")
    assert panel.current_profile_id() == first
    assert panel.form.test_code_edit.text() == "TEST999"  # kept
    assert panel.profiles.list.currentRow() == 0

    panel.profiles.list.setCurrentRow(1)
    answer(qtbot, panel, "Save")
    qtbot.waitUntil(lambda: panel.current_profile_id() == second)
    assert panel.controller.store.get(first).test_event_code == "TEST999"

    panel.form.notes_edit.setPlainText("draft note")
    panel.profiles.list.setCurrentRow(0)
    answer(qtbot, panel, "Discard")
    qtbot.waitUntil(lambda: panel.current_profile_id() == first)
    assert panel.controller.store.get(second).notes == ""
    assert panel.services.settings.get("active_profile") == first


def test_corrupt_profiles_file_is_explained(
    credentials_panels: Any, qtbot: QtBot, qloop: Any, tmp_path: Path
) -> None:
    (tmp_path / "profiles.json").write_text("{not json", encoding="utf-8")
    panel = credentials_panels()
    assert panel.banner.isVisible()
    assert "damaged" in panel.banner.text()
    assert "corrupt-" in panel.banner.text()  # where the old file was kept
    assert "damaged" in (panel.links.active_profile.load_problem or "")
    assert panel.pages.currentIndex() == 0  # a usable empty state, not a crash


def test_save_failure_keeps_the_form(
    credentials_panels: Any, qtbot: QtBot, qloop: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    panel = credentials_panels()
    fill_form(open_new_profile(qtbot, panel), name="Shop")

    def disk_full(*_args: Any, **_kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("capi_desktop.backend.credentials.write_json_atomic", disk_full)
    panel.commands.save()
    qtbot.waitUntil(lambda: "No space left" in panel.status_label.text())
    assert panel.form.token.edit.text() == TOKEN
    assert panel.form.name_edit.text() == "Shop"
    assert not (tmp_path / "profiles.json").exists() or json.loads(
        (tmp_path / "profiles.json").read_text()
    )
