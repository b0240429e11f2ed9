"""Public payloads (tests/fixtures/realworld/payloads) restored into the Composer: what it
sends and lints is the same before and after its deferred tabs are built (issue 14)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from capi_desktop.backend.settings import Settings
from capi_desktop.services import Services
from capi_desktop.ui.panels.composer import ComposerPanel
from capi_desktop.ui.panels.composer.field_focus import CUSTOM_TAB, CUSTOMER_TAB
from tests.ui.composer_helpers import make_panel

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "realworld" / "payloads"


def _bodies() -> list[str]:
    names = []
    for path in sorted(CORPUS.glob("*.json")):
        if path.name == "expected.json":
            continue
        try:
            body = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue  # form-encoded or cURL text: the JSON tests cover those elsewhere
        if isinstance(body, dict) and isinstance(body.get("data"), list):
            names.append(path.name)
    return names


def _findings(panel: ComposerPanel) -> list[tuple[str, str, str]]:
    return [(f.rule, f.path, f.message) for f in panel.findings]


@pytest.mark.parametrize("name", _bodies())
def test_a_public_payload_sends_and_lints_alike_before_and_after_the_tabs_are_built(
    name: str, qtbot: QtBot, tmp_path: Path
) -> None:
    body: dict[str, Any] = json.loads((CORPUS / name).read_text(encoding="utf-8"))
    first = make_panel(qtbot, tmp_path)
    first.load_request(body)
    first.tools.autosave_now()

    restored = ComposerPanel(Services(settings=Settings(tmp_path / "settings.json")))
    qtbot.addWidget(restored)  # the next start: the tabs are not built to paint
    assert not restored.customer_tab.built and not restored.custom_data_tab.built
    sent, findings = restored.request_body(), _findings(restored)
    restored.show()
    for tab in (CUSTOMER_TAB, CUSTOM_TAB):  # the user opens both tabs
        restored.form_tabs.setCurrentIndex(tab)
    assert restored.customer_tab.built and restored.custom_data_tab.built
    assert restored.request_body() == sent
    assert _findings(restored) == findings
