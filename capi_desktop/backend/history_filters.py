"""The history search's WHERE clause: free text, profile, event name and result as SQL filters."""

from __future__ import annotations

from typing import Any

# Columns the free-text box searches (event names are stored tab-joined: "\tPurchase\t").
TEXT_FIELDS = (
    "event_names", "profile_name", "pixel_id", "fbtrace_id", "test_event_code",
    "response_text", "request_json", "error_message",
)  # fmt: skip


def like_pattern(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, with %, _ and \\ taken literally (ESCAPE '\\')."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_filters(
    text: str | None, profile_id: str | None, event_name: str | None, result: str | None
) -> tuple[list[str], list[Any]]:
    """(conditions to AND together, their arguments) for HistoryStore.search."""
    where: list[str] = []
    args: list[Any] = []
    if text and text.strip():
        like = like_pattern(text.strip())
        where.append("(" + " OR ".join(f"{f} LIKE ? ESCAPE '\\'" for f in TEXT_FIELDS) + ")")
        args.extend([like] * len(TEXT_FIELDS))
    if profile_id:
        where.append("profile_id = ?")
        args.append(profile_id)
    if event_name:
        where.append("event_names LIKE ? ESCAPE '\\'")
        args.append(like_pattern(f"\t{event_name}\t"))
    if result:
        where.append("result = ?")
        args.append(result)
    return where, args
