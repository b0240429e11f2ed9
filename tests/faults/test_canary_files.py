"""A canary token through sends, drafts (also invalid JSON), exports, logs and the CLI: in no file."""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from capi_desktop import paths
from capi_desktop.backend.credentials import CredentialStore
from capi_desktop.backend.drafts import Draft, DraftStore
from capi_desktop.backend.graph_client import GraphClient
from capi_desktop.backend.history import HistoryStore
from capi_desktop.backend.logging_setup import configure_logging
from capi_desktop.backend.retry import RetryPolicy
from capi_desktop.domain.redact import scrub
from capi_desktop.ui.panels.send_compare.send_flow import history_entry
from tests.faults.fault_server import fault_server
from tests.ui.composer_helpers import make_panel

# Built at run time: no token-shaped literal in the repo (brief's security rules).
CANARY = "EAA" + "Cnry" + secrets.token_hex(24)
PLAIN_CANARY = "canary-" + secrets.token_hex(8)  # a known profile token that is not EAA-shaped


def _files_with(root: Path, needle: str) -> list[Path]:
    data = needle.encode()
    return [p for p in root.rglob("*") if p.is_file() and data in p.read_bytes()]


def test_canary_is_in_no_file_written(
    qtbot: QtBot, app_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log_path = configure_logging(paths.log_dir())
    store = CredentialStore()
    profile = store.add("Canary", "1234567890")
    store.set_token_sync(profile.id, PLAIN_CANARY)
    assert store.get_token_sync(profile.id) == PLAIN_CANARY

    # 1. Composer: invalid JSON with the token typed in, autosaved.
    panel = make_panel(qtbot, app_home)
    broken = (
        '{"access_token": "' + CANARY + '", "data": [{"event_name": "Lead", '
        '"custom_data": {"note": "' + PLAIN_CANARY + '"}'
    )
    panel.json_tabs.setCurrentWidget(panel.editor)
    panel.editor.edit.setPlainText(broken)
    qtbot.waitUntil(panel.editor.has_error, timeout=2000)
    panel.tools.autosave_now()
    panel.close()
    # 2. A valid draft with the token pasted into a payload field and as access_token.
    drafts = DraftStore(paths.data_dir() / "drafts")
    body = {
        "access_token": CANARY,
        "data": [{"event_name": "Lead", "custom_data": {"note": f"token {CANARY} here"}}],
    }
    drafts.autosave(Draft(body=body, user_rows=[("em", CANARY)], editor_text=broken))

    # 3. Sends through faults, recorded in history, exported, logged.
    history = HistoryStore(paths.data_dir() / "history.sqlite3", store_raw_inputs=True)
    events = {"data": [{"event_name": "Lead", "event_time": int(time.time()), "event_id": "c1",
                        "custom_data": {"note": CANARY}}]}  # fmt: skip

    async def sends() -> list[object]:
        results = []
        with fault_server("400-throttle-4", "accept", "reset-mid-body", "5xx-html") as server:
            graph = GraphClient(retry=RetryPolicy(max_attempts=2, base_delay_s=0.001))
            live = profile.__class__(**{**profile.to_json(), "graph_url": server.url})
            try:
                for _ in range(3):
                    result = await graph.send_events(
                        live, PLAIN_CANARY, events, test_event_code="T1"
                    )
                    results.append(result)
                    history.add(history_entry(live, events, result, "T1"), secrets=[])
            finally:
                await graph.aclose()
        return results

    results = asyncio.run(sends())
    for result in results:
        logging.getLogger("canary").warning("result %r", result)
    logging.getLogger("canary").error("token in a message: %s / %s", CANARY, PLAIN_CANARY)
    export = paths.cache_dir() / "export.json"
    export.write_text(history.export([r.id for r in history.search()]), encoding="utf-8")
    history.close()

    # 4. The CLI given a token where a variable name is expected.
    from capi_desktop.cli import main

    request = tmp_path / "request.json"
    request.write_text('{"data": [{"event_name": "Lead"}]}', encoding="utf-8")
    argv = ["send", str(request), "--pixel", "1234567890", f"--token-env={CANARY}", "--json"]
    code = main(argv)
    captured = capsys.readouterr()
    assert code == 2 and CANARY not in captured.out + captured.err
    assert "NAME of an environment variable" in captured.err

    for handler in logging.getLogger().handlers:
        handler.flush()
    assert log_path.exists() and (paths.data_dir() / "drafts" / "autosave.capi.json").exists()
    for needle in (CANARY, PLAIN_CANARY):
        assert _files_with(app_home, needle) == [], needle
    assert "[REDACTED]" in (paths.data_dir() / "drafts" / "autosave.capi.json").read_text()
    for handler in list(logging.getLogger().handlers):
        if getattr(handler, "_capi_desktop", False):
            logging.getLogger().removeHandler(handler)
            handler.close()


def test_scrub_handles_text_that_is_not_json() -> None:
    text = f'curl -d \'{{"access_token": "{PLAIN_CANARY}", "data": [\' {CANARY} junk\\u'
    cleaned = scrub(text, PLAIN_CANARY)
    assert CANARY not in cleaned and PLAIN_CANARY not in cleaned and "junk" in cleaned
