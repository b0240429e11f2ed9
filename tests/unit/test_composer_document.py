"""The Composer's document without Qt: edits, undo/redo, validation, the exact JSON it sends."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from capi_desktop.domain.request.customer_rows import UserRow, apply_rows_to_event
from capi_desktop.ui.panels.composer.controllers.document import ComposerDocument
from capi_desktop.ui.panels.composer.controllers.history import UndoHistory

NOW = 1_796_000_000


class Clock:
    """A hand-moved clock for the undo history's merging of quick edits."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def purchase(event_id: str = "order-1", **extra: Any) -> dict[str, Any]:
    return {
        "event_name": "Purchase",
        "event_time": NOW - 60,
        "event_id": event_id,
        "action_source": "website",
        "event_source_url": "https://shop.example/thanks",
        "user_data": {},
        "custom_data": {"currency": "EUR", "value": 12.5},
        **extra,
    }


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def doc(clock: Clock) -> ComposerDocument:
    document = ComposerDocument(clock=lambda: NOW, history=UndoHistory(clock=clock))
    document.load({"data": [purchase()]})
    return document


def type_rows(doc: ComposerDocument, rows: list[tuple[str, str]], country: str = "") -> None:
    """What the customer table does: its rows rebuild user_data, then the form hands it over."""
    typed = [UserRow(key, raw) for key, raw in rows]
    event = doc.current_event()
    apply_rows_to_event(event, typed, country)
    doc.edit_event(event, rows=typed, country=country)


def rename(doc: ComposerDocument, name: str) -> None:
    event = doc.current_event()
    event["event_name"] = name
    doc.edit_event(event, rows=doc.rows(), country=doc.country)


def pairs(value: Any) -> Any:
    """A JSON value with every object as a list of (key, value) pairs: key order matters."""
    return json.loads(json.dumps(value), object_pairs_hook=list)


