"""Typed views of the field catalogue (from the field contract) and the standard-event templates."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any, NamedTuple

from capi_desktop.domain.request.field_contract import FieldContract


class FieldInfo(NamedTuple):
    """One documented parameter: where it lives, its type, when it is required, hashing."""

    key: str
    section: str
    type: str
    required_when: (
        str  # "always" | "never" | "recommended" | a condition like "action_source = website"
    )
    hashed: str | None  # "required" | "recommended" | "never" | None (not a user_data key)
    description: str
    doc_url: str
    example: Any = None
    values: tuple[Any, ...] = ()
    multi_value: bool = False

    @property
    def tooltip(self) -> str:
        parts = [f"{self.key} ({self.type})", self.description]
        if self.required_when not in ("never", ""):
            parts.append(f"Required: {self.required_when}.")
        if self.hashed == "required":
            parts.append("Send SHA-256 of the normalized value.")
        elif self.hashed == "never":
            parts.append("Never hash.")
        return "\n".join(parts)


class FieldCatalog(NamedTuple):
    fields: tuple[FieldInfo, ...]

    def section(self, name: str) -> tuple[FieldInfo, ...]:
        return tuple(f for f in self.fields if f.section == name)

    def get(self, section: str, key: str) -> FieldInfo | None:
        for info in self.fields:
            if info.section == section and info.key == key:
                return info
        return None


class StandardEvent(NamedTuple):
    name: str
    description: str
    required_custom_data: tuple[str, ...]
    recommended_custom_data: tuple[str, ...]
    template: Mapping[str, Any]

    def build(
        self, *, event_time: int, user_data: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """A fresh event dict from the template (deep copy) with event_time and user_data set."""
        event = copy.deepcopy(dict(self.template))
        event["event_time"] = event_time
        if user_data is not None:
            event["user_data"] = dict(user_data)
        return event


class StandardEvents(NamedTuple):
    events: tuple[StandardEvent, ...]
    sample_user_data: Mapping[str, Any]

    def names(self) -> tuple[str, ...]:
        return tuple(e.name for e in self.events)

    def get(self, name: str) -> StandardEvent | None:
        return next((e for e in self.events if e.name == name), None)


_TYPE_TEXT = {"hashed": "string | array<string>"}


def catalog_from_contract(contract: FieldContract) -> FieldCatalog:
    """The Composer's view (tooltips, hashing, examples) of the field contract's described rows:
    one table for lint, the emulator and the form."""
    fields = []
    for row in contract.rows:
        if not row.description:
            continue
        type_text = " | ".join(
            _TYPE_TEXT.get(t, f"array<{row.items}>" if t == "array" and row.items else t)
            for t in row.types
        )
        fields.append(
            FieldInfo(
                key=row.key,
                section=row.section,
                type=type_text,
                required_when=row.required_when,
                hashed=row.hashed,
                description=row.description,
                doc_url=row.doc,
                example=row.example,
                values=row.enum,
                multi_value=row.multi,
            )
        )
    return FieldCatalog(tuple(fields))


def parse_standard_events(data: Mapping[str, Any]) -> StandardEvents:
    events = tuple(
        StandardEvent(
            name=raw["name"],
            description=raw["description"],
            required_custom_data=tuple(raw.get("required_custom_data", ())),
            recommended_custom_data=tuple(raw.get("recommended_custom_data", ())),
            template=raw["template"],
        )
        for raw in data["events"]
    )
    return StandardEvents(events, dict(data.get("sample_user_data", {})))
