"""What to tell the user when a send failed after leaving: did Meta get it, may they resend?"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from capi_desktop.domain.error_catalog import ErrorEntry
from capi_desktop.domain.error_catalog.labels import code_label

# Meta's docs: identical events (same event_id and event_name) within 48 h are deduplicated
# (capi.md §5.6); without event_id a second copy sent from the server counts again.
_SAME_ID_FIX = "same event_id"


def events_without_id(events: Sequence[Any]) -> int:
    """How many events lack a non-empty event_id (Meta cannot deduplicate a resend of them)."""
    return sum(
        1
        for e in events
        if not (
            isinstance(e, Mapping)
            and isinstance(e.get("event_id"), str | int)
            and str(e["event_id"]).strip()
        )
    )


def unknown_delivery_text(events: int, without_id: int) -> str:
    """The sentence for a request Meta may or may not have received."""
    head = (
        f"Unknown whether Meta received these {events} event(s): the connection failed or the "
        "reply was broken after the request had left this machine, so it was not sent again."
    )
    if without_id == 0:
        tail = (
            " Every event has an event_id, so if you resend, Meta deduplicates copies it "
            "already has (same event_id and event_name within 48 hours)."
        )
    else:
        tail = (
            f" {without_id} of them have no event_id: if Meta did receive the first request, "
            "resending counts those twice. Check Events Manager (Test Events or Overview) "
            "before resending."
        )
    return head + tail


def resend_warning(events: int, without_id: int) -> str:
    """The confirmation text of a manual resend after an unknown delivery."""
    if without_id == 0:
        return (
            f"Meta may already have these {events} event(s). Every event has an event_id, so "
            "Meta deduplicates a copy it already has."
        )
    return (
        f"Meta may already have these {events} event(s), and {without_id} have no event_id: "
        "Meta cannot deduplicate those, so a resend may count them twice."
    )


def adapt_fixes(fixes: Iterable[str], without_id: int) -> tuple[str, ...]:
    """Catalogue fix lines, minus "retry with the same event_id" when events have none."""
    if without_id == 0:
        return tuple(fixes)
    replaced = (
        f"{without_id} event(s) have no event_id, so Meta cannot deduplicate a resend of them: "
        "check Events Manager for them first, and give every event an event_id from now on."
    )
    out: list[str] = []
    for line in fixes:
        line = replaced if _SAME_ID_FIX in line.lower() else line
        if line not in out:
            out.append(line)
    return tuple(out)


@dataclass(frozen=True)
class FailureText:
    """What the Send tab says about a failed send (plain text; the view escapes it)."""

    title: str
    lines: tuple[str, ...]
    fixes: tuple[str, ...]
    doc_url: str


def explain_failure(
    entry: ErrorEntry | None,
    *,
    title: str = "",
    code: int | None = None,
    subcode: int | None = None,
    message: str = "",
    answered: bool = False,
    without_id: int = 0,
) -> FailureText:
    """The title (catalogue first, then the error's own), who is speaking, what it means and
    the fixes. Only a Graph response (`answered`) is Meta speaking; a refused connection is
    our own finding, so it is "What happened", never "Meta says"."""
    head = (entry.title if entry is not None else "") or title or "The send failed"
    lines: list[str] = []
    if message:
        lines.append(f"{'Meta says' if answered else 'What happened'}: {message}")
    if entry is not None and entry.meaning:
        lines.append(entry.meaning)
    return FailureText(
        title=head + code_label(code, subcode),
        lines=tuple(lines),
        fixes=adapt_fixes(entry.fix if entry is not None else (), without_id),
        doc_url=entry.doc_url if entry is not None else "",
    )
