"""History tab logic: search and filter the store off the UI thread, the rows shown, what a row
says, delete, clear, export, the "keep raw inputs" setting and recovery from a damaged copy."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import time
from pathlib import Path

from capi_desktop.backend.history import STORE_RAW_SETTING, HistoryRow, HistoryStore
from capi_desktop.domain.wording import plural
from capi_desktop.services import Services
from capi_desktop.ui.panels.send_compare.files import write_text
from capi_desktop.ui.panels.send_compare.send_flow import pretty_json

log = logging.getLogger(__name__)
NOT_AVAILABLE = "History is not available in this setup."
RECOVER_HINT = " Use “Recover from the damaged copy…” below to bring back what it still holds."


@dataclasses.dataclass(frozen=True)
class Filters:
    """What the user narrowed the history to; None is "all"."""

    text: str | None = None
    profile_id: str | None = None
    event_name: str | None = None
    result: str | None = None

    def narrowed(self) -> bool:
        return any(dataclasses.astuple(self))


@dataclasses.dataclass(frozen=True)
class Page:
    """One search's answer: the rows and the filter choices, or why the history gave none."""

    rows: list[HistoryRow] = dataclasses.field(default_factory=list)
    profiles: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (label, id)
    events: list[str] = dataclasses.field(default_factory=list)
    problem: str = ""  # set: nothing could be read; the rows shown stay as they were


def choices(values: dict[str, list[str]]) -> tuple[list[tuple[str, str]], list[str]]:
    """The profile (label, id) and event-name choices of the store's distinct values."""
    profiles = [p.split("\t", 1) for p in values.get("profiles", [])]
    return [(n or i or "(none)", i) for i, n in profiles], list(values.get("events", []))


def row_cells(row: HistoryRow) -> list[str]:
    """The table's cells: When, Result, Events, Profile, Pixel, Test code, Received, HTTP."""
    when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(row.created_at))
    received = "" if row.events_received is None else f"{row.events_received}/{row.events_sent}"
    return [when, row.result, ", ".join(row.event_names), row.profile_name, row.pixel_id,
            row.test_event_code or "— live —", received, str(row.http_status or "")]  # fmt: skip


def row_detail(row: HistoryRow) -> tuple[str, str]:
    """The one-line summary above a selected send, and its request and response."""
    line = (
        f"#{row.id} · {row.result} · fbtrace_id {row.fbtrace_id or '—'} · "
        f"{plural(row.attempts, 'attempt')} · {row.duration_s:.2f} s"
        + (f" · {row.error_message}" if row.error_message else "")
    )
    body = (
        "// request (hashed values only)\n" + pretty_json(json.dumps(row.request, ensure_ascii=False))
        + "\n\n// response\n" + pretty_json(row.response_text)
    )  # fmt: skip
    return line, body


class HistoryController:
    """Owns the rows shown and talks to the store (`services.history`, None: not available)."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.rows: list[HistoryRow] = []

    @property
    def store(self) -> HistoryStore | None:
        return self.services.history

    # ----- the setting --------------------------------------------------------------------
    def keep_raw(self) -> bool:
        return bool(self.services.settings.get(STORE_RAW_SETTING, False))

    def set_keep_raw(self, on: bool) -> None:
        self.services.settings.set(STORE_RAW_SETTING, on)
        if self.store is not None:
            self.store.store_raw_inputs = on
        try:
            self.services.settings.save()
        except OSError as exc:
            log.warning("could not save settings: %s", exc)

    # ----- reading ------------------------------------------------------------------------
    async def search(self, filters: Filters) -> Page:
        """The matching sends, newest first; `rows` follows unless nothing could be read."""
        store = self.store
        if store is None:
            return Page(problem=NOT_AVAILABLE)
        try:
            rows = await asyncio.to_thread(
                store.search, filters.text, filters.profile_id, filters.event_name, filters.result
            )
            values = await asyncio.to_thread(store.distinct_values)
        except Exception as exc:
            log.warning("history search failed: %s", exc)
            return Page(problem=f"The history could not be read: {exc}")
        self.rows = list(rows)
        profiles, events = choices(values)
        return Page(self.rows, profiles, events)

    def take_store_problem(self) -> str:
        """What the store has to tell the user once (a damaged or unwritable file), "" if nothing."""
        store = self.store
        if store is None or not store.problem:
            return ""
        problem = store.problem + (RECOVER_HINT if store.moved_to is not None else "")
        store.problem = None
        return problem

    def damaged_copy(self) -> Path | None:
        """The damaged file moved aside at start, while there is one to recover from."""
        return self.store.moved_to if self.store is not None else None

    async def recover(self, copy: Path) -> tuple[bool, str]:
        """Bring back the sends still readable in `copy`: (done?, how many came back or why not)."""
        store = self.store
        if store is None:
            return False, NOT_AVAILABLE
        try:
            found = await asyncio.to_thread(store.recover_from, copy)
        except Exception as exc:  # unreadable copy, history not writable now: say which
            log.warning("history recovery failed: %s", exc)
            return False, f"Could not recover from {copy.name}: {exc}"
        return True, found.describe(copy.name)

    # ----- changing -----------------------------------------------------------------------
    async def delete(self, rows: list[HistoryRow]) -> None:
        if self.store is not None:
            for row in rows:
                await asyncio.to_thread(self.store.delete, row.id)

    async def clear(self) -> None:
        if self.store is not None:
            await asyncio.to_thread(self.store.clear)

    async def export(self, rows: list[HistoryRow], path: str) -> str:
        """Write the rows (hashed values only) as JSON, or JSON Lines for a .jsonl path."""
        if self.store is None:
            return NOT_AVAILABLE
        fmt = "jsonl" if path.endswith(".jsonl") else "json"
        ids = [r.id for r in rows]
        text = await asyncio.to_thread(self.store.export, ids, fmt)
        await asyncio.to_thread(write_text, path, text)
        return f"Exported {plural(len(ids), 'send')} to {path}"
