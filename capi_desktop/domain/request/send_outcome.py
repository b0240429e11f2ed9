"""Decisions about one send, made once for GUI, CLI and history: test code, outcome, shown chunk."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol, TypeVar

from capi_desktop.domain.wording import plural

Outcome = Literal["accepted", "rejected", "throttled", "error"]
TestCodeSource = Literal["field", "body", "profile", "none"]
# Categories whose failure is Meta refusing the payload or its target, not a passing fault.
_REJECTING = frozenset({"payload", "version", "pixel", "permission"})


@dataclass(frozen=True)
class EffectiveTestCode:
    """The test_event_code a send really carries, and where it came from."""

    code: str | None
    source: TestCodeSource

    @property
    def live(self) -> bool:
        """No test code: the events land in the live dataset and count as conversions."""
        return self.code is None

    def describe(self) -> str:
        if self.code is None:
            return "no test event code (live events)"
        where = {"field": "the test code field", "body": "the request body"}.get(
            self.source, "the profile"
        )
        return f"test event code {self.code} (from {where})"


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    stripped = value.strip()
    return stripped or None


def effective_test_code(
    override: str | None, body: Mapping[str, Any] | None, profile_default: str | None = None
) -> EffectiveTestCode:
    """What the Graph client will send: an explicit code (the field, `--test-code`) replaces
    the body's `test_event_code`; without either, the profile's default applies.

    The Graph client sets the explicit code over the body's (graph_client.send_events), so
    a body code with an empty field is still a test send, never a live one.
    """
    explicit = _clean(override)
    if explicit is not None:
        return EffectiveTestCode(explicit, "field")
    in_body = _clean(body.get("test_event_code")) if isinstance(body, Mapping) else None
    if in_body is not None:
        return EffectiveTestCode(in_body, "body")
    default = _clean(profile_default)
    if default is not None:
        return EffectiveTestCode(default, "profile")
    return EffectiveTestCode(None, "none")


def classify_outcome(
    ok: bool, *, category: str = "", http_status: int | None = None, throttled: bool = False
) -> Outcome:
    """accepted: Meta took every event; throttled: a rate limit (retry later, not a payload
    problem); rejected: Meta refused the payload or its target; error: everything else
    (token, network, server, unknown)."""
    if ok:
        return "accepted"
    if throttled or category == "throttle":
        return "throttled"
    if category in _REJECTING or (http_status == 400 and category != "token"):
        return "rejected"
    return "error"


class _Chunk(Protocol):
    @property
    def ok(self) -> bool: ...


C = TypeVar("C", bound=_Chunk)


def shown_chunk(chunks: Sequence[C]) -> C | None:
    """The chunk a one-line summary speaks for: the first failing one, else the first."""
    return next((c for c in chunks if not c.ok), chunks[0] if chunks else None)


def failing_chunks(chunks: Sequence[C]) -> list[tuple[int, C]]:
    """(position, chunk) of every failing request of a send, in order."""
    return [(i, c) for i, c in enumerate(chunks) if not c.ok]


def chunk_errors_text(summaries: Sequence[tuple[int, str]], total: int) -> str:
    """Every failing request's error, one line each; a single request keeps its bare summary."""
    if not summaries:
        return ""
    if total <= 1 and len(summaries) == 1:
        return summaries[0][1]
    lines = [f"{plural(len(summaries), 'request')} of {total} failed:"]
    lines += [f"request {index + 1} of {total}: {text}" for index, text in summaries]
    return "\n".join(lines)


StoredResult = Literal["accepted", "rejected", "error"]
THROTTLED_NOTE = "Throttled by Meta (rate limit), not rejected."


def stored_result(outcome: Outcome) -> StoredResult:
    """History keeps accepted / rejected / error: a throttle is stored as an error, never as
    "rejected" (the payload is not at fault)."""
    return "error" if outcome == "throttled" else outcome


def history_error_text(outcome: Outcome, errors: str) -> str:
    """The error text history keeps: a throttle says which kind of error it is."""
    return f"{THROTTLED_NOTE} {errors}" if outcome == "throttled" else errors
