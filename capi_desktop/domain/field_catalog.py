"""Typed views of the field catalogue and the standard-event templates (data from resources/)."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

SECTIONS = ("request", "server_event", "user_data", "custom_data")


@dataclass(frozen=True)
class FieldInfo:
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


@dataclass(frozen=True)
class FieldCatalog:
    fields: tuple[FieldInfo, ...]

    def section(self, name: str) -> tuple[FieldInfo, ...]:
        return tuple(f for f in self.fields if f.section == name)

    def get(self, section: str, key: str) -> FieldInfo | None:
        for info in self.fields:
            if info.section == section and info.key == key:
                return info
        return None


@dataclass(frozen=True)
class StandardEvent:
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


@dataclass(frozen=True)
class StandardEvents:
    events: tuple[StandardEvent, ...]
    sample_user_data: Mapping[str, Any]

    def names(self) -> tuple[str, ...]:
        return tuple(e.name for e in self.events)

    def get(self, name: str) -> StandardEvent | None:
        return next((e for e in self.events if e.name == name), None)


def parse_field_catalog(data: Mapping[str, Any]) -> FieldCatalog:
    fields = []
    for raw in data["fields"]:
        fields.append(
            FieldInfo(
                key=raw["key"],
                section=raw["section"],
                type=raw["type"],
                required_when=raw["required_when"],
                hashed=raw.get("hashed"),
                description=raw["description"],
                doc_url=raw["doc_url"],
                example=raw.get("example"),
                values=tuple(raw.get("values", ())),
                multi_value=bool(raw.get("multi_value", False)),
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
