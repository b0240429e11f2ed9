"""Credentials panel details: demo state, shortcuts, show/hide, version warnings, network down,
the main window wiring, and the pure helpers (token cleaning, Verify report)."""

from __future__ import annotations

import datetime as dt
import socket
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from capi_desktop.backend.graph_errors import parse_response
from capi_desktop.backend.graph_models import CredentialCheck, TokenInfo
from capi_desktop.backend.retry import RetryPolicy
from capi_desktop.config import APP_ID
from capi_desktop.ui.panels.credentials.token_field import clean_token
from capi_desktop.ui.panels.credentials.verify_report import report_html
from tests.ui.credentials_support import (
    PIXEL,
    TOKEN,
    add_profile,
    fill_form,
    open_new_profile,
    verify_text,
    wait_verified,
)
from tests.ui.helpers import show_active

NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_load_demo_shows_a_verified_synthetic_profile_without_network(
    credentials_panels: Any,
) -> None:
    panel = credentials_panels()
    panel.services.graph = None  # the demo must not need the Graph client
    panel.load_demo()
    assert panel.form.name_edit.text() == "Demo Shop"
    assert panel.form.pixel_edit.text() == PIXEL
    assert panel.form.token.edit.text() == ""
    assert panel.form.token.saved_mask and panel.form.token.saved_mask.startswith("••••")
    text = verify_text(panel)
    assert "Verified against the local emulator" in text
    assert "Demo Shop Pixel" in text and "Demo Shop Ltd" in text
    assert "not Meta" in panel.profile_title.text()


