"""Estimated match-key coverage per event: which identifiers are present and valid, and what to add next.

An estimate from a published prioritization model (lift ranges per key), NOT Meta's Event
Match Quality, which only Meta computes from matched traffic.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, NamedTuple

from capi_desktop.domain.event_kinds.coverage import id_valid, kind_keys, scoring_view
from capi_desktop.domain.request.client_ip import ip_state
from capi_desktop.domain.request.event_model import CapiRequest

DISCLAIMER = (
    "Estimate of match-key coverage from the identifiers present in this payload, weighted by "
    "published lift ranges; it is not Meta's Event Match Quality, which only Meta computes "
    "(Events Manager or the Dataset Quality API)."
)

_HASH = re.compile(r"[0-9a-f]{64}(?:\.(?:[A-Za-z0-9_-]{8}|AQ|Ag|Aw|BA|BQ|Bg))?")
_FBP = re.compile(r"fb\.\d\.\d{13}\.\d{1,20}(?:\.[A-Za-z0-9_-]+)?")
_FBC = re.compile(r"fb\.\d\.\d{13}\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)?")


class _KeySpec(NamedTuple):
    key: str
    label: str
    low: int
    high: int
    fields: tuple[str, ...]
    published: bool = True  # False: a rank weight for a non-website kind (event_kinds.coverage)


# Order and lifts from the implementation guide the app follows (meta-capi-setup-guide.txt).
KEY_SPECS: tuple[_KeySpec, ...] = (
    _KeySpec("em", "Hashed email", 18, 28, ("em",)),
    _KeySpec("ph", "Hashed phone", 12, 20, ("ph",)),
    _KeySpec("external_id", "External ID", 8, 16, ("external_id",)),
    _KeySpec("fbp", "Browser ID (fbp)", 7, 14, ("fbp",)),
    _KeySpec("fbc", "Click ID (fbc)", 5, 12, ("fbc",)),
    _KeySpec(
        "ip_ua",
        "Client IP + user agent",
        4,
        9,
        ("client_ip_address", "client_user_agent"),
    ),
    _KeySpec("address", "City, postal code, country", 2, 7, ("ct", "zp", "country")),
)
_TOTAL_WEIGHT = sum(spec.low + spec.high for spec in KEY_SPECS)


class KeyScore(NamedTuple):
    key: str
    label: str
    lift_range: str
    present: bool
    valid: bool
    note: str


class MatchScore(NamedTuple):
    score: int
    label: str
    present: tuple[KeyScore, ...]
    next_best: str | None
    disclaimer: str

    @property
    def next_best_label(self) -> str | None:
        for key_score in self.present:
            if key_score.key == self.next_best:
                return key_score.label
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "label": self.label,
            "next_best": self.next_best,
            "keys": [
                {
                    "key": k.key,
                    "label": k.label,
                    "lift_range": k.lift_range,
                    "present": k.present,
                    "valid": k.valid,
                    "note": k.note,
                }
                for k in self.present
            ],
            "disclaimer": self.disclaimer,
        }


def _values(user_data: Mapping[str, Any], field: str) -> list[Any]:
    value = user_data.get(field)
    items = value if isinstance(value, list) else [value]
    return [v for v in items if v not in (None, "")]


def _valid_hashed(values: list[Any]) -> bool:
    return any(isinstance(v, str) and _HASH.fullmatch(v) for v in values)


def _field_state(field: str, user_data: Mapping[str, Any]) -> tuple[bool, bool]:
    """(present, valid) for one user_data field."""
    values = _values(user_data, field)
    if not values:
        return False, False
    first = values[0]
    judged = id_valid(field, values)  # app / CRM / messaging identifiers
    if judged is not None:
        return True, judged
    if field == "external_id":
        return True, any(isinstance(v, str | int) and not isinstance(v, bool) for v in values)
    if field == "fbp":
        return True, isinstance(first, str) and _FBP.fullmatch(first) is not None
    if field == "fbc":
        return True, isinstance(first, str) and _FBC.fullmatch(first) is not None
    if field == "client_ip_address":
        return True, ip_state(first) == "public"
    if field == "client_user_agent":
        return True, isinstance(first, str) and not _HASH.fullmatch(first)
    return True, _valid_hashed(values)


def _score_key(
    spec: _KeySpec, user_data: Mapping[str, Any], unusable: Mapping[str, str]
) -> tuple[KeyScore, float]:
    states = tuple(
        (field, True, False) if field in unusable else (field, *_field_state(field, user_data))
        for field in spec.fields
    )
    key_score, points = _rate(spec, states)
    reasons = [f"{field}: {unusable[field]}" for field in spec.fields if field in unusable]
    if reasons and not key_score.valid:
        key_score = key_score._replace(note="present but unusable — " + "; ".join(reasons))
    return key_score, points


@lru_cache(maxsize=512)  # few distinct (present, valid) patterns per key: build each result once
def _rate(spec: _KeySpec, states: tuple[tuple[str, bool, bool], ...]) -> tuple[KeyScore, float]:
    present_fields = [field for field, present, _ in states if present]
    valid_fields = [field for field, _, valid in states if valid]
    lift = f"+{spec.low}–{spec.high} %" if spec.published else "no published lift"
    weight = spec.low + spec.high
    if spec.key == "ip_ua":
        credit = 1.0 if len(valid_fields) == 2 else 0.0
        if len(valid_fields) == 2:
            note = "both present"
        elif present_fields and len(valid_fields) < len(present_fields):
            note = "present but invalid: " + ", ".join(
                f for f in present_fields if f not in valid_fields
            )
        elif present_fields:
            missing = [f for f in spec.fields if f not in present_fields]
            note = f"needs both; missing {', '.join(missing)}"
        else:
            note = "missing"
    elif spec.key in ("address", "name_zip"):
        credit = len(valid_fields) / len(spec.fields)
        note = ("valid: " + ", ".join(valid_fields) if valid_fields else "missing") + _invalid_note(
            present_fields, valid_fields
        )
    else:
        credit = 1.0 if valid_fields else 0.0
        if valid_fields:
            note = "valid"
        elif present_fields:
            note = _invalid_reason(spec.key)
        else:
            note = "missing"
    key_score = KeyScore(
        key=spec.key,
        label=spec.label,
        lift_range=lift,
        present=bool(present_fields),
        valid=credit >= 1.0 or (spec.key in ("address", "name_zip") and credit > 0),
        note=note,
    )
    return key_score, credit * weight


def _invalid_note(present: list[str], valid: list[str]) -> str:
    invalid = [f for f in present if f not in valid]
    return f"; not hashed correctly: {', '.join(invalid)}" if invalid else ""


def _invalid_reason(key: str) -> str:
    if key in ("em", "ph"):
        return "present but not a SHA-256 hash"
    if key in ("fbp", "fbc"):
        return "present but not in cookie format"
    return "present but invalid"


@lru_cache(maxsize=32)
def _kind_specs(keys: tuple[tuple[str, str, int, tuple[str, ...]], ...]) -> tuple[_KeySpec, ...]:
    return tuple(_KeySpec(k, label, w // 2, w - w // 2, f, False) for k, label, w, f in keys)


def specs_for(event: Mapping[str, Any]) -> tuple[_KeySpec, ...]:
    """Website keys (published lifts), or the identifiers of the event's kind."""
    keys = kind_keys(event) if isinstance(event, Mapping) else None
    return KEY_SPECS if keys is None else _kind_specs(keys)


