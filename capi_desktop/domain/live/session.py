"""A live test session's state: arrivals from both sides, pairs, warnings and the clean window."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from capi_desktop.domain.live.capture import CapturedRequest, parse_captured
from capi_desktop.domain.live.clean_window import CleanWindow, WindowStatus
from capi_desktop.domain.live.pairing import (
    finding_warnings,
    judge_pair,
    partner_for_browser,
    partner_for_server,
)
from capi_desktop.domain.live.records import (
    BrowserArrival,
    LivePair,
    RelayedRequest,
    ServerArrival,
    SessionWarning,
)
from capi_desktop.domain.pixel.hit import TECHNICAL_EVENTS

# Graph codes that mean the token (or what it may reach) is wrong, capi.md §6.1.
_TOKEN_CODES = frozenset({102, 104, 190, 10, 3, 294}) | frozenset(range(200, 300))


@dataclass(frozen=True)
class SessionUpdate:
    """One thing that happened, for a JSON-lines printer or a UI refresh."""

    kind: str  # "browser", "server", "pair", "warning", "ignored"
    payload: Mapping[str, Any]


class LiveSession:
    """Pure session state; feed it captured requests and relayed requests from one thread."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self.window = CleanWindow()
        self.started_at = clock()
        self.captured: list[CapturedRequest] = []
        self.browser: list[BrowserArrival] = []
        self.server: list[ServerArrival] = []
        self.requests: list[RelayedRequest] = []
        self.pairs: list[LivePair] = []
        self.warnings: list[SessionWarning] = []
        self.triggers = 0  # Privacy Sandbox attribution triggers seen (shown, never paired)
        self._paired_browser: set[int] = set()
        self._paired_server: set[int] = set()

    # -- input ---------------------------------------------------------------------------------

    def add_capture(self, request: CapturedRequest) -> list[SessionUpdate]:
        self.captured.append(request)
        parsed = parse_captured(request)
        if isinstance(parsed, str):
            if "attribution" in parsed:
                self.triggers += 1
            return [SessionUpdate("ignored", {"url": request.url[:200], "why": parsed})]
        if parsed.event_name in TECHNICAL_EVENTS:
            return [SessionUpdate("ignored", {"event_name": parsed.event_name, "why": "technical"})]
        arrival = BrowserArrival(
            len(self.browser), parsed, request.at, request.page_url, dict(request.cookies)
        )
        self.browser.append(arrival)
        updates = [SessionUpdate("browser", _browser_json(arrival))]
        found = partner_for_browser(arrival, self._unpaired_server())
        if found is not None:
            updates += self._pair(arrival, found[0], found[1])
        return updates

    def add_relayed(self, request: RelayedRequest) -> list[SessionUpdate]:
        self.requests.append(request)
        updates: list[SessionUpdate] = []
        if request.status != 200 or request.error is not None:
            updates += self._warn(_request_warning(request))
            return updates
        for position, event in enumerate(request.events):
            arrival = ServerArrival(
                len(self.server),
                dict(event),
                request.pixel_id,
                request.at,
                request.origin,
                tuple(f for f in request.findings if f.event_index == position),
            )
            self.server.append(arrival)
            updates.append(SessionUpdate("server", _server_json(arrival)))
            for warning in finding_warnings(arrival):
                updates += self._warn(warning)
            found = partner_for_server(arrival, self._unpaired_browser())
            if found is not None:
                updates += self._pair(found[0], arrival, found[1])
        return updates

    # -- state ---------------------------------------------------------------------------------

    def status(self) -> WindowStatus:
        return self.window.status(self.clock())

    def unpaired_browser(self) -> list[BrowserArrival]:
        return self._unpaired_browser()

    def unpaired_server(self) -> list[ServerArrival]:
        return self._unpaired_server()

    def _unpaired_browser(self) -> list[BrowserArrival]:
        return [b for b in self.browser if b.index not in self._paired_browser]

    def _unpaired_server(self) -> list[ServerArrival]:
        return [s for s in self.server if s.index not in self._paired_server]

    def _pair(
        self, browser: BrowserArrival, server: ServerArrival, method: Any
    ) -> list[SessionUpdate]:
        pair = judge_pair(browser, server, method)
        self._paired_browser.add(browser.index)
        self._paired_server.add(server.index)
        self.pairs.append(pair)
        updates = [SessionUpdate("pair", pair_json(pair))]
        for warning in pair.warnings:
            updates += self._warn(warning)
        if pair.clean and not _has_field_warnings(server):
            self.window.clean_pair(max(browser.at, server.at))
        return updates

    def _warn(self, warning: SessionWarning) -> list[SessionUpdate]:
        self.warnings.append(warning)
        self.window.warning(warning.at, warning.kind, warning.reason)
        return [SessionUpdate("warning", {"kind": warning.kind, "reason": warning.reason})]


def _has_field_warnings(server: ServerArrival) -> bool:
    return bool(finding_warnings(server))


def _request_warning(request: RelayedRequest) -> SessionWarning:
    error = request.error or {}
    code = error.get("code")
    message = str(error.get("error_user_msg") or error.get("message") or "rejected")
    if not request.token_present or code in _TOKEN_CODES:
        return SessionWarning(request.at, "token", f"token error (code {code}): {message}")
    subcode = error.get("error_subcode")
    label = f"{code}/{subcode}" if subcode else str(code)
    return SessionWarning(request.at, "rejected request", f"Graph error {label}: {message}")


def _browser_json(arrival: BrowserArrival) -> dict[str, Any]:
    hit = arrival.hit
    return {
        "event_name": hit.event_name,
        "event_id": hit.event_id,
        "pixel_id": hit.pixel_id,
        "method": hit.method,
        "fbp": hit.fbp,
        "at": arrival.at,
        "page_url": arrival.page_url,
        "cookies": sorted(arrival.cookies),
    }


def _server_json(arrival: ServerArrival) -> dict[str, Any]:
    user = arrival.event.get("user_data")
    keys = sorted(user) if isinstance(user, Mapping) else []
    return {
        "event_name": arrival.event.get("event_name"),
        "event_id": arrival.event.get("event_id"),
        "pixel_id": arrival.pixel_id,
        "user_data_keys": keys,
        "at": arrival.at,
        "origin": arrival.origin,
    }


def pair_json(pair: LivePair) -> dict[str, Any]:
    """One pair as a JSON object: keys, verdict, per-field reasons, warnings (no raw values)."""
    return {
        "event_name": pair.browser.hit.event_name,
        "event_id": pair.browser.hit.event_id,
        "server_event_id": pair.server.event.get("event_id"),
        "paired_by": pair.method,
        "verdict": pair.comparison.verdict,
        "summary": pair.comparison.summary,
        "clean": pair.clean,
        "fields": [
            {"field": r.field, "status": r.status, "reason": r.reason} for r in pair.comparison.rows
        ],
        "warnings": [{"kind": w.kind, "reason": w.reason} for w in pair.warnings],
    }
