"""Real-world error pastes (tests/fixtures/realworld/errors) through `capi-desktop decode --json`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from capi_desktop.cli import main

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "realworld" / "errors"
_ROW = re.compile(r"^\| `(?P<file>[^`]+)` \| (?P<url>\S+) \| [^|]+ \| `(?P<expected>[^`]+)` \|")
_EXIT = {"graph_error": 0, "success": 1, "not_graph": 1, "unreadable": 2}


def _rows() -> dict[str, dict[str, str]]:
    rows: dict[str, dict[str, str]] = {}
    for line in (CORPUS / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        match = _ROW.match(line)
        if match:
            status, *pairs = match["expected"].split()
            rows[match["file"]] = {"status": status, "url": match["url"]} | dict(
                pair.split("=", 1) for pair in pairs
            )
    return rows


ROWS = _rows()


def test_every_file_has_a_sources_line_and_the_corpus_is_big_enough() -> None:
    files = {p.name for p in CORPUS.iterdir() if p.name != "SOURCES.md"}
    assert files == set(ROWS)
    assert len(ROWS) >= 30
    assert all(row["url"].startswith("https://") for row in ROWS.values())


def test_no_token_in_the_corpus() -> None:
    for path in CORPUS.iterdir():
        assert not re.search(r"EAA[A-Za-z0-9]{40,}", path.read_text(encoding="utf-8")), path.name


def _value(name: str, text: str) -> str | int | None:
    if text == "-":
        return None
    return int(text) if name in ("code", "subcode") else text


@pytest.mark.parametrize("name", sorted(ROWS))
def test_decode_json_gives_the_expected_answer(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    row = ROWS[name]
    code = main(["decode", "--json", str(CORPUS / name)])
    out = json.loads(capsys.readouterr().out)
    assert code == _EXIT[row["status"]]
    got = {
        "status": out["status"],
        "code": out["code"],
        "subcode": out["subcode"],
        "type": out["type"],
        "trace": out["fbtrace_id"],
        "key": out["key"],
    }
    expected = {"status": row["status"]} | {
        k: _value(k, row[k]) for k in ("code", "subcode", "type", "trace", "key")
    }
    assert got == expected
    if out["status"] == "graph_error" and out["key"] is None:
        # Unknown codes still decode: Meta's raw message and a plain "not in the catalogue".
        assert "not in the catalogue" in (out["note"] or "")
    if out["status"] == "graph_error" and out["key"] is not None:
        assert out["source"] and out["confidence"]
