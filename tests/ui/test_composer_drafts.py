"""Composer drafts, Copy as and shortcuts: nothing typed is lost across restarts."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from capi_desktop import paths
from capi_desktop.backend.drafts import read_draft
from capi_desktop.ui.panels.composer.templates import SAMPLE_USER_ROWS
from tests.ui.composer_helpers import make_panel


def test_autosave_is_restored_after_restart(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    panel.customer.set_value("em", "Restored.Person@Example.com")
    panel.event_section.event_id.setText("evt-restore")
    panel.event_section.touch("event_id")
    autosave = paths.data_dir() / "drafts" / "autosave.capi.json"
    qtbot.waitUntil(autosave.exists, timeout=3000)  # debounced autosave, no explicit save
    qtbot.waitUntil(lambda: "evt-restore" in autosave.read_text(encoding="utf-8"), timeout=3000)
    body = panel.request_body()
    panel.close()

    again = make_panel(qtbot, tmp_path)
    assert again.request_body() == body
    assert ("em", "Restored.Person@Example.com") in [(r.key, r.raw) for r in again.customer.rows()]
    assert "Restored" in again.status.text()


def test_corrupt_autosave_starts_fresh_and_says_so(qtbot: QtBot, tmp_path: Path) -> None:
    autosave = paths.data_dir() / "drafts" / "autosave.capi.json"
    autosave.parent.mkdir(parents=True, exist_ok=True)
    autosave.write_text("{broken", encoding="utf-8")
    panel = make_panel(qtbot, tmp_path)
    assert panel.request_body()["data"][0]["event_name"] == "Purchase"
    assert "damaged" in panel.status.text()


def test_ctrl_s_saves_and_open_restores(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path, active=True)
    target = tmp_path / "order.capi.json"
    assert panel.save_draft(target) == target
    panel.customer.set_value("ph", "+44 20 7946 0958")
    panel.event_section.event_id.setFocus()
    qtbot.keyClick(panel.event_section.event_id, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = read_draft(target)
    assert ("ph", "+44 20 7946 0958") in saved.user_rows
    assert saved.body == panel.request_body()
    assert panel.tools.drafts.recent()[0] == target.resolve()

    other = make_panel(qtbot, tmp_path)
    other.tools.start_template("Lead")
    assert other.open_draft(target)
    assert other.request_body() == panel.request_body()
    assert other.tools.draft_path == target


def test_opening_a_broken_file_keeps_the_current_draft(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    before = panel.request_body()
    bad = tmp_path / "bad.capi.json"
    bad.write_text("[1, 2", encoding="utf-8")
    assert not panel.open_draft(bad)
    assert panel.request_body() == before
    assert "not valid JSON" in panel.status.text()


def test_plain_request_json_opens_as_a_draft(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    body = {"data": [{"event_name": "Lead", "event_time": 1, "x_kept": 1}], "partner_agent": "t"}
    path = tmp_path / "request.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    assert panel.open_draft(path)
    assert panel.request_body() == body


def test_ctrl_shift_c_copies_curl_with_token_placeholder(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path, active=True)
    panel.load_demo()
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(
        panel.event_section.event_id,
        Qt.Key.Key_C,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    text = QGuiApplication.clipboard().text()
    assert "\n  curl -sS -X POST" in text
    assert "META_ACCESS_TOKEN" in text
    assert "YOUR_PIXEL_ID" in text
    assert panel.request_body()["data"][0]["event_id"] in text
    assert "Copied cURL" in panel.status.text()


def test_copy_as_every_format(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    for fmt in ("python", "python-sdk", "node", "php", "json"):
        text = panel.copy_as(fmt)
        assert text and QGuiApplication.clipboard().text() == text


def test_ctrl_enter_hands_the_body_to_send(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path, active=True)
    panel.tools.start_template("Purchase")  # lint-clean: a request with errors asks first
    panel.customer.set_value("em", "send@example.com")
    with qtbot.waitSignal(panel.links.send_requested, timeout=1000) as signal:
        qtbot.keyClick(
            panel.event_section.event_id, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )
    sent = signal.args[0]
    assert sent == panel.request_body()
    assert "send@example.com" not in json.dumps(sent)


def test_templates_use_synthetic_data_only(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    for name in ("Purchase", "Search", "Lead"):
        panel.tools.start_template(name)
        rows = dict((r.key, r.raw) for r in panel.customer.rows())
        assert rows["em"].endswith("example.com")
        assert "555 01" in rows["ph"]  # 555-01xx: reserved for fiction
        event = panel.request_body()["data"][0]
        assert event["event_name"] == name
        assert not [f for f in panel.findings if f.severity == "error"], name
    demo = [raw for key, raw in SAMPLE_USER_ROWS if key == "em"]
    assert all("example." in e.lower() for e in demo)


def test_template_ids_are_fresh(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    panel.tools.start_template("Purchase")
    first = panel.request_body()["data"][0]["event_id"]
    panel.tools.start_template("Purchase")
    assert panel.request_body()["data"][0]["event_id"] != first
    assert panel.request_body()["data"][0]["custom_data"]["currency"] == "USD"


def test_ctrl_enter_in_the_main_window_reaches_send_and_compare(
    qtbot: QtBot, tmp_path: Path, qloop: object
) -> None:
    from capi_desktop.backend.settings import Settings
    from capi_desktop.services import Services
    from capi_desktop.ui.main_window import MainWindow
    from tests.ui.helpers import show_active

    window = MainWindow(Services(settings=Settings(tmp_path / "settings.json")))
    show_active(qtbot, window)
    composer = window.show_panel("composer")
    assert "send" not in window.built_panels()
    composer.tools.start_template("Purchase")  # lint-clean: a request with errors asks first
    composer.request_send()
    assert "send" in window.built_panels()
    qtbot.waitUntil(lambda: window.current_panel_key() == "send", timeout=2000)


def test_copy_uses_the_active_profile_pixel_but_never_its_token(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from capi_desktop.backend.credentials import CredentialStore
    from capi_desktop.backend.settings import Settings
    from capi_desktop.services import Services
    from capi_desktop.ui.panels.composer import ComposerPanel

    store = CredentialStore(tmp_path / "profiles.json")
    store.add("Other shop", "111111111111111")
    profile = store.add("Shop", "123456789012345", api_version="v24.0")
    store.set_token_sync(profile.id, "canary-token-composer-copy")
    settings = Settings(tmp_path / "settings.json")
    settings.set("active_profile", profile.id)
    panel = ComposerPanel(Services(settings=settings, credentials=store))
    qtbot.addWidget(panel)
    for fmt in ("curl", "python", "python-sdk", "node", "php"):
        text = panel.copy_as(fmt) or ""
        assert "canary-token-composer-copy" not in text
        assert "META_ACCESS_TOKEN" in text
    curl = panel.copy_as("curl") or ""
    assert "/v24.0/123456789012345/events" in curl


def test_invalid_editor_text_survives_a_restart(qtbot: QtBot, tmp_path: Path) -> None:
    panel = make_panel(qtbot, tmp_path)
    valid = panel.request_body()
    panel.json_tabs.setCurrentWidget(panel.editor)
    broken = panel.editor.text() + "\n  oops"
    panel.editor.edit.setPlainText(broken)
    qtbot.waitUntil(panel.editor.has_error, timeout=2000)
    panel.tools.autosave_now()
    panel.close()

    again = make_panel(qtbot, tmp_path)
    assert again.editor.text() == broken
    assert again.editor.has_error()
    assert again.json_tabs.currentWidget() is again.editor
    assert again.request_body() == valid
