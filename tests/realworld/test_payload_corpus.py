"""Every public payload in tests/fixtures/realworld/payloads through `capi-desktop lint --json`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from capi_desktop.backend.emulator.validate import validate_events
from capi_desktop.domain.lint.request_rules import form_encoded_events

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "realworld" / "payloads"
EXPECTED: dict[str, Any] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))[
    "payloads"
]


def lint_cli(path: Path, now: int) -> tuple[int, dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-m", "capi_desktop", "lint", str(path), "--json", "--now", str(now)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return done.returncode, json.loads(done.stdout)


def _spec(finding: dict[str, Any]) -> str:
    text = f"{finding['rule']}@{finding['path']} [{finding['severity']}]"
    predicted = finding["predicted_error"]
    if predicted and predicted.get("subcode"):
        text += f" {predicted['code']}/{predicted['subcode']}"
    return text


def test_every_payload_has_an_expectation_and_a_source_line() -> None:
    files = {p.name for p in CORPUS.glob("*.json")} - {"expected.json"}
    assert files == set(EXPECTED)
    assert len(files) >= 15
    sources = (CORPUS / "SOURCES.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in sources for name in files)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_payload_findings(name: str) -> None:
    expected = EXPECTED[name]
    code, report = lint_cli(CORPUS / name, expected["now"])
    found = [_spec(f) for f in report["findings"]]
    rules = {f["rule"] for f in report["findings"]}
    for wanted in expected["findings"]:
        assert any(f == wanted or f.startswith(wanted + " ") for f in found), (wanted, found)
    for unwanted in expected["absent"]:
        assert unwanted not in rules, (unwanted, found)
    assert code == expected["exit"], found
    # The emulator answers like Meta would: it rejects exactly when lint finds an error.
    body = json.loads((CORPUS / name).read_text(encoding="utf-8"))
    data = (
        body if isinstance(body, list) else body.get("data", [body]) if "data" in body else [body]
    )
    answer = validate_events(form_encoded_events(data), now=expected["now"])
    assert (answer is not None) == (expected["exit"] == 1), answer