def score_event(event: Mapping[str, Any], unusable: Mapping[str, str] | None = None) -> MatchScore:
    """Estimated coverage score 0–100 for one event (its user_data; app_data.extinfo for apps).

    `unusable`: keys whose typed values lint's value verdicts reject (key → reason), so the meter
    and the findings agree on what is valid (lint/value_verdicts.unusable_keys)."""
    specs = specs_for(event)
    user_data = scoring_view(event) if isinstance(event, Mapping) else {}
    keys: list[KeyScore] = []
    total = 0.0
    next_best: str | None = None
    for spec in specs:
        key_score, points = _score_key(spec, user_data, unusable or {})
        keys.append(key_score)
        total += points
        if next_best is None and not key_score.valid:
            next_best = spec.key
    score = round(100 * total / sum(spec.low + spec.high for spec in specs))
    return MatchScore(
        score=score,
        label="estimate",
        present=tuple(keys),
        next_best=next_best,
        disclaimer=DISCLAIMER,
    )


def score_request(request: CapiRequest) -> list[MatchScore]:
    """One score per entry of `data` (non-object entries score 0)."""
    return [score_event(e if isinstance(e, Mapping) else {}) for e in request.events()]


def summarize(scores: list[MatchScore]) -> dict[str, Any]:
    """Request-level summary for CLI/UI: average score and per-key share of events with it valid."""
    if not scores:
        return {
            "label": "estimate",
            "events": 0,
            "average": None,
            "keys": {},
            "disclaimer": DISCLAIMER,
        }
    names = dict.fromkeys(k.key for s in scores for k in s.present)  # every kind's keys, in order
    shares = {
        name: round(
            100
            * sum(1 for s in scores for k in s.present if k.key == name and k.valid)
            / len(scores)
        )
        for name in names
    }
    return {
        "label": "estimate",
        "events": len(scores),
        "average": round(sum(s.score for s in scores) / len(scores)),
        "keys": shares,
        "disclaimer": DISCLAIMER,
    }
