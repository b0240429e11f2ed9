"""Customer information as typed (rows of key + raw text) and the user_data it puts in a request."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from capi_desktop.domain.normalize import KEY_ORDER, MULTI_VALUE_KEYS

if TYPE_CHECKING:
    from capi_desktop.domain.normalize import FieldResult

# A row's output: the value to put in the body, or None when nothing can be sent.
OutputOf = Callable[[str, str], str | None]


@dataclass
class UserRow:
    """One customer-information input as typed: several rows may share a multi-value key."""

    key: str
    raw: str


# Rows always offered, even when empty: the keys a website event can usually fill.
STANDARD_ROWS: tuple[str, ...] = (
    "em", "ph", "fn", "ln", "db", "ge", "ct", "st", "zp", "country", "external_id",
    "client_ip_address", "client_user_agent", "fbc", "fbp",
)  # fmt: skip


def row_order(key: str) -> int:
    """Where a key sorts in the table: Meta's key order, unknown keys last."""
    return KEY_ORDER.index(key) if key in KEY_ORDER else len(KEY_ORDER)


def with_standard_rows(rows: Iterable[UserRow]) -> list[UserRow]:
    """The rows plus an empty one for each standard key missing, in Meta's key order."""
    result = list(rows)
    present = {row.key for row in result}
    result += [UserRow(key, "") for key in STANDARD_ROWS if key not in present]
    return sorted(result, key=lambda row: row_order(row.key))  # stable: keeps multi-value order


@lru_cache(maxsize=8192)
def normalized(key: str, raw: str, country: str) -> FieldResult:
    """Cached: a keystroke re-normalizes only the edited row."""
    # The engine (phonenumbers, pycountry) loads with the first row, not with the Composer (issue 14).
    from capi_desktop.domain.normalize import NormalizeContext, normalize

    return normalize(key, raw, context=NormalizeContext(default_country=country or None))


def output_for(result: FieldResult) -> str | None:
    """What goes into the request body for a normalized value (None: nothing can be sent)."""
    if result.status == "error":
        return None
    if result.status in ("already_hashed", "never_hash"):
        return result.normalized
    if result.sha256 is None and result.normalized is None:
        return result.input  # a key we do not know (e.g. from pasted JSON): kept; lint explains
    return result.sha256


def output_of(country: str) -> OutputOf:
    """The body value of (key, raw) with this default country."""
    return lambda key, raw: output_for(normalized(key, raw, country))


def multi_value(key: str) -> bool:
    """Keys Meta takes as a list of values (several emails, phones, …)."""
    return key in MULTI_VALUE_KEYS


def is_row_value(value: Any) -> bool:
    """user_data values the table can show as rows: a string or a list of strings."""
    if isinstance(value, str):
        return True
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def rows_from_user_data(
    user_data: Any, previous: Iterable[UserRow], output_of: OutputOf
) -> list[UserRow]:
    """Rows for a user_data object taken from JSON, keeping the raw text of rows that still
    produce the same body value (so editing other JSON never replaces typed PII by its hash)."""
    if not isinstance(user_data, dict):
        return []
    pool: dict[tuple[str, str], list[UserRow]] = {}
    for row in previous:
        out = output_of(row.key, row.raw)
        if out is not None:
            pool.setdefault((row.key, out), []).append(row)
    rows: list[UserRow] = []
    for key, value in user_data.items():
        if not is_row_value(value):
            continue
        for item in [value] if isinstance(value, str) else value:
            kept = pool.get((key, item))
            rows.append(UserRow(key, kept.pop(0).raw) if kept else UserRow(key, item))
    return rows


def apply_user_rows(
    user_data: Any,
    rows: Iterable[UserRow],
    output_of: OutputOf,
    multi_value: Callable[[str], bool] = multi_value,
) -> dict[str, Any]:
    """user_data rebuilt from rows; values the table cannot show (numbers, objects) are kept."""
    kept = (
        {k: v for k, v in user_data.items() if not is_row_value(v)}
        if isinstance(user_data, dict)
        else {}
    )
    grouped: dict[str, list[str]] = {}
    for row in rows:
        if not row.raw.strip():
            continue
        out = output_of(row.key, row.raw)
        if out is None:
            continue  # invalid input: the row shows the error; nothing unhashed leaves the form
        values = grouped.setdefault(row.key, [])
        if out not in values:
            values.append(out)
    result: dict[str, Any] = {}
    for key, values in grouped.items():
        result[key] = values if multi_value(key) else values[0]
    for key, value in kept.items():
        result.setdefault(key, value)
    return result


def apply_rows_to_event(event: dict[str, Any], rows: Iterable[UserRow], country: str) -> None:
    """Write the rows' user_data into `event` (only when there is some, or the event had it)."""
    user_data = apply_user_rows(event.get("user_data"), rows, output_of(country))
    if user_data or "user_data" in event:
        event["user_data"] = user_data
