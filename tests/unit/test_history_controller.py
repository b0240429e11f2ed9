"""HistoryController without widgets: search and filter a real store, what a row says, the
store's one-time problem, delete, clear, export, keep-raw, recovery from a damaged copy."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from capi_desktop.backend.history import STORE_RAW_SETTING, HistoryEntry, HistoryStore
from capi_desktop.backend.settings import Settings
from capi_desktop.services import Services
from capi_desktop.ui.panels.send_compare.controllers.history import (
    NOT_AVAILABLE,
    RECOVER_HINT,
    Filters,
    HistoryController,
    row_cells,
    row_detail,
)


def _entry(name: str, result: str, profile: str = "p1", created: float = 0.0) -> HistoryEntry:
    return HistoryEntry(
        request={"data": [{"event_name": name, "event_id": f"{name}-id"}]},
        result=result,  # type: ignore[arg-type]
        profile_id=profile,
        profile_name=f"Shop {profile}",
        pixel_id="1234567890",
        test_event_code="TEST1" if profile == "p1" else None,
        response_text='{"events_received": 1}',
        http_status=200,
        events_sent=1,
        events_received=1,
        created_at=created,
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    opened = HistoryStore(tmp_path / "history.sqlite3")
    yield opened
    opened.close()


def _controller(tmp_path: Path, store: HistoryStore | None) -> HistoryController:
    return HistoryController(Services(settings=Settings(tmp_path / "s.json"), history=store))


def test_search_filters_and_choices(tmp_path: Path, store: HistoryStore) -> None:
    store.add(_entry("Purchase", "accepted", created=1000.0))
    store.add(_entry("Lead", "rejected", created=2000.0))
    store.add(_entry("PageView", "accepted", profile="p2", created=3000.0))
    controller = _controller(tmp_path, store)
    page = asyncio.run(controller.search(Filters()))
    assert page.problem == "" and [r.event_names for r in page.rows] == [
        ("PageView",), ("Lead",), ("Purchase",),
    ]  # fmt: skip
    assert controller.rows == page.rows
    assert page.profiles == [("Shop p1", "p1"), ("Shop p2", "p2")]
    assert page.events == ["Lead", "PageView", "Purchase"]
    rejected = asyncio.run(controller.search(Filters(result="rejected")))
    assert [r.event_names for r in rejected.rows] == [("Lead",)]
    assert [
        r.profile_id for r in asyncio.run(controller.search(Filters(profile_id="p2"))).rows
    ] == ["p2"]
    assert asyncio.run(controller.search(Filters(text="lead"))).rows[0].event_names == ("Lead",)
    assert not Filters().narrowed() and Filters(event_name="Lead").narrowed()


def test_what_a_row_says(tmp_path: Path, store: HistoryStore) -> None:
    store.add(_entry("Purchase", "accepted", created=1000.0))
    store.add(_entry("Lead", "accepted", profile="p2", created=2000.0))
    lead, purchase = asyncio.run(_controller(tmp_path, store).search(Filters())).rows
    cells = row_cells(purchase)
    assert cells[1:] == ["accepted", "Purchase", "Shop p1", "1234567890", "TEST1", "1/1", "200"]
    assert row_cells(lead)[5] == "— live —"  # no test code: it went live
    line, body = row_detail(purchase)
    assert line.startswith(f"#{purchase.id} · accepted") and "1 attempt" in line
    assert body.startswith("// request (hashed values only)\n{") and '"Purchase-id"' in body
    assert body.endswith('// response\n{\n  "events_received": 1\n}')


def test_no_store_or_an_unreadable_one(
    tmp_path: Path, store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    none = _controller(tmp_path, None)
    assert asyncio.run(none.search(Filters())).problem == NOT_AVAILABLE
    assert none.take_store_problem() == "" and none.damaged_copy() is None
    store.add(_entry("Lead", "accepted"))
    controller = _controller(tmp_path, store)
    asyncio.run(controller.search(Filters()))

    def disk_error(*_args: object) -> None:
        raise sqlite3.DatabaseError("disk I/O error")

    monkeypatch.setattr(store, "search", disk_error)
    page = asyncio.run(controller.search(Filters()))
    assert page.problem == "The history could not be read: disk I/O error"
    assert len(controller.rows) == 1  # what was shown stays


def test_the_store_problem_is_told_once_with_the_recover_hint(
    tmp_path: Path, store: HistoryStore
) -> None:
    controller = _controller(tmp_path, store)
    store.problem, store.moved_to = "The send history was damaged.", tmp_path / "old.sqlite3"
    assert controller.take_store_problem() == "The send history was damaged." + RECOVER_HINT
    assert controller.take_store_problem() == "" and store.problem is None
    assert controller.damaged_copy() == tmp_path / "old.sqlite3"


def test_delete_clear_and_export(tmp_path: Path, store: HistoryStore) -> None:
    for i in range(3):
        store.add(_entry(f"Ev{i}", "accepted", created=1000.0 + i))
    controller = _controller(tmp_path, store)
    rows = asyncio.run(controller.search(Filters())).rows
    out = tmp_path / "sends.jsonl"
    message = asyncio.run(controller.export(rows[:2], str(out)))
    assert message == f"Exported 2 sends to {out}"
    assert [json.loads(line)["event_names"] for line in out.read_text().splitlines()] == [
        ["Ev2"], ["Ev1"],
    ]  # fmt: skip
    asyncio.run(controller.export(rows[:1], str(tmp_path / "one.json")))
    assert len(json.loads((tmp_path / "one.json").read_text())) == 1
    asyncio.run(controller.delete(rows[:1]))
    assert len(store.search()) == 2
    asyncio.run(controller.clear())
    assert store.search() == []


def test_keep_raw_inputs_is_saved_and_reaches_the_store(
    tmp_path: Path, store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    controller = _controller(tmp_path, store)
    assert controller.keep_raw() is False
    controller.set_keep_raw(True)
    assert store.store_raw_inputs is True and controller.keep_raw() is True
    assert json.loads((tmp_path / "s.json").read_text())[STORE_RAW_SETTING] is True

    def full_disk() -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(controller.services.settings, "save", full_disk)
    controller.set_keep_raw(False)  # logged, not raised: the choice holds for this session
    assert store.store_raw_inputs is False


def test_recover_from_a_damaged_copy_or_say_why_not(tmp_path: Path) -> None:
    from tests.unit.backend.test_history_salvage import _break_a_table_page, _fill

    path = tmp_path / "history.sqlite3"
    _fill(path, 120)
    _break_a_table_page(path)
    store = HistoryStore(path)
    store.open()  # fails its integrity check: moved aside, a fresh one started
    controller = _controller(tmp_path, store)
    copy = controller.damaged_copy()
    assert copy is not None
    done, message = asyncio.run(controller.recover(copy))
    assert done and message.startswith("Recovered ") and copy.name in message
    assert 80 <= len(store.search(limit=1000)) < 120
    done, message = asyncio.run(controller.recover(tmp_path / "gone.sqlite3"))
    assert not done and message.startswith("Could not recover from gone.sqlite3: ")
    store.close()