def test_the_document_imports_without_qt() -> None:
    code = (
        "import sys\n"
        "import capi_desktop.ui.panels.composer.controllers.document\n"
        "print([m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_a_form_edit_changes_body_preview_and_tells_listeners(doc: ComposerDocument) -> None:
    heard: list[str] = []
    doc.subscribe(heard.append)
    rename(doc, "AddToCart")
    assert heard == ["form"]
    assert doc.sendable_body()["data"][0]["event_name"] == "AddToCart"
    assert json.loads(doc.preview_text())["data"][0]["event_name"] == "AddToCart"
    copy = doc.sendable_body()
    copy["data"][0]["event_name"] = "changed outside"
    assert doc.sendable_body()["data"][0]["event_name"] == "AddToCart"  # a copy, not the body


def test_typed_rows_are_hashed_and_raw_input_kept(doc: ComposerDocument) -> None:
    type_rows(doc, [("em", " Pat.Example@Example.com "), ("ph", "(415) 555-0100")], "us")
    user_data = doc.sendable_body()["data"][0]["user_data"]
    assert len(user_data["em"][0]) == 64 and "Pat" not in json.dumps(user_data)
    assert [(r.key, r.raw) for r in doc.rows()] == [
        ("em", " Pat.Example@Example.com "),
        ("ph", "(415) 555-0100"),
    ]
    assert doc.country == "US"


def test_undo_and_redo_restore_body_rows_and_country(doc: ComposerDocument, clock: Clock) -> None:
    original = doc.sendable_body()
    type_rows(doc, [("em", "pat@example.com")])
    clock.now += 5
    type_rows(doc, [("em", "sam@example.com"), ("ph", "4155550100")], "US")
    edited = doc.sendable_body()
    heard: list[str] = []
    doc.subscribe(heard.append)

    assert doc.undo()
    assert [(r.key, r.raw) for r in doc.rows()] == [("em", "pat@example.com")]
    assert doc.country == ""
    assert doc.undo() and doc.sendable_body() == original and doc.rows() == []
    assert not doc.undo() and not doc.history.can_undo
    assert doc.redo() and doc.redo()
    assert pairs(doc.sendable_body()) == pairs(edited)
    assert [(r.key, r.raw) for r in doc.rows()] == [("em", "sam@example.com"), ("ph", "4155550100")]
    assert not doc.redo()
    assert heard == ["undo", "undo", "redo", "redo"]


def test_quick_edits_are_one_undo_step_and_a_new_edit_clears_redo(
    doc: ComposerDocument, clock: Clock
) -> None:
    for name in ("A", "Ad", "Add"):  # debounced keystrokes within a second
        rename(doc, name)
        clock.now += 0.3
    assert doc.undo() and doc.current_event()["event_name"] == "Purchase"
    assert doc.redo() and doc.current_event()["event_name"] == "Add"
    assert doc.undo()
    clock.now += 5
    rename(doc, "Lead")
    assert not doc.history.can_redo
    rename(doc, "Lead")  # the same form again: no step of its own
    assert doc.undo() and doc.current_event()["event_name"] == "Purchase"


def test_quick_edits_of_other_fields_are_steps_of_their_own(doc: ComposerDocument) -> None:
    for raw in ("p", "pat@", "pat@example.com", "pat@example.co"):  # invalid, then valid
        type_rows(doc, [("em", raw)])
    rename(doc, "Lead")  # at once, but another field
    assert doc.undo() and doc.current_event()["event_name"] == "Purchase"
    assert [(r.key, r.raw) for r in doc.rows()] == [("em", "pat@example.co")]
    assert doc.undo() and doc.rows() == [] and not doc.history.can_undo


def test_a_form_edit_right_after_undo_is_its_own_step(doc: ComposerDocument) -> None:
    rename(doc, "Lead")
    doc.undo()
    rename(doc, "Contact")  # within the merge time, but after an undo
    assert doc.undo() and doc.current_event()["event_name"] == "Purchase"


def test_the_editor_replaces_the_body_when_it_parses_and_is_undoable(
    doc: ComposerDocument, clock: Clock
) -> None:
    type_rows(doc, [("em", "pat@example.com")])
    hashed = doc.sendable_body()["data"][0]["user_data"]["em"]
    heard: list[str] = []
    doc.subscribe(heard.append)

    bad = doc.apply_text('{"data": [{"event_name": "Lead",}]}')
    assert bad.error is not None and bad.error.line == 1
    assert heard == [] and doc.current_event()["event_name"] == "Purchase"

    clock.now += 5
    event = dict(doc.current_event(), event_name="Lead")
    outcome = doc.apply_text(json.dumps({"data": [event], "access_token": "EAAtest"}))
    assert outcome.error is None and outcome.token_removed
    assert heard == ["editor"] and "access_token" not in doc.body()
    # The hash is still the one the typed row gives: the row keeps its raw text.
    assert doc.sendable_body()["data"][0]["user_data"]["em"] == hashed
    assert [(r.key, r.raw) for r in doc.rows()] == [("em", "pat@example.com")]
    assert doc.undo() and doc.current_event()["event_name"] == "Purchase"


def test_rows_follow_the_event_being_edited(doc: ComposerDocument) -> None:
    second = purchase("order-2", user_data={"em": ["a" * 64], "fbp": "fb.1.1700000000.42"})
    doc.load({"data": [purchase(), second]}, event_index=5)
    assert doc.event_index == 1  # clamped to the events there are
    assert [(r.key, r.raw) for r in doc.rows()] == [
        ("em", "a" * 64),
        ("fbp", "fb.1.1700000000.42"),
    ]
    assert doc.select_event(0) and doc.rows() == []
    assert not doc.select_event(0) and not doc.select_event(7)


def test_validation_lint_typed_values_and_coverage(doc: ComposerDocument) -> None:
    assert "user_data.missing" in {f.rule for f in doc.findings()}
    type_rows(doc, [("em", "pat@example.com"), ("client_user_agent", "Mozilla/5.0 Firefox")])
    assert not [f for f in doc.findings() if f.severity == "error"]
    event = doc.current_event()
    del event["custom_data"]["value"]
    doc.edit_event(event, rows=doc.rows(), country="")
    assert "custom_data.purchase_missing_value" in {f.rule for f in doc.findings()}

    type_rows(doc, [("em", "not an email"), ("ph", "+1 415 555 0100")])
    rules = {f.rule: f for f in doc.findings()}
    assert rules["user_data.value_dropped"].path.startswith("data[0].user_data.em")
    assert "em" not in doc.sendable_body()["data"][0]["user_data"]  # nothing unhashed is sent
    keys = {k.key: k for k in doc.score().present}
    assert keys["ph"].present and keys["ph"].valid
    assert not keys["em"].valid  # a typed value that is dropped is not coverage
    assert doc.findings() is doc.findings()  # cached until the next change


def test_preview_json_is_exactly_what_is_sent_key_order_included() -> None:
    event = {
        "user_data": {"fbp": "fb.1.1700000000.42", "em": ["b" * 64]},
        "event_time": NOW - 60,
        "custom_data": {"zeta": "😀 ünïcode 𝔘", "alpha": [3, 2, 1], "value": 1e-7},
        "action_source": "website",
        "event_name": "Purchase",
    }
    doc = ComposerDocument(clock=lambda: NOW)
    assert doc.load({"test_event_code": "TEST1", "data": [event], "access_token": "EAAx"})
    shown = json.loads(doc.preview_text(), object_pairs_hook=list)
    assert shown == pairs(doc.sendable_body())
    assert [k for k, _ in shown] == ["test_event_code", "data"]
    assert [k for k, _ in shown[1][1][0]] == list(event)


def test_big_request_preview_stays_exact_after_edits() -> None:
    """Above 20 events the preview re-serializes only the edited event: still exact."""
    events = [purchase(f"order-{i}") for i in range(30)]
    doc = ComposerDocument(clock=lambda: NOW)
    doc.load({"data": events}, event_index=3)
    for name in ("Lead", "Contact"):
        rename(doc, name)
        expected = json.dumps(doc.sendable_body(), indent=2, ensure_ascii=False)
        assert doc.preview_text() == expected
    assert doc.undo() and doc.preview_text() == json.dumps(
        {"data": events}, indent=2, ensure_ascii=False
    )


def test_loading_a_draft_applies_its_typed_rows_and_forgets_history(
    doc: ComposerDocument,
) -> None:
    rename(doc, "Lead")
    doc.load({"data": [purchase()]}, rows=[("em", "PAT@example.com"), ("ph", " ")], country="de")
    assert not doc.history.can_undo
    assert [(r.key, r.raw) for r in doc.rows()] == [("em", "PAT@example.com")]
    assert len(doc.sendable_body()["data"][0]["user_data"]["em"][0]) == 64
    assert doc.country == "DE"


def test_big_pasted_bodies_do_not_pile_up_in_the_undo_history() -> None:
    history: UndoHistory[str] = UndoHistory(max_size=100, clock=Clock())
    history.record("first paste", "editor", size=60)
    history.record("shared form state", "form")  # another kind: a step of its own
    history.record("second paste", "editor", size=60)
    assert history.undo("now") == "second paste"
    assert history.undo("second paste") == "shared form state"
    assert history.undo("shared form state") is None  # the oldest big one was let go


def test_undo_history_keeps_at_most_max_steps() -> None:
    clock = Clock()
    history: UndoHistory[int] = UndoHistory(max_steps=3, clock=clock)
    for state in range(5):
        history.record(state, "form")
        clock.now += 5
    assert [history.undo(9), history.undo(9), history.undo(9), history.undo(9)] == [4, 3, 2, None]
