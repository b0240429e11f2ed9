"""How errors are written for people, one place: "(#100/2804003)", certainty and result words."""

from __future__ import annotations


def code_text(code: int | None, subcode: int | None) -> str:
    """ "100/2804003", "190", or "(no code)" when the response carried none."""
    if code is None:
        return f"(no code), subcode {subcode}" if subcode else "(no code)"
    return f"{code}/{subcode}" if subcode else str(code)


def code_label(code: int | None, subcode: int | None) -> str:
    """The suffix put after a title: " (#100/2804003)", or "" without a code."""
    if code is None:
        return ""
    return f" (#{code_text(code, subcode)})"


def event_label(index: int | None) -> str:
    """ "event 3" for a per-event error; "an event (no index)" when Meta gave none."""
    return f"event {index}" if index is not None else "an event (no index)"


CONFIDENCE_LABELS = {
    "documented": "Documented by Meta",
    "observed": "Seen in real responses",
    "vendor-guide": "Vendor guide only",
    "unpublished": "Meaning unpublished",
}
STATUS_LABELS = {
    "graph_error": "Graph API error",
    "success": "Success",
    "not_graph": "Not a Graph API error",
    "unreadable": "Could not be read",
}
KIND_LABELS = {"graph": "Graph API error", "http": "HTTP / network", "diagnostic": "Events Manager"}


def confidence_label(confidence: str) -> str:
    return CONFIDENCE_LABELS.get(confidence, "Certainty unknown")


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, "Could not be read")
