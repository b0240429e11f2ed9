"""Lint every field against the field contract: presence, type, enum, format, PII and event kind."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache, lru_cache
from typing import Any
from urllib.parse import unquote, urlsplit

from capi_desktop.domain.lint.contract_values import (
    value_problem,
)
from capi_desktop.domain.lint.findings import Collector, Severity
from capi_desktop.domain.request.field_contract import (
    ANY_INDEX,
    META_SEVERITY,
    META_WORDING,
    FieldRow,
    Requirement,
    field_contract,
)
from capi_desktop.domain.request.json_locate import PathPart

_MISSING: Any = object()
EMAIL_IN_TEXT = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_SHA256 = re.compile(r"[0-9a-f]{64}")


class _Node:
    """The contract as a tree of paths: lint walks only the fields an event actually has."""

    __slots__ = ("children", "required", "rows")

    def __init__(self) -> None:
        self.rows: list[FieldRow] = []
        self.children: dict[PathPart, _Node] = {}
        # (remaining path, row) of rows below with a presence requirement, for absent parents
        self.required: list[tuple[tuple[PathPart, ...], FieldRow]] = []


def _tree(rows: Sequence[tuple[FieldRow, tuple[PathPart, ...]]]) -> _Node:
    root = _Node()
    for row, parts in rows:
        node = root
        for depth, part in enumerate(parts):
            if row.required and row.checked_by is None:
                rest = parts[depth:]
                if all(isinstance(p, str) and p != ANY_INDEX for p in rest):
                    node.required.append((rest, row))
            node = node.children.setdefault(part, _Node())
        node.rows.append(row)
    return root


@cache
def _trees() -> tuple[_Node, _Node]:
    rows = field_contract().rows
    request_rows = [(r, r.parts) for r in rows if r.parts[0] != "data"]
    event_rows = [(r, r.parts[2:]) for r in rows if r.parts[:2] == ("data", ANY_INDEX)]
    return _tree(request_rows), _tree(event_rows)


def check_request_fields(body: Mapping[str, Any], out: Collector) -> None:
    """Contract rows of the request body itself (test_event_code, partner_agent, ...)."""
    _walk(_trees()[0], body, [], body, out)


def check_event_fields(event: Mapping[str, Any], base: list[PathPart], out: Collector) -> None:
    """Every contract row under `data[]` for one event."""
    _walk(_trees()[1], event, base, event, out)


def _walk(
    node: _Node, value: Any, path: list[PathPart], event: Mapping[str, Any], out: Collector
) -> None:
    for row in node.rows:
        _check(row, path, value, event, out)
    if isinstance(value, dict):
        for key, child_value in value.items():
            child = node.children.get(key)
            if child is not None:
                _walk(child, child_value, [*path, key], event, out)
        for rest, row in node.required:
            if rest[0] not in value:
                _check(row, [*path, *rest], _MISSING, event, out)
    elif isinstance(value, list):
        every = node.children.get(ANY_INDEX)
        for index, item in enumerate(value):
            child = every or node.children.get(index)
            if child is not None:
                _walk(child, item, [*path, index], event, out)
    elif value is None or value is _MISSING:
        for rest, row in node.required:
            _check(row, [*path, *rest], _MISSING, event, out)


def field_problem(path: str, value: Any) -> str | None:
    """The contract's verdict on one value typed into a form field (`data[].custom_data.value`),
    worded like lint's finding; None when the row accepts it or a named rule owns the field."""
    row = field_contract().row(path)
    if row is None or row.checked_by is not None or _absent(value):
        return None
    found = value_problem(row, value)
    return None if found is None else f"{found[1]} {META_WORDING[row.invalid_meta]}."


def _absent(value: Any) -> bool:
    return value is _MISSING or value is None or (isinstance(value, str) and not value.strip())


def _check(
    row: FieldRow, path: list[PathPart], value: Any, event: Mapping[str, Any], out: Collector
) -> None:
    if _absent(value):
        if row.checked_by is None:
            for requirement in row.required:
                if requirement.applies(event):
                    _missing(row, requirement, path, out)
                    return  # "" where a value is required: one finding, not also "bad format"
        if value is _MISSING or value is None:
            return
        if value == "" and "extinfo" in row.parts:
            return  # Meta's App Data page: an unknown extinfo slot is sent as an empty string
    if row.no_pii:
        _check_pii(row, path, value, out)
    if row.applies_to:
        _check_kind(row, path, event, out)
    if row.checked_by is not None:
        return
    problem = (
        _scalar_problem(row, value.__class__.__name__, value)
        if value.__class__ in _SCALARS
        else value_problem(row, value)
    )
    if problem is not None:
        rule, text, fix, item = problem
        _add(out, row, rule, path if item is None else [*path, item], text, fix)


