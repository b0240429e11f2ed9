"""The request being composed, Qt-free: events, current event, typed customer rows, checks, undo.

The Composer's widgets render this document and forward input to it; lint, the match-key
score, the preview text and the body handed to Send all come from here, so what the preview
shows is what is sent (key order included).
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from capi_desktop.domain.match_score import MatchScore, score_event
from capi_desktop.domain.request.customer_rows import (
    UserRow,
    apply_rows_to_event,
    output_of,
    rows_from_user_data,
)
from capi_desktop.domain.request.event_model import (
    BODY_EXCLUDED_KEYS,
    CapiRequest,
    JsonError,
    parse_request,
)
from capi_desktop.ui.panels.composer.controllers.history import UndoHistory
from capi_desktop.ui.panels.composer.json_render import RequestRenderer
from capi_desktop.ui.panels.composer.request_state import event_at, events_of, with_event

# Lint and value verdicts (normalization's engine) load when a check first runs (issue 14).
if TYPE_CHECKING:
    from capi_desktop.domain.lint.findings import Finding
    from capi_desktop.domain.lint.value_verdicts import ValueVerdict

# What changed, for listeners: "form" and "editor" edits, "load", "select", "reload", "undo",
# "redo". Every origin but "form" means the form must be filled again from the document.
Listener = Callable[[str], None]

_MISSING = object()


class Snapshot(NamedTuple):
    """Everything one undo step restores."""

    body: dict[str, Any]  # shared, never changed in place
    event_index: int
    rows: tuple[tuple[str, str], ...]
    country: str


class TextOutcome(NamedTuple):
    """What became of JSON text typed into the editor."""

    error: JsonError | None = None  # the text does not parse: the document is unchanged
    token_removed: bool = False  # an access_token was dropped (drafts never hold one)


@dataclass
class _Checks:
    findings: list[Finding] | None = None
    score: MatchScore | None = None
    verdicts: list[ValueVerdict] | None = None


def _filled(rows: Iterable[UserRow]) -> list[UserRow]:
    return [UserRow(row.key, row.raw) for row in rows if row.raw.strip()]


def _what_changed(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The event's top-level fields an edit changed (added, removed or another value)."""
    keys = list(before) + [key for key in after if key not in before]
    return [key for key in keys if before.get(key, _MISSING) != after.get(key, _MISSING)]


