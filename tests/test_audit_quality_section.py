"""The audit report's "Meta's quality view" section: CLI `audit --quality` and the Audit tab."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from capi_desktop.backend.emulator import RunningEmulator
from capi_desktop.cli import main
from capi_desktop.domain.audit.har_audit import audit_events
from capi_desktop.domain.audit.model import ServerEvent
from capi_desktop.domain.audit.report import render_report
from tests.quality_support import PIXEL, TOKEN, good_event, post_events
from tests.test_cli_quality import _detach_file_logging  # noqa: F401  (autouse fixture)
from tests.unit.backend.har_factory import BASE_TS_MS, har_entry, pixel_url, server_event, write_har


def _audit_files(tmp_path: Path) -> tuple[Path, Path]:
    # pixel_url's own kwargs override its query: the hit goes to the quality fixture's dataset
    url = pixel_url("Purchase", "a", BASE_TS_MS, id=PIXEL)
    har = write_har(tmp_path / "s.har", [har_entry(url)])
    server = tmp_path / "server.jsonl"
    event = server_event("Purchase", "a", BASE_TS_MS // 1000 + 3)
    server.write_text(json.dumps({"pixel_id": PIXEL, **event}) + "\n", encoding="utf-8")
    return har, server


@pytest.fixture
def stored_snapshot(
    emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[None]:
    """What a consultant does first: read Meta's quality view once (it is stored locally)."""
    monkeypatch.setenv("CAPI_TOKEN", TOKEN)
    post_events(emulator.url, [good_event()])
    argv = ["quality", "--pixel", PIXEL, "--token-env", "CAPI_TOKEN", "--graph-url", emulator.url]
    assert main(argv) == 0
    capsys.readouterr()
    yield


@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_audit_quality_adds_metas_view_of_the_audited_dataset(
    tmp_path: Path, stored_snapshot: None, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    har, server = _audit_files(tmp_path)
    out = tmp_path / f"report{suffix}"
    args = ["audit", "--har", str(har), "--server", str(server), "--out", str(out)]
    assert main([*args, "--quality"]) in (0, 1)
    text = out.read_text(encoding="utf-8")
    assert "Meta's quality view" in text and f"dataset {PIXEL}" in text
    assert "Purchase" in text.split("Meta's quality view", 1)[1]  # the event's EMQ row
    assert TOKEN not in text
    main(args)  # without --quality: no section
    assert "Meta's quality view" not in out.read_text(encoding="utf-8")


def test_audit_quality_needs_a_text_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    har, server = _audit_files(tmp_path)
    code = main(["audit", "--har", str(har), "--server", str(server), "--quality"])
    assert code == 2
    assert "--quality needs --out" in capsys.readouterr().err


def test_report_without_stored_snapshots_says_so() -> None:
    report = audit_events([], [ServerEvent(server_event("Lead", "x", 1), PIXEL, "log")])
    assert "No quality snapshot stored yet" in render_report(report, "md", quality=[])
    assert "Meta's quality view" not in render_report(report, "md")
    assert "<section class='quality'>" in render_report(report, "html", quality=[])
    assert "quality" not in render_report(report, "csv", quality=[]).lower()


def test_audit_tab_export_includes_the_stored_view(
    stored_snapshot: None, qtbot: Any, qloop: Any, tmp_path: Path
) -> None:
    # stored_snapshot first: the `quality` CLI runs its own asyncio loop before qloop starts.
    from PySide6.QtWidgets import QFileDialog, QLineEdit

    from capi_desktop import paths
    from capi_desktop.backend.quality_store import QualityStore
    from capi_desktop.ui.async_dialogs import DialogHost
    from capi_desktop.ui.panels.send_compare.audit_tab import AuditTab

    store = QualityStore(paths.data_dir() / "quality.sqlite3")
    tab = AuditTab(DialogHost(), quality_for=store.latest_for_pixels)
    qtbot.addWidget(tab)
    har, server = _audit_files(tmp_path)
    tab.har_path.setText(str(har))
    tab.server_path.setText(str(server))
    tab.run_button.click()
    qtbot.waitUntil(lambda: tab.export_button.isEnabled(), timeout=10_000)
    tab.export_format.setCurrentIndex(
        next(
            i
            for i in range(tab.export_format.count())
            if "Markdown" in tab.export_format.itemText(i)
        )
    )
    out = tmp_path / "audit.md"
    tab.export_button.click()
    qtbot.waitUntil(lambda: isinstance(tab.dialogs.current, QFileDialog), timeout=3000)
    dialog = tab.dialogs.current
    dialog.findChild(QLineEdit, "fileNameEdit").setText(str(out))
    dialog.accept()
    qtbot.waitUntil(out.exists, timeout=5000)
    text = out.read_text(encoding="utf-8")
    assert "Meta's quality view" in text and f"dataset {PIXEL}" in text
    # The file appears from the worker thread a moment before the UI loop says so.
    qtbot.waitUntil(lambda: "Exported" in tab.progress.format(), timeout=3000)
    assert "quality view" in tab.progress.format()
    store.close()
