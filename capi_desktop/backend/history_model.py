"""Value types of the send history: what is written (HistoryEntry), what is read (HistoryRow)."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Result = Literal["accepted", "rejected", "error"]
RESULTS: tuple[Result, ...] = ("accepted", "rejected", "error")
# The settings key for keeping raw (unhashed) request bodies; off unless the user opts in.
STORE_RAW_SETTING = "history.store_raw_inputs"


@dataclass(frozen=True)
class HistoryEntry:
    """What the Send panel records after each send (the store scrubs it before writing)."""

    request: Any
    result: Result
    profile_id: str = ""
    profile_name: str = ""
    pixel_id: str = ""
    test_event_code: str | None = None
    response_text: str = ""
    http_status: int | None = None
    events_sent: int = 0
    events_received: int | None = None
    fbtrace_id: str | None = None
    attempts: int = 1
    duration_s: float = 0.0
    error_message: str = ""
    created_at: float | None = None
    event_names: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class HistoryRow:
    """One stored send, as read back."""

    id: int
    created_at: float
    profile_id: str
    profile_name: str
    pixel_id: str
    event_names: tuple[str, ...]
    test_event_code: str | None
    request: Any
    raw_request: Any
    response_text: str
    http_status: int | None
    events_sent: int
    events_received: int | None
    fbtrace_id: str | None
    attempts: int
    duration_s: float
    result: Result
    error_message: str

    def export_dict(self, *, include_raw: bool = False) -> dict[str, Any]:
        data = asdict(self)
        data["event_names"] = list(self.event_names)
        data["created_at_iso"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.created_at))
        if not include_raw:
            data.pop("raw_request")
        return data


def row_from_sql(values: Sequence[Any]) -> HistoryRow:
    names = tuple(n for n in str(values[5]).split("\t") if n)
    return HistoryRow(
        id=int(values[0]),
        created_at=float(values[1]),
        profile_id=values[2],
        profile_name=values[3],
        pixel_id=values[4],
        event_names=names,
        test_event_code=values[6],
        request=json.loads(values[7]),
        raw_request=json.loads(values[8]) if values[8] else None,
        response_text=values[9],
        http_status=values[10],
        events_sent=int(values[11]),
        events_received=values[12],
        fbtrace_id=values[13],
        attempts=int(values[14]),
        duration_s=float(values[15]),
        result=values[16],
        error_message=values[17],
    )


class HistoryNotWritten(Exception):
    """The send was kept in memory (disk full, read-only, newer schema): written when possible."""

    def __init__(self, reason: str, pending: int) -> None:
        self.reason = reason
        self.pending = pending
        super().__init__(
            f"The send history could not be written ({reason}). This result is kept in memory "
            f"with {pending - 1} other(s) and written as soon as the history can be written."
            if pending > 1
            else f"The send history could not be written ({reason}). This result is kept in "
            "memory and written as soon as the history can be written."
        )