def _without_token(body: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """A deep copy without an access token, and whether one was there."""
    clean = copy.deepcopy(body)
    removed = [key for key in BODY_EXCLUDED_KEYS if clean.pop(key, None) is not None]
    return clean, bool(removed)


class ComposerDocument:
    """One request body; `event_index` is the event the form edits, `rows` its customer
    information as typed (the body holds only the hashes), `country` the default country.

    Bodies are never changed in place (an edit builds a new top-level dict and event list
    around the edited event), so undo steps share the unchanged events instead of copying.
    """

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.time,
        history: UndoHistory[Snapshot] | None = None,
    ) -> None:
        self.clock = clock  # lint's "now" (event_time checks)
        self.history: UndoHistory[Snapshot] = history or UndoHistory()
        self._body: dict[str, Any] = {"data": [{}]}
        self._event_index = 0
        self._rows: list[UserRow] = []
        self._country = ""
        self._checks = _Checks()
        self._renderer = RequestRenderer()
        self._listeners: list[Listener] = []

    # ----- reading ------------------------------------------------------------------------
    @property
    def event_index(self) -> int:
        return self._event_index

    @property
    def country(self) -> str:
        return self._country

    def events(self) -> list[Any]:
        """The request's events, to read (edits go through the methods below)."""
        return events_of(self._body)

    def current_event(self) -> dict[str, Any]:
        """A deep copy of the event being edited (an empty dict when it is not an object)."""
        return event_at(self._body, self._event_index)

    def rows(self) -> list[UserRow]:
        return [UserRow(row.key, row.raw) for row in self._rows]

    def body(self) -> dict[str, Any]:
        """A deep copy of the whole body as edited."""
        return copy.deepcopy(self._body)

    def sendable_body(self) -> dict[str, Any]:
        """The exact request body to send (hashes, not raw input), as a deep copy."""
        return copy.deepcopy(CapiRequest(self._body).sendable_body())

    def preview_text(self) -> str:
        """The preview's JSON: `json.loads` of it equals `sendable_body()`, key order included."""
        return self._renderer.render(self._body)

    # ----- checks -------------------------------------------------------------------------
    def verdicts(self) -> list[ValueVerdict]:
        """Lint's verdict on every typed value: findings and the score both read these."""
        if self._checks.verdicts is None:
            self._checks.verdicts = []  # nothing typed: no normalization to load
            if self._rows:
                from capi_desktop.domain.lint.value_verdicts import judge_value
                from capi_desktop.domain.normalize import NormalizeContext

                context = NormalizeContext(default_country=self._country or None)
                self._checks.verdicts = [judge_value(r.key, r.raw, context) for r in self._rows]
        return self._checks.verdicts

    def findings(self) -> list[Finding]:
        """Lint of the whole request plus the typed values' findings (cached until an edit)."""
        if self._checks.findings is None:
            from capi_desktop.domain.lint import lint
            from capi_desktop.domain.lint.value_verdicts import verdict_findings
            from capi_desktop.domain.normalize import NormalizeContext

            context = NormalizeContext(default_country=self._country or None)
            request = CapiRequest(self._body)
            self._checks.findings = lint(
                request, now=int(self.clock()), context=context
            ) + verdict_findings(self._event_index, ((None, v) for v in self.verdicts()))
        return self._checks.findings

    def score(self) -> MatchScore:
        """The current event's match-key coverage, not counting typed values that cannot match."""
        if self._checks.score is None:
            unusable: Mapping[str, str] = {}
            if verdicts := self.verdicts():
                from capi_desktop.domain.lint.value_verdicts import unusable_keys

                unusable = unusable_keys(verdicts)
            self._checks.score = score_event(self.current_event(), unusable)
        return self._checks.score

    # ----- notifications ------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def _changed(self, origin: str) -> None:
        self._checks = _Checks()
        for listener in list(self._listeners):
            listener(origin)

    # ----- edits --------------------------------------------------------------------------
    def _snapshot(self) -> Snapshot:
        return Snapshot(
            self._body,
            self._event_index,
            tuple((r.key, r.raw) for r in self._rows),
            self._country,
        )

    def _restore(self, snapshot: Snapshot) -> None:
        self._body = snapshot.body
        self._event_index = snapshot.event_index
        self._rows = [UserRow(key, raw) for key, raw in snapshot.rows]
        self._country = snapshot.country

    def load(
        self,
        body: dict[str, Any],
        *,
        event_index: int = 0,
        rows: Iterable[tuple[str, str]] = (),
        country: str = "",
        notify: bool = True,
    ) -> bool:
        """Show a new request (undo history starts afresh); True when a token was dropped.

        `rows` typed in a draft rebuild the current event's user_data (with notify=False the
        caller's form does that with its next `edit_event`, after adding fields of its own);
        without rows, the raw text of rows shown so far is kept where it gives the same hash."""
        self._body, removed = _without_token(body)
        self._country = country.upper()
        self._event_index = max(0, min(event_index, max(len(self.events()) - 1, 0)))
        typed = _filled(UserRow(key, raw) for key, raw in rows)
        if typed and notify:
            event = self.current_event()
            apply_rows_to_event(event, typed, self._country)
            self._body = with_event(self._body, self._event_index, event)
        self._rows = typed or self._rows_for_current()
        self.history.clear()
        self._checks = _Checks()
        if notify:
            self._changed("load")
        return removed

    def edit_event(
        self,
        event: dict[str, Any],
        *,
        rows: Iterable[UserRow],
        country: str,
        undoable: bool = True,
    ) -> None:
        """The form's edit of the current event (an edited copy of `current_event()`)."""
        new_rows, new_country = _filled(rows), country.upper()
        what = _what_changed(self.current_event(), event)
        if new_rows != self._rows:  # user_data follows the rows: typing in a row is one kind
            what = ["customer rows", *(key for key in what if key != "user_data")]
        what += ["country"] if new_country != self._country else []
        if undoable and what:  # quick edits of the same fields merge into one step
            self.history.record(self._snapshot(), "form: " + ", ".join(what))
        self._body = with_event(self._body, self._event_index, event)
        self._rows, self._country = new_rows, new_country
        self._changed("form")

    def apply_text(self, text: str) -> TextOutcome:
        """JSON typed into the editor replaces the body when it parses."""
        result = parse_request(text)
        if not result.ok or result.request is None:
            return TextOutcome(error=result.error)
        body, removed = _without_token(result.request.body)
        self.history.record(self._snapshot(), "editor", size=len(text))
        self._body = body
        self._event_index = min(self._event_index, max(len(self.events()) - 1, 0))
        self._rows = self._rows_for_current()
        self._changed("editor")
        return TextOutcome(token_removed=removed)

    def select_event(self, index: int) -> bool:
        """Edit another event of the request; False when there is no such event."""
        if index == self._event_index or not 0 <= index < len(self.events()):
            return False
        self._event_index = index
        self._rows = self._rows_for_current()
        self._changed("select")
        return True

    def reread_rows(self) -> None:
        """The form removed fields itself (a kind's stale fields): rows follow user_data again."""
        self._rows = self._rows_for_current()
        self._changed("reload")

    def _rows_for_current(self) -> list[UserRow]:
        user_data = self.current_event().get("user_data")
        return _filled(rows_from_user_data(user_data, self._rows, output_of(self._country)))

    def undo(self) -> bool:
        snapshot = self.history.undo(self._snapshot())
        if snapshot is None:
            return False
        self._restore(snapshot)
        self._changed("undo")
        return True

    def redo(self) -> bool:
        snapshot = self.history.redo(self._snapshot())
        if snapshot is None:
            return False
        self._restore(snapshot)
        self._changed("redo")
        return True
