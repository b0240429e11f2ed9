"""Composer drafts on disk: the autosave slot, `.capi.json` draft files and the recent list."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from capi_desktop.backend.json_store import load_json_file, move_aside, write_json_atomic

DRAFT_FORMAT = "capi-desktop-draft"
DRAFT_VERSION = 1
DRAFT_SUFFIX = ".capi.json"
AUTOSAVE_NAME = "autosave" + DRAFT_SUFFIX
RECENT_NAME = "recent.json"
MAX_RECENT = 10


@dataclass
class Draft:
    """Everything the Composer needs to come back exactly as it was.

    `user_rows` keeps the raw customer information as typed (the body only holds hashes), so
    a draft file holds personal data in clear text: it stays on this machine.
    """

    body: dict[str, Any]
    user_rows: list[tuple[str, str]] = field(default_factory=list)
    event_index: int = 0
    default_country: str = ""
    consent: dict[str, Any] = field(default_factory=dict)
    # JSON-editor text that did not parse when the draft was saved (kept so nothing typed is lost).
    editor_text: str = ""

    def to_json(self) -> dict[str, Any]:
        data = {
            "format": DRAFT_FORMAT,
            "version": DRAFT_VERSION,
            "request": self.body,
            "user_rows": [list(row) for row in self.user_rows],
            "event_index": self.event_index,
            "default_country": self.default_country,
            "consent": self.consent,
        }
        if self.editor_text:
            data["editor_text"] = self.editor_text
        return data


class DraftError(ValueError):
    """A file that is neither a draft nor a request body."""


def draft_from_json(data: Any) -> Draft:
    """A draft file, or a plain request body / event / event list opened as a draft."""
    if isinstance(data, dict) and data.get("format") == DRAFT_FORMAT:
        body = data.get("request")
        if not isinstance(body, dict):
            raise DraftError("the draft has no request body")
        rows = [
            (str(r[0]), str(r[1]))
            for r in data.get("user_rows") or []
            if isinstance(r, list) and len(r) == 2
        ]
        index = data.get("event_index")
        consent = data.get("consent")
        editor_text = data.get("editor_text")
        return Draft(
            body=body,
            user_rows=rows,
            event_index=index if isinstance(index, int) and index >= 0 else 0,
            default_country=str(data.get("default_country") or ""),
            consent=consent if isinstance(consent, dict) else {},
            editor_text=editor_text if isinstance(editor_text, str) else "",
        )
    if isinstance(data, list):
        return Draft(body={"data": data})
    if isinstance(data, dict):
        return Draft(body=data if "data" in data or "event_name" not in data else {"data": [data]})
    raise DraftError("expected a JSON object (a draft or a request body)")


def read_draft(path: Path) -> Draft:
    """Open a draft file; raises OSError or DraftError with a readable message."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, RecursionError) as exc:
        raise DraftError(f"{path.name} is not valid JSON: {exc}") from exc
    return draft_from_json(data)


def write_draft(path: Path, draft: Draft) -> None:
    """Tokens never reach a draft file: the body, the typed rows and unparsed editor text alike."""
    # Imported here: its patterns compile in ~1 ms, and the Composer reads a draft to paint.
    from capi_desktop.domain.redact import scrub_value

    scrubbed = scrub_value(draft.to_json())
    write_json_atomic(path, scrubbed, sort_keys=False)  # keep the body's key order


class DraftStore:
    """The drafts folder: one autosave slot plus the list of recently used draft files."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.problem: str | None = None

    @property
    def autosave_path(self) -> Path:
        return self.folder / AUTOSAVE_NAME

    def autosave(self, draft: Draft) -> None:
        write_draft(self.autosave_path, draft)

    def load_autosave(self) -> Draft | None:
        """The autosaved draft; a damaged file is moved aside (see `problem`) and None returned."""
        result = load_json_file(self.autosave_path, None, expect=dict)
        self.problem = result.problem
        if result.data is None:
            return None
        try:
            return draft_from_json(result.data)
        except DraftError as exc:
            # Moved aside, not overwritten by the next autosave: nothing typed is lost.
            self.problem = move_aside(self.autosave_path, str(exc)).problem
            return None

    def recent(self) -> list[Path]:
        data = load_json_file(self.folder / RECENT_NAME, [], expect=list).data
        if not isinstance(data, list):
            return []
        return [Path(p) for p in data if isinstance(p, str)]

    def add_recent(self, path: Path) -> list[Path]:
        resolved = path.resolve()
        paths = [resolved, *(p for p in self.recent() if p != resolved)][:MAX_RECENT]
        write_json_atomic(self.folder / RECENT_NAME, [str(p) for p in paths])
        return paths
