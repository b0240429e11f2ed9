"""Compare tab logic: the browser hit (pasted or picked from a HAR) and the server event (pasted,
from the Composer or the history) as the user gave them, and the verdict made from them."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
from collections.abc import Callable
from typing import Any, Protocol

from capi_desktop.domain.dedup.model import Comparison
from capi_desktop.domain.pixel.hit import PixelHit
from capi_desktop.ui.panels.send_compare.files import read_text

log = logging.getLogger(__name__)
SERVER_FILE_LIMIT = 20_000_000  # characters: a paste box is no viewer
NOT_READ = (
    "These inputs could not be read (an internal error was logged). Check the"
    " pasted text, or paste the Pixel request URL itself."
)


class ComposerSource(Protocol):
    """Where "From Composer" takes the body from (ui.links.Links in the app)."""

    def composer_body(self, *, build: bool = False) -> Any: ...


@dataclasses.dataclass(frozen=True)
class Outcome:
    """A comparison, or why there is none ("" and None: an input is still empty)."""

    comparison: Comparison | None = None
    problem: str = ""


def server_events(text: str) -> tuple[list[dict[str, Any]], str]:
    """The events of a pasted request body, list of events or single event; or the problem."""
    from capi_desktop.domain.request.event_model import parse_request

    try:
        parsed = parse_request(text)
    except RecursionError:
        return [], "Server side: the JSON is nested too deeply to read."
    if not parsed.ok or parsed.request is None:
        return [], f"Server side: {parsed.error}"
    events = [e for e in parsed.request.events() if isinstance(e, dict)]
    return events, "" if events else "Server side: no events found."


def har_hits(path: str) -> list[PixelHit]:
    """Worker thread: the Pixel hits of a HAR (streamed; cookies and bodies are not kept)."""
    from capi_desktop.backend.har_reader import iter_pixel_hits

    return list(iter_pixel_hits(path))


class CompareController:
    """Holds both inputs and the verdict; the tab forwards every edit and renders the outcome."""

    def __init__(self, composer: ComposerSource, default_pixel: Callable[[], str]) -> None:
        self.composer = composer
        self.default_pixel = default_pixel
        self.browser_text = ""
        self.server_text = ""
        self.pixel_text = ""
        self.hits: list[PixelHit] = []  # from a HAR; then the browser box shows a placeholder
        self.hit_index = 0
        self.events: list[dict[str, Any]] = []
        self.event_index = 0
        self.comparison: Comparison | None = None

    # ----- the browser side -----------------------------------------------------------------
    def har_placeholder(self) -> str:
        return f"(HAR file: {len(self.hits)} Pixel hits — pick one below)"

    def browser_changed(self, text: str) -> bool:
        """Typing over a HAR's placeholder drops its hits; True when that happened."""
        self.browser_text = text
        if self.hits and text != self.har_placeholder():
            self.set_hits([])
            return True
        return False

    def set_hits(self, hits: list[PixelHit]) -> None:
        self.hits = list(hits)
        self.hit_index = self._best_hit_index()

    def hit_labels(self) -> list[str]:
        return [
            f"{hit.event_name} · eid {hit.event_id or '—'} · pixel {hit.pixel_id or 'not read'}"
            for hit in self.hits
        ]

    def select_hit(self, index: int) -> None:
        self.hit_index = max(index, 0)

    async def load_har(self, path: str) -> str:
        """Read a HAR's Pixel hits in a worker thread; the problem, or "" when hits were read."""
        try:
            hits = await asyncio.to_thread(har_hits, path)
        except (OSError, ValueError) as exc:
            return f"Could not read the HAR file: {exc}"
        if not hits:
            return "The HAR file holds no Meta Pixel request (facebook.com/tr)."
        self.set_hits(hits)
        return ""

    def browser_hit(self) -> tuple[PixelHit | None, str]:
        if self.hits:
            return self.hits[min(self.hit_index, len(self.hits) - 1)], ""
        if not self.browser_text.strip():
            return None, ""
        from capi_desktop.domain.pixel.hit import ParseProblem
        from capi_desktop.domain.pixel.request import parse_browser_input

        hit = parse_browser_input(self.browser_text)
        if isinstance(hit, ParseProblem):
            return None, f"Browser side: {hit.text}"
        return hit, ""

    # ----- the server side ------------------------------------------------------------------
    def server_changed(self, text: str) -> None:
        self.server_text = text
        self.events, _ = server_events(text)
        self.event_index = self._best_event_index() if len(self.events) > 1 else 0

    def event_labels(self) -> list[str]:
        return [
            f"data[{index}]: {event.get('event_name', '?')} · {event.get('event_id', 'no id')}"
            for index, event in enumerate(self.events)
        ]

    def select_event(self, index: int) -> None:
        self.event_index = index

    @staticmethod
    def body_text(body: Any) -> str:
        """How a body taken from the Composer or the history is shown in the server box."""
        return json.dumps(body, indent=2, ensure_ascii=False)

    def composer_body(self) -> tuple[Any, str]:
        """The Composer's body (the Composer is built if it was not yet), or why there is none."""
        body = self.composer.composer_body(build=True)
        return (body, "") if body is not None else (None, "The Composer is not available.")

    async def read_server_file(self, path: str) -> tuple[str | None, str]:
        try:
            return await asyncio.to_thread(read_text, path, SERVER_FILE_LIMIT), ""
        except (OSError, ValueError) as exc:
            return None, f"Could not open {path}: {exc}"

    def server_event(self) -> tuple[dict[str, Any] | None, str]:
        if not self.server_text.strip():
            return None, ""
        events, problem = server_events(self.server_text)
        if not events:
            return None, problem
        index = self.event_index
        return events[index] if 0 <= index < len(events) else events[0], ""

    # ----- the verdict ----------------------------------------------------------------------
    def compare(self) -> Outcome:
        """Compare the current inputs. The previous verdict is dropped first, whatever happens:
        a verdict left standing next to inputs it was not made from is a wrong answer."""
        self.comparison = None
        try:
            hit, browser_problem = self.browser_hit()
            event, server_problem = self.server_event()
        except Exception:  # a parser bug must not take the panel down, nor show Python text
            log.exception("reading the compare inputs failed")
            return Outcome(problem=NOT_READ)
        problem = "\n".join(p for p in (browser_problem, server_problem) if p)
        if hit is None or event is None:
            return Outcome(problem=problem)
        from capi_desktop.domain.dedup.compare import compare

        pixel = self.pixel_text.strip() or self.default_pixel() or None
        try:
            self.comparison = compare(hit, event, server_pixel_id=pixel)
        except Exception:  # a domain bug must not take the panel down
            log.exception("compare failed")
            return Outcome(problem="The comparison failed (an internal error was logged).")
        return Outcome(self.comparison)

    def _best_hit_index(self) -> int:
        if not self.events or not self.hits:
            return 0
        from capi_desktop.domain.dedup.compare import best_match

        pair = best_match(self.hits, self.events)
        return self.hits.index(pair[0]) if pair else 0

    def _best_event_index(self) -> int:
        hit, _ = self.browser_hit()
        if hit is None:
            return 0
        from capi_desktop.domain.dedup.compare import best_match

        pair = best_match([hit], self.events)
        if pair is None:
            return 0
        chosen = dict(pair[1])
        return self.events.index(chosen) if chosen in self.events else 0
