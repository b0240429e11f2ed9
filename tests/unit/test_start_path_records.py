"""The Composer's start-path records (NamedTuples since issue 14) keep the dataclass contract they had.

Frozen dataclasses were immutable, compared by value and hashed by value when their fields
are hashable (match_score keys an lru_cache on _KeySpec; the score meter skips a repaint when
the new MatchScore equals the shown one). FieldRow stays a dataclass: rows compare and hash
by identity even though they hold lists and dicts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from capi_desktop.domain import match_score
from capi_desktop.domain.lint.findings import Finding, RuleSpec
from capi_desktop.domain.match_score import KeyScore, MatchScore
from capi_desktop.domain.request.consent import (
    LDU_US_STATES,
    ConsentDecision,
    ConsentPolicy,
    ConsentState,
)
from capi_desktop.domain.request.event_model import CapiRequest, JsonError, ParseResult
from capi_desktop.domain.request.field_catalog import (
    FieldCatalog,
    FieldInfo,
    StandardEvent,
    StandardEvents,
)
from capi_desktop.domain.request.field_contract import (
    FieldContract,
    FieldRow,
    Requirement,
    field_contract,
)
from capi_desktop.ui.panels.composer.controllers.document import Snapshot, TextOutcome

_KEY = KeyScore("em", "Hashed email", "+18–28 %", True, True, "valid")
_INFO = FieldInfo("em", "user_data", "string", "never", "required", "Email", "https://x")
_EVENT = StandardEvent("Lead", "A lead", (), (), {"event_name": "Lead"})

# (build a record, a field, another value for it, whether its instances hash by value)
RECORDS: dict[str, tuple[Callable[[], Any], str, Any, bool]] = {
    "Requirement": (lambda: Requirement({"action_source": ("website",)}, "r", "drops", None),
                    "rule", "other", False),
    "FieldContract": (lambda: FieldContract((), ()), "rows", field_contract().rows[:1], True),
    "_KeySpec": (lambda: match_score.KEY_SPECS[0], "low", 1, True),
    "KeyScore": (lambda: _KEY, "note", "missing", True),
    "MatchScore": (lambda: MatchScore(50, "estimate", (_KEY,), "ph", "d"), "score", 51, True),
    "FieldInfo": (lambda: _INFO, "description", "Another", True),
    "FieldCatalog": (lambda: FieldCatalog((_INFO,)), "fields", (), True),
    "StandardEvent": (lambda: _EVENT, "name", "Purchase", False),  # template: a dict
    "StandardEvents": (lambda: StandardEvents((), {}), "events", (_EVENT,), False),
    "Finding": (lambda: Finding("r", "warning", "data[0]", "m", "f", "https://x"),
                "severity", "info", True),
    "RuleSpec": (lambda: RuleSpec("warning", "t", "https://x"), "title", "u", True),
    "ConsentState": (lambda: ConsentState("granted", "granted", "denied", "US-CA"),
                     "region", "DE", True),
    "ConsentPolicy": (lambda: ConsentPolicy(), "unknown_region_ldu", False, True),
    "ConsentDecision": (lambda: ConsentDecision("forward", "why"), "reason", "other", True),
    "JsonError": (lambda: JsonError("bad", 2, 3), "column", 4, True),
    "CapiRequest": (lambda: CapiRequest({"data": []}), "body", {"data": [{}]}, False),
    "ParseResult": (lambda: ParseResult(False, None, JsonError("bad", 1, 1), None),
                    "ok", True, True),
    "Snapshot": (lambda: Snapshot({"data": [{}]}, 0, (("em", "a@b.c"),), "US"),
                 "country", "DE", False),  # body: a dict
    "TextOutcome": (lambda: TextOutcome(), "token_removed", True, True),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_a_record_cannot_be_changed_in_place(name: str) -> None:
    build, field, value, _ = RECORDS[name]
    record = build()
    with pytest.raises(AttributeError):
        setattr(record, field, value)
    with pytest.raises(AttributeError):
        record.not_a_field = 1  # no __dict__ to grow, as with a frozen dataclass
    assert getattr(build(), field) == getattr(record, field)


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_a_changed_copy_leaves_the_original_and_compares_by_value(name: str) -> None:
    build, field, value, _ = RECORDS[name]
    record = build()
    changed = record._replace(**{field: value})
    assert getattr(changed, field) == value and getattr(record, field) != value
    assert record == build() and changed != record
    assert type(changed) is type(record)


@pytest.mark.parametrize("name", sorted(name for name, spec in RECORDS.items() if spec[3]))
def test_a_record_of_hashable_values_is_a_dict_key(name: str) -> None:
    build, field, value, _ = RECORDS[name]
    seen = {build(): "first"}
    assert seen[build()] == "first"  # an equal record built again finds it
    assert build()._replace(**{field: value}) not in seen


def test_the_score_meter_sees_an_unchanged_score_as_equal() -> None:
    """ScoreMeter.show_score skips the repaint when the document's new score equals the shown."""
    event = {"user_data": {"em": "0" * 64, "client_ip_address": "203.0.113.10"}}
    assert match_score.score_event(event) == match_score.score_event(dict(event))
    assert match_score.score_event(event) != match_score.score_event({"user_data": {}})


def test_an_unusable_key_keeps_its_reason_in_the_note() -> None:
    """_score_key's `_replace` (was dataclasses.replace) only rewrites the note."""
    score = match_score.score_event({"user_data": {"em": "0" * 64}}, {"em": "no @ in it"})
    first = score.present[0]
    assert (first.key, first.present, first.valid) == ("em", True, False)
    assert first.note == "present but unusable — em: no @ in it"


def test_json_error_text_names_line_and_column() -> None:
    assert str(JsonError("Expecting value", 2, 3)) == "line 2, column 3: Expecting value"
    assert f"{JsonError('x', 1, 1)}" == "line 1, column 1: x"


def test_the_default_policy_applies_the_us_state_list() -> None:
    assert ConsentPolicy().ldu_states is LDU_US_STATES


def test_field_rows_stay_identities() -> None:
    """lint's lru_caches key on rows; a row holds dicts (`code`), so it hashes by identity."""
    row = next(r for r in field_contract().rows if r.code is not None)
    twin = FieldRow(**{name: getattr(row, name) for name in row.__dataclass_fields__})
    assert twin != row and hash(twin) != hash(row)
    assert {row: 1}[row] == 1
    with pytest.raises(AttributeError):
        row.path = "elsewhere"  # type: ignore[misc]