def _add(
    out: Collector,
    row: FieldRow,
    rule: str,
    path: list[PathPart],
    text: str,
    fix: str,
    meta: str | None = None,
    code: Mapping[str, int] | None = None,
) -> None:
    meta = meta or row.invalid_meta
    severity: Severity = META_SEVERITY[meta]  # type: ignore[assignment]
    predicted = (code or row.code) if severity == "error" else None
    out.add(
        _rule_id(row, rule),
        path,
        f"{text} {META_WORDING[meta]}.",
        fix,
        severity=severity,
        predicted_error=predicted,
        doc_url=row.doc,
    )


_SCALARS = frozenset({str, int, float, bool})


@lru_cache(maxsize=4096)
def _scalar_problem(
    row: FieldRow, _kind: str, value: Any
) -> tuple[str, str, str, int | None] | None:
    """`_problem` for a scalar, cached: batches repeat the same values (currency, URLs) per
    event; the type is part of the key so 1, 1.0 and True stay apart."""
    return value_problem(row, value)


def _rule_id(row: FieldRow, suffix: str) -> str:
    """A row may name its own rule (kept from before the contract); otherwise `field.<problem>`."""
    if row.rule and suffix not in ("pii_in_identifier", "not_for_action_source"):
        return row.rule
    return "field.bad_format" if suffix == "invalid" else f"field.{suffix}"


def _missing(row: FieldRow, requirement: Requirement, path: list[PathPart], out: Collector) -> None:
    condition = requirement.condition_text
    text = (
        f"{row.key} is missing; Meta's docs require it"
        + ("" if condition == "always" else f" when {condition}")
        + "."
    )
    meta = requirement.meta
    severity: Severity = META_SEVERITY[meta]  # type: ignore[assignment]
    out.add(
        requirement.rule,
        path,
        f"{text} {META_WORDING[meta]}.",
        _fill_fix(row),
        severity=severity,
        predicted_error=requirement.code if severity == "error" else None,
        doc_url=row.doc,
    )


def _fill_fix(row: FieldRow) -> str:
    if row.valid is None:
        return f"Add {row.key}."
    example = repr(row.valid) if not isinstance(row.valid, str) else f'"{row.valid}"'
    return f"Add {row.key}, e.g. {example}."


def _check_pii(row: FieldRow, path: list[PathPart], value: Any, out: Collector) -> None:
    texts = value if isinstance(value, list) else [value]
    for index, text in enumerate(texts):
        if not isinstance(text, str) or _SHA256.fullmatch(text):
            continue
        where = text
        if row.fmt == "url":
            try:
                parts = urlsplit(text)
            except ValueError:
                continue
            where = unquote(parts.query + "#" + parts.fragment)
        if EMAIL_IN_TEXT.search(where):
            item_path = [*path, index] if isinstance(value, list) else path
            place = "the query string of " + row.key if row.fmt == "url" else row.key
            _add(
                out,
                row,
                "pii_in_identifier",
                item_path,
                f"{place} contains a raw e-mail address: personal data sent in clear text, which "
                "breaks Meta's terms and may get the dataset restricted.",
                "Remove the address (or use a hashed or internal ID instead).",
                meta="privacy",
            )


def _check_kind(
    row: FieldRow, path: list[PathPart], event: Mapping[str, Any], out: Collector
) -> None:
    source = event.get("action_source")
    if not isinstance(source, str) or source in row.applies_to or "action_source" not in event:
        return
    if source not in _ACTION_SOURCES():
        return
    _add(
        out,
        row,
        "not_for_action_source",
        path,
        f"{row.key} is meant for {' / '.join(row.applies_to)} events, not {source!r}.",
        f"Check action_source, or drop {row.key} for {source} events.",
        meta="style",
    )


@cache
def _ACTION_SOURCES() -> frozenset[str]:
    row = field_contract().row("data[].action_source")
    return frozenset(str(v) for v in row.enum) if row else frozenset()
