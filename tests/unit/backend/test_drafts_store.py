"""Draft files: autosave slot, .capi.json round trip, plain request bodies, recent list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from capi_desktop.backend.drafts import (
    DRAFT_FORMAT,
    Draft,
    DraftError,
    DraftStore,
    draft_from_json,
    read_draft,
    write_draft,
)


def sample() -> Draft:
    body = {"data": [{"z_first": 1, "event_name": "Purchase", "a_last": 2}], "partner_agent": "x"}
    return Draft(
        body=body,
        user_rows=[("em", " Someone@Example.com "), ("ph", "+1 650 555 0100")],
        event_index=0,
        default_country="US",
        consent={"ad_storage": "denied", "region": "US-CA"},
    )


def test_round_trip_keeps_everything_and_key_order(tmp_path: Path) -> None:
    path = tmp_path / "a.capi.json"
    write_draft(path, sample())
    loaded = read_draft(path)
    assert loaded == sample()
    assert list(loaded.body["data"][0]) == ["z_first", "event_name", "a_last"]
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == DRAFT_FORMAT


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"data": [{"event_name": "Lead"}]}, {"data": [{"event_name": "Lead"}]}),
        ([{"event_name": "Lead"}], {"data": [{"event_name": "Lead"}]}),
        (
            {"event_name": "Lead", "event_time": 1},
            {"data": [{"event_name": "Lead", "event_time": 1}]},
        ),
    ],
)
def test_plain_json_opens_as_a_draft(data: object, expected: dict[str, object]) -> None:
    draft = draft_from_json(data)
    assert draft.body == expected
    assert draft.user_rows == []


def test_bad_files_raise_readable_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken.capi.json"
    broken.write_text("{nope", encoding="utf-8")
    with pytest.raises(DraftError, match="not valid JSON"):
        read_draft(broken)
    with pytest.raises(DraftError):
        draft_from_json(42)
    with pytest.raises(DraftError, match="no request body"):
        draft_from_json({"format": DRAFT_FORMAT, "request": []})


def test_odd_draft_fields_are_tolerated() -> None:
    draft = draft_from_json(
        {
            "format": DRAFT_FORMAT,
            "request": {"data": []},
            "user_rows": [["em", "a@b.co"], ["bad"], "x"],
            "event_index": -3,
            "consent": "nope",
        }
    )
    assert draft.user_rows == [("em", "a@b.co")]
    assert draft.event_index == 0
    assert draft.consent == {}


def test_autosave_slot_and_corrupt_file(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "drafts")
    assert store.load_autosave() is None
    store.autosave(sample())
    assert store.load_autosave() == sample()
    store.autosave_path.write_text("[broken", encoding="utf-8")
    assert store.load_autosave() is None
    assert store.problem and "damaged" in store.problem
    assert any(p.name.startswith("autosave.capi.json.corrupt-") for p in store.folder.iterdir())


def test_recent_list_is_most_recent_first_without_duplicates(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "drafts")
    assert store.recent() == []
    a, b = tmp_path / "a.capi.json", tmp_path / "b.capi.json"
    store.add_recent(a)
    store.add_recent(b)
    assert store.add_recent(a) == [a.resolve(), b.resolve()]
    for index in range(15):
        store.add_recent(tmp_path / f"{index}.capi.json")
    assert len(store.recent()) == 10
