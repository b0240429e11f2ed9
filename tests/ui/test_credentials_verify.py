"""Credentials panel: Verify against the emulator, classified failures, keyring states, emulator."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from capi_desktop.backend.emulator import Fault
from capi_desktop.config import APP_ID
from capi_desktop.ui.async_qt import start_task
from tests.ui.credentials_support import (
    PIXEL,
    TOKEN,
    add_profile,
    answer,
    fill_form,
    open_new_profile,
    verify_text,
    wait_verified,
)


def test_verify_against_emulator_shows_pixel_business_and_token(
    credentials_panels: Any, qtbot: QtBot, qloop: Any, tmp_path: Path, emulator: Any
) -> None:
    add_profile(tmp_path, emulator)
    panel = credentials_panels()
    qtbot.mouseClick(panel.verify_button, Qt.MouseButton.LeftButton)
    text = wait_verified(qtbot, panel, "Verified")
    assert f"Emulator pixel {PIXEL}" in text
    assert "Emulator Business" in text
    assert "Last fired" in text and ("just now" in text or "ago" in text)
    assert "System User token" in text
    assert "ads_management, business_management" in text
    assert "never" in text  # expiry
    assert "local emulator (not Meta)" in text
    assert TOKEN not in text
    assert "not Meta" in panel.profile_title.text()
    assert panel.profiles.status(panel.current_profile_id()) is True  # the green dot


@pytest.mark.parametrize(
    ("token", "pixel", "cause", "expected"),
    [
        # wrong token -> 190, the catalogue's fix, and which guide step was missed
        (
            "canary-wrong-token-1",
            PIXEL,
            "#190",
            ("Invalid OAuth access token", "Steps 4–5", "Generate a new system-user token"),
        ),
        # unknown pixel -> 100/33: the pixel is not assigned to the system user (or wrong)
        (
            TOKEN,
            "5555555555",
            "#100/33",
            ("Step 3", "In Business Settings > System users, assign the pixel"),
        ),
    ],
    ids=["wrong-token", "unknown-pixel"],
)
def test_failures_show_the_classified_cause_and_fix_steps(
    credentials_panels: Any,
    qtbot: QtBot,
    tmp_path: Path,
    emulator: Any,
    token: str,
    pixel: str,
    cause: str,
    expected: tuple[str, ...],
) -> None:
    add_profile(tmp_path, emulator, token=token, pixel=pixel)
    panel = credentials_panels()
    panel.verify()
    text = wait_verified(qtbot, panel, cause)
    for part in expected:
        assert part in text
    assert token not in text
    assert "✖" in text and "Verified" not in text
    assert panel.profiles.status(panel.current_profile_id()) is False


def test_typed_token_is_verified_before_saving(
    credentials_panels: Any,
    qtbot: QtBot,
    qloop: Any,
    tmp_path: Path,
    emulator: Any,
    memory_keyring: Any,
) -> None:
    add_profile(tmp_path, emulator, token=None)
    panel = credentials_panels()
    panel.verify()
    qtbot.waitUntil(lambda: "No token to verify" in verify_text(panel), timeout=3000)
    panel.form.token.edit.setText(TOKEN)
    panel.verify()
    wait_verified(qtbot, panel, "Verified")
    assert memory_keyring.store == {}  # verifying does not save
    assert "Save to keep it" in panel.status_label.text()


def test_locked_keyring_warns_session_only_and_still_verifies(
    credentials_panels: Any,
    qtbot: QtBot,
    qloop: Any,
    tmp_path: Path,
    emulator: Any,
    memory_keyring: Any,
) -> None:
    memory_keyring.fail_with = RuntimeError("Secret Service is locked")
    panel = credentials_panels()
    fill_form(open_new_profile(qtbot, panel), name="Locked", graph_url=emulator.url)
    panel.commands.save()
    qtbot.waitUntil(lambda: "Session-only" in panel.storage_line.text(), timeout=5000)
    assert panel.storage_line.isVisible()
    assert "paste it again next time" in panel.storage_line.text()
    assert "locked" in panel.storage_line.text().lower()
    assert memory_keyring.store == {}
    assert panel.form.token.edit.text() == ""
    panel.verify()
    assert "Verified" in wait_verified(qtbot, panel, "Verified")


def test_forget_token_removes_it_from_the_keyring(
    credentials_panels: Any,
    qtbot: QtBot,
    qloop: Any,
    tmp_path: Path,
    emulator: Any,
    memory_keyring: Any,
) -> None:
    profile_id = add_profile(tmp_path, emulator)
    panel = credentials_panels()
    qtbot.waitUntil(lambda: "••••••••-123" in panel.form.token.saved_label.text(), timeout=5000)
    assert panel.forget_button.isEnabled()
    panel.commands.forget_token()
    answer(qtbot, panel, "Cancel")
    assert (APP_ID, profile_id) in memory_keyring.store
    panel.commands.forget_token()
    answer(qtbot, panel, "Forget token")
    qtbot.waitUntil(lambda: "No token saved" in panel.form.token.saved_label.text(), timeout=3000)
    assert (APP_ID, profile_id) not in memory_keyring.store
    assert not panel.forget_button.isEnabled()


def test_app_start_verifies_the_active_profile_in_the_background(
    credentials_panels: Any, qtbot: QtBot, qloop: Any, tmp_path: Path, emulator: Any
) -> None:
    add_profile(tmp_path, emulator, name="Other")
    active = add_profile(tmp_path, emulator, name="Active")
    panel = credentials_panels(settings={"active_profile": active})
    assert panel.current_profile_id() == active
    assert panel.active_profile() is not None and panel.active_profile().name == "Active"
    wait_verified(qtbot, panel, f"Emulator pixel {PIXEL}")
    assert ("GET", f"/{panel.form.fields()['api_version']}/{PIXEL}") in emulator.hits()


def test_cancel_stops_a_slow_verification(
    credentials_panels: Any, qtbot: QtBot, qloop: Any, tmp_path: Path, emulator: Any
) -> None:
    add_profile(tmp_path, emulator)
    emulator.set_faults(Fault("latency", times=0, latency_s=1.5))
    panel = credentials_panels()
    panel.verify()
    qtbot.waitUntil(panel.verify_view.is_busy, timeout=3000)
    assert not panel.verify_button.isEnabled()
    qtbot.mouseClick(panel.verify_view.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "cancelled" in verify_text(panel), timeout=3000)
    # The view leaves its busy state as the cancelled task unwinds (a moment later under load).
    qtbot.waitUntil(lambda: not panel.verify_view.is_busy(), timeout=3000)
    assert panel.verify_button.isEnabled()


def test_try_without_a_meta_account_creates_a_working_emulator_profile(
    credentials_panels: Any, qtbot: QtBot, qloop: Any, tmp_path: Path, memory_keyring: Any
) -> None:
    panel = credentials_panels()
    qtbot.mouseClick(panel.empty.emulator_button, Qt.MouseButton.LeftButton)
    text = wait_verified(qtbot, panel, "Verified against the local emulator")
    profile = panel.active_profile()
    assert profile is not None and profile.name == "Local emulator"
    assert profile.graph_url.startswith("http://127.0.0.1:")
    assert memory_keyring.store[(APP_ID, profile.id)] == "test-token-123"
    assert "Local emulator — not Meta" in panel.profile_title.text()
    assert "not Meta" in panel.status_label.text()
    assert "Emulator pixel" in text
    # A second click reuses the same profile and emulator.
    panel.commands.try_emulator()
    qtbot.waitUntil(lambda: not panel.is_verifying() and "Verified" in verify_text(panel))
    assert len(panel.controller.store.list_profiles()) == 1
    task = start_task(panel.shutdown())
    qtbot.waitUntil(task.done, timeout=5000)
    assert not panel.commands.emulator.running


def test_shutdown_waits_for_a_cancelled_verification(
    credentials_panels: Any, qtbot: QtBot, qloop: Any, tmp_path: Path, emulator: Any
) -> None:
    add_profile(tmp_path, emulator)
    panel = credentials_panels()
    emulator.set_faults(Fault("latency", times=0, latency_s=1.5))
    task = panel.verify()
    assert task is not None
    qtbot.waitUntil(panel.is_verifying, timeout=2000)

    async def shut_down() -> bool:
        await panel.shutdown()
        return task.done()

    stopping = start_task(shut_down())
    qtbot.waitUntil(stopping.done, timeout=5000)
    assert stopping.result(), "shutdown must not return while the verification still unwinds"


def test_the_emulator_profile_works_again_after_a_restart(
    credentials_panels: Any, qtbot: QtBot, qloop: Any, tmp_path: Path, memory_keyring: Any
) -> None:
    first = credentials_panels()
    qtbot.mouseClick(first.empty.emulator_button, Qt.MouseButton.LeftButton)
    wait_verified(qtbot, first, "Verified against the local emulator")
    old_url = first.active_profile().graph_url
    task = start_task(first.shutdown())  # quit: the emulator stops with the app
    qtbot.waitUntil(task.done, timeout=5000)
    memory_keyring.store.clear()  # its token was kept for the session only
    first.services.settings.save()  # as the app does at quit
    first.close()

    again = credentials_panels()  # the next start
    text = wait_verified(qtbot, again, "Verified against the local emulator")
    profile = again.active_profile()
    assert profile is not None and profile.name == "Local emulator"
    assert profile.graph_url != old_url  # a new emulator, on its new port
    assert memory_keyring.store[(APP_ID, profile.id)] == "test-token-123"
    assert "Emulator pixel" in text
    assert len(again.controller.store.list_profiles()) == 1
