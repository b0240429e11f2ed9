"""Real-world browser/server inputs (tests/fixtures/realworld/pixel, compare) through the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from capi_desktop.cli import main

ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "realworld"
PIXEL_CASES: dict[str, dict[str, Any]] = json.loads(
    (ROOT / "pixel" / "expected.json").read_text(encoding="utf-8")
)
COMPARE = json.loads((ROOT / "compare" / "expected.json").read_text(encoding="utf-8"))


def _run(capsys: pytest.CaptureFixture[str], args: list[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _check(expected: dict[str, Any], code: int, out: str, err: str) -> None:
    assert code == expected["exit"], (code, out[-600:], err)
    assert "Traceback" not in out + err
    if code == 2:
        assert expected["error"] in err, err
        return
    result = json.loads(out)
    assert result["verdict"] == expected["verdict"], result["reason"]
    assert result["reason"], "every verdict carries its reason"
    if "reason" in expected:
        assert expected["reason"] in result["reason"], result["reason"]
    for key, value in expected.get("browser", {}).items():
        assert result["browser"][key] == value, (key, result["browser"])
    for key, value in expected.get("custom", {}).items():
        assert result["browser"]["custom_data"][key] == value
    if "note" in expected:
        assert any(expected["note"] in n for n in result["notes"]), result["notes"]
    fields = {row["field"]: row for row in result["rows"]}
    for field in expected.get("rows", []):
        assert field in fields, (field, sorted(fields))
    for field, words in expected.get("rows_reason", {}).items():
        assert words in fields[field]["reason"], fields[field]
    for secret in expected.get("no_leak", []):
        assert secret not in out


@pytest.mark.parametrize("name", sorted(PIXEL_CASES))
def test_pixel_input_through_compare(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = PIXEL_CASES[name]
    server = tmp_path / "server.json"
    server.write_text(json.dumps(expected["server"]), encoding="utf-8")
    args = ["compare", "--browser", str(ROOT / "pixel" / name), "--server", str(server)]
    _check(expected, *_run(capsys, [*args, "--pixel", expected["pixel"], "--json"]))


@pytest.mark.parametrize("name", sorted(COMPARE["pairs"]))
def test_public_pair_through_compare(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    expected = COMPARE["pairs"][name]
    folder = ROOT / "compare"
    args = ["compare", "--browser", str(folder / expected["browser_file"])]
    args += ["--server", str(folder / expected["server_file"]), "--pixel", expected["pixel"]]
    _check(expected, *_run(capsys, [*args, "--json"]))


@pytest.mark.parametrize("name", sorted(COMPARE["audits"]))
def test_har_through_audit(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = COMPARE["audits"][name]
    log = tmp_path / "server.jsonl"
    log.write_text("\n".join(json.dumps(r) for r in expected["server_events"]) + "\n", "utf-8")
    args = ["audit", "--har", str(ROOT / "compare" / expected["har"]), "--server", str(log)]
    code, out, err = _run(capsys, [*args, "--json"])
    assert code == expected["exit"], (out, err)
    summary = json.loads(out)
    for key, value in expected["counts"].items():
        assert summary[key] == value, (key, summary)
    assert summary["ignored_hits"] == expected["ignored"]
    assert [f["title"] for f in summary["fixes"]] == expected["fixes"]


def test_every_corpus_file_has_a_sources_line() -> None:
    for folder in ("pixel", "compare"):
        sources = (ROOT / folder / "SOURCES.md").read_text(encoding="utf-8")
        for path in (ROOT / folder).iterdir():
            if path.name not in ("SOURCES.md", "expected.json"):
                assert f"`{path.name}`" in sources, path
