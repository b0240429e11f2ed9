"""The field contract: one row per documented events-endpoint field (resources/field_contract.json)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

from capi_desktop.domain.request.json_locate import PathPart

# What Meta does with a value that breaks a row, and the lint severity that follows from it.
META_SEVERITY: Mapping[str, str] = {
    "rejects": "error",
    "drops": "warning",
    "hurts_matching": "warning",
    "diagnostics": "warning",
    "privacy": "warning",
    "style": "info",
}
META_WORDING: Mapping[str, str] = {
    "rejects": "Meta rejects the request",
    "drops": "Meta accepts the request but ignores this value",
    "hurts_matching": "Meta accepts the request, but this hurts matching",
    "diagnostics": "Meta accepts the request but Diagnostics flags it",
    "privacy": "Meta accepts the request, but this is a privacy problem",
    "style": "Meta accepts it",
}
ANY_INDEX = "[]"


class Requirement(NamedTuple):
    """The field must be present when every listed condition holds (empty `when`: always)."""

    when: Mapping[str, tuple[Any, ...]]
    rule: str
    meta: str
    code: Mapping[str, int] | None

    def applies(self, event: Mapping[str, Any]) -> bool:
        return all(event.get(key) in allowed for key, allowed in self.when.items())

    @property
    def condition_text(self) -> str:
        if not self.when:
            return "always"
        return " and ".join(
            f"{key} = {' or '.join(str(v) for v in allowed)}" for key, allowed in self.when.items()
        )


# A dataclass, not a NamedTuple like the others: rows compare and hash by identity (lint's
# lru_caches key on them), and `valid`/`code` may hold lists and dicts that a tuple's hash rejects.
@dataclass(frozen=True, eq=False)  # identity: rows are unique, and hashable for caches
class FieldRow:
    """One field: where it lives, what Meta accepts, who checks it, and where that is written."""

    path: str
    parts: tuple[PathPart, ...]
    types: tuple[str, ...]
    doc: str
    source: str
    valid: Any
    invalid: tuple[Any, ...]
    fmt: str | None = None
    enum: tuple[Any, ...] = ()
    items: str | None = None
    hashed: str | None = None
    multi: bool = False
    no_pii: bool = False
    required: tuple[Requirement, ...] = ()
    invalid_meta: str = "drops"
    code: Mapping[str, int] | None = None
    rule: str | None = None
    checked_by: str | None = None
    applies_to: tuple[str, ...] = ()
    slot: str | None = None
    description: str = ""
    example: Any = None
    recommended: bool = False
    required_text: str | None = None  # a condition `when` cannot express (LDU: "contains LDU")

    @property
    def required_when(self) -> str:
        """The Composer's wording: always | recommended | never | the condition."""
        for requirement in self.required:
            return requirement.condition_text
        if self.required_text:
            return self.required_text
        return "recommended" if self.recommended else "never"

    @property
    def key(self) -> str:
        last = self.parts[-1]
        return last if isinstance(last, str) else f"[{last}]"

    @property
    def section(self) -> str:
        """request | server_event | user_data | custom_data | app_data | ... (its parent object)."""
        if self.parts[0] != "data" or len(self.parts) < 3:
            return "request"
        return "server_event" if len(self.parts) == 3 else str(self.parts[2])

    @property
    def severity(self) -> str:
        return META_SEVERITY[self.invalid_meta]


class FieldContract(NamedTuple):
    rows: tuple[FieldRow, ...]
    left_out: tuple[Mapping[str, str], ...]

    def keys(self, section: str) -> frozenset[str]:
        """Documented keys directly under `section` (request, server_event, user_data, ...)."""
        depth = {"request": 1, "server_event": 3}.get(section, 4)
        return frozenset(
            row.key for row in self.rows if row.section == section and len(row.parts) == depth
        )

    def row(self, path: str) -> FieldRow | None:
        return next((r for r in self.rows if r.path == path), None)


def split_contract_path(path: str) -> tuple[PathPart, ...]:
    """`data[].custom_data.contents[].id` → ("data", "[]", "custom_data", "contents", "[]", "id")."""
    parts: list[PathPart] = []
    for piece in path.split("."):
        while "[" in piece:
            head, _, rest = piece.partition("[")
            index, _, piece = rest.partition("]")
            if head:
                parts.append(head)
            parts.append(ANY_INDEX if index == "" else int(index))
        if piece:
            parts.append(piece)
    return tuple(parts)


def _requirement(raw: Mapping[str, Any]) -> Requirement:
    return Requirement(
        when={key: tuple(values) for key, values in raw.get("when", {}).items()},
        rule=raw.get("rule", "field.missing"),
        meta=raw.get("meta", "diagnostics"),
        code=raw.get("code"),
    )


def parse_contract(data: Mapping[str, Any]) -> FieldContract:
    rows = []
    for raw in data["rows"]:
        types = raw["type"]
        rows.append(
            FieldRow(
                path=raw["path"],
                parts=split_contract_path(raw["path"]),
                types=tuple(types) if isinstance(types, list) else (types,),
                doc=raw["doc"],
                source=raw["source"],
                valid=raw.get("valid"),
                invalid=tuple(raw.get("invalid", ())),
                fmt=raw.get("format"),
                enum=tuple(raw.get("enum", ())),
                items=raw.get("items"),
                hashed=raw.get("hashed"),
                multi=bool(raw.get("multi", False)),
                no_pii=bool(raw.get("no_pii", False)),
                required=tuple(_requirement(r) for r in raw.get("required", ())),
                invalid_meta=raw.get("invalid_meta", "drops"),
                code=raw.get("code"),
                rule=raw.get("rule"),
                checked_by=raw.get("checked_by"),
                applies_to=tuple(raw.get("applies_to", {}).get("action_source", ())),
                slot=raw.get("slot"),
                description=raw.get("description", ""),
                example=raw.get("example"),
                recommended=bool(raw.get("recommended", False)),
                required_text=raw.get("required_text"),
            )
        )
    return FieldContract(tuple(rows), tuple(data.get("left_out", ())))


@cache
def field_contract() -> FieldContract:
    """The packaged contract, parsed once (packaged data, like the standard-event names)."""
    from capi_desktop.resources import load_json

    return parse_contract(load_json("field_contract.json"))