def test_shortcuts_save_and_verify(
    credentials_panels: Any, qtbot: QtBot, tmp_path: Path, emulator: Any, memory_keyring: Any
) -> None:
    profile_id = add_profile(tmp_path, emulator, token=None)
    panel = credentials_panels()
    show_active(qtbot, panel)
    panel.form.token.edit.setFocus()
    panel.form.token.edit.setText(TOKEN)
    qtbot.keyClick(panel.form.token.edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: (APP_ID, profile_id) in memory_keyring.store, timeout=3000)
    qtbot.waitUntil(lambda: panel.form.token.edit.text() == "", timeout=3000)
    qtbot.keyClick(panel.form.name_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_verified(qtbot, panel, f"Emulator pixel {PIXEL}")


def test_show_hide_toggle_reveals_only_what_was_typed(credentials_panels: Any) -> None:
    panel = credentials_panels()
    panel.commands.new_profile()
    token = panel.form.token
    token.edit.setText("canary-typed-1234")
    assert token.edit.echoMode() == QLineEdit.EchoMode.Password
    token.show_button.click()
    assert token.edit.echoMode() == QLineEdit.EchoMode.Normal
    assert token.show_button.text() == "Hide"
    token.show_button.click()
    assert token.edit.echoMode() == QLineEdit.EchoMode.Password


def test_expired_api_version_is_flagged(credentials_panels: Any, qtbot: QtBot) -> None:
    panel = credentials_panels()
    combo = open_new_profile(qtbot, panel).version_combo
    combo.setCurrentIndex(combo.findData("v20.0"))
    hint = panel.form.version_hint.message()
    assert "v20.0 expired on 2026-09-24" in hint and "Switch to" in hint
    assert "expired" in combo.currentText()
    combo.setCurrentIndex(combo.findData("v26.0"))
    assert panel.form.version_hint.message() == ""  # its space stays reserved


def test_network_down_and_stopped_emulator_explain_what_to_do(
    credentials_panels: Any, qtbot: QtBot, tmp_path: Path
) -> None:
    from capi_desktop.backend.credentials import CredentialStore

    store = CredentialStore(tmp_path / "profiles.json")
    # A profile of the user's own (a `capi-desktop emulator` they stopped): the app restarts
    # only its own "Try without a Meta account" emulator, so this one stays unreachable.
    dead = store.add("My own emulator", PIXEL, graph_url=f"http://127.0.0.1:{_free_port()}")
    store.set_token_sync(dead.id, TOKEN)
    panel = credentials_panels(settings={"active_profile": dead.id})
    panel.services.graph.retry = RetryPolicy(max_attempts=1)  # refused 4 times takes ~6 s
    text = wait_verified(qtbot, panel, "Could not reach the Graph API")
    assert "emulator is not running" in text
    assert "Try without a Meta account" in text
    assert "Retry" in text or "Check firewalls" in text  # the catalogue's fix steps


def test_main_window_builds_the_credentials_panel(qtbot: QtBot, qloop: Any) -> None:
    from capi_desktop.app import build_services
    from capi_desktop.ui.main_window import MainWindow
    from capi_desktop.ui.panels.credentials import CredentialsPanel

    window = MainWindow(build_services("light"))
    qtbot.addWidget(window)
    panel = window.show_panel("credentials")
    assert isinstance(panel, CredentialsPanel)
    assert panel.pages.currentIndex() == 0
    assert panel.active_profile() is None


def test_clean_token_strips_what_people_paste_around_it() -> None:
    assert clean_token(f'  "Bearer {TOKEN}"\n') == TOKEN
    assert clean_token(f"access_token={TOKEN}") == TOKEN
    assert clean_token(f"{TOKEN[:6]}\n{TOKEN[6:]}") == TOKEN  # a line break from a chat app
    assert clean_token("   ") == ""


def test_report_for_a_personal_token_without_scopes_warns() -> None:
    check = CredentialCheck(
        ok=True,
        pixel={"id": PIXEL, "name": "P", "last_fired_time": "2026-11-27T09:00:00+0000"},
        token_info=TokenInfo(
            type="USER", scopes=("ads_read",), expires_at=int(NOW.timestamp()) + 86400 * 3
        ),
    )
    html = report_html(check, emulator=False, checked_at=NOW)
    assert "Verified against Meta" in html
    assert "3 hours ago" in html
    assert "lacks ads_management, business_management" in html
    assert "personal token" in html and "System User" in html
    assert "in 3 days" in html


def test_report_for_a_permission_error_points_at_steps_3_and_4() -> None:
    body = '{"error":{"message":"(#200) Permissions error","type":"OAuthException","code":200}}'
    _data, error = parse_response(400, body)
    assert error is not None
    html = report_html(
        CredentialCheck(ok=False, error=error, errors=(error,)), emulator=False, checked_at=NOW
    )
    assert "Step 3 or 4" in html
    assert "assign the pixel to the system user" in html.lower()
    assert "Meta said: (#200) Permissions error" in html


def test_token_hint_flags_a_cut_off_or_quoted_paste(credentials_panels: Any) -> None:
    panel = credentials_panels()
    panel.commands.new_profile()
    token = panel.form.token
    token.edit.setText("canary-short")
    assert "cut off" in token.hint.message() and not token.hint.isHidden()
    token.edit.setText("canary-" + "x" * 60 + "»")
    assert "stray quotes" in token.hint.message()
    token.edit.setText("canary-" + "x" * 60)
    assert token.hint.message() == ""


def test_without_a_credential_store_the_panel_explains(qtbot: QtBot, tmp_path: Path) -> None:
    from capi_desktop.backend.settings import Settings
    from capi_desktop.services import Services
    from capi_desktop.ui.panels.credentials import CredentialsPanel

    panel = CredentialsPanel(Services(settings=Settings(tmp_path / "settings.json")))
    qtbot.addWidget(panel)
    assert "not available" in panel.banner.text()
    assert panel.active_profile() is None
    assert not panel.isEnabled()


def test_tab_walks_the_form_in_reading_order(credentials_panels: Any, qtbot: QtBot) -> None:
    panel = credentials_panels()
    show_active(qtbot, panel)
    form = open_new_profile(qtbot, panel)
    expected = [
        form.name_edit,
        form.pixel_edit,
        form.token.edit,
        form.token.show_button,
        form.token.paste_button,
        form.version_combo,
        form.test_code_edit,
        form.notes_edit,
    ]
    form.name_edit.setFocus()
    seen = []
    for _ in range(len(expected) + 1):
        widget = QApplication.focusWidget()
        seen.append(widget)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert seen[: len(expected)] == expected
    assert seen[-1] is not form.notes_edit  # Tab leaves the notes box instead of typing a tab
    assert "\t" not in form.notes_edit.toPlainText()


def test_locked_keyring_and_long_name_are_readable_without_scrolling(
    credentials_panels: Any, qtbot: QtBot, tmp_path: Path, memory_keyring: Any
) -> None:
    from capi_desktop.backend.credentials import CredentialStore

    store = CredentialStore(tmp_path / "profiles.json")
    name = "Acme International Online Store — EU production pixel for the spring campaign 2026"
    profile = store.add(name, "98765432109876543", graph_url="http://127.0.0.1:9")
    store.set_token_sync(profile.id, TOKEN)
    memory_keyring.fail_with = RuntimeError("Secret Service is locked")
    panel = credentials_panels(settings={"active_profile": profile.id})
    panel.resize(1024, 600)
    saved = panel.form.token.saved_label
    qtbot.waitUntil(lambda: "keyring cannot be read" in saved.text(), timeout=3000)
    assert "Paste the token again" in saved.text()  # what to do next
    assert "Session-only" in panel.storage_line.text()
    qtbot.wait(50)  # let the layout settle
    assert not panel.editor.horizontalScrollBar().isVisible()
    assert panel.verify_button.visibleRegion().boundingRect().width() == panel.verify_button.width()


def test_dead_network_during_verify_keeps_what_was_typed(
    credentials_panels: Any, qtbot: QtBot, memory_keyring: Any
) -> None:
    panel = credentials_panels()
    panel.services.graph.retry = RetryPolicy(max_attempts=1)
    form = open_new_profile(qtbot, panel)
    fill_form(form, name="Café Ünicode Shop ✓", graph_url=f"http://127.0.0.1:{_free_port()}")
    panel.verify()
    text = wait_verified(qtbot, panel, "Could not reach the Graph API")
    assert "Retry" in text or "Check firewalls" in text  # what to do next
    assert TOKEN not in text
    # Nothing typed is lost: the form still holds it all, and Save still works afterwards.
    assert form.token.edit.text() == TOKEN and form.name_edit.text() == "Café Ünicode Shop ✓"
    panel.commands.save()
    qtbot.waitUntil(lambda: "Saved" in panel.status_label.text(), timeout=3000)
    saved = panel.active_profile()
    assert saved is not None and saved.name == "Café Ünicode Shop ✓"
    assert TOKEN in memory_keyring.store.values()
