"""Find the partner of a newly arrived event and judge the pair with the dedup engine (capi.md §5.6)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from capi_desktop.domain.dedup.compare import compare
from capi_desktop.domain.live.records import (
    BrowserArrival,
    LivePair,
    PairMethod,
    ServerArrival,
    SessionWarning,
    WarningKind,
)

# Lint rules that describe how a request is sent, not a field Meta will miss.
_NOT_FIELD_WARNINGS = frozenset({"request.access_token_in_body", "request.unknown_key"})
_DEDUP_RULES = ("event_id.", "request.duplicate_event_id")
# Capture and relay clocks see a request a few milliseconds apart from when Meta would: which
# side "arrived first" is only decidable beyond this margin, so closer pairs count as in order.
ORDER_TOLERANCE_S = 2.0


def _loose(value: Any) -> str:
    return "" if value is None else str(value).strip().casefold()


def _user(event: Mapping[str, Any]) -> Mapping[str, Any]:
    user = event.get("user_data")
    return user if isinstance(user, Mapping) else {}


def _same_pixel(browser: BrowserArrival, server: ServerArrival) -> bool:
    return browser.hit.pixel_id is None or server.pixel_id in (None, browser.hit.pixel_id)


def _fallback_method(browser: BrowserArrival, server: ServerArrival) -> PairMethod | None:
    """Meta's second rule: event_name plus fbp or external_id, browser first, one ID missing."""
    too_late = browser.at > server.at + ORDER_TOLERANCE_S
    if browser.hit.event_name != server.event.get("event_name") or too_late:
        return None
    if browser.hit.event_id and server.event.get("event_id") not in (None, ""):
        return None  # both carry an ID: they are different events, or the ID is broken
    user = _user(server.event)
    if browser.hit.fbp and user.get("fbp") == browser.hit.fbp:
        return "fbp fallback"
    external = browser.hit.user_data.get("external_id")
    if external and _loose(user.get("external_id")) == _loose(external):
        return "external_id fallback"
    return None


def partner_for_server(
    server: ServerArrival, unpaired: Sequence[BrowserArrival]
) -> tuple[BrowserArrival, PairMethod] | None:
    """The browser hit a server event deduplicates against, exact key first."""
    name, eid = server.event.get("event_name"), server.event.get("event_id")
    candidates = [b for b in unpaired if _same_pixel(b, server)]
    if eid not in (None, ""):
        for browser in candidates:
            if browser.hit.event_name == name and browser.hit.event_id == eid:
                return browser, "event_id"
        for browser in candidates:
            same = _loose(browser.hit.event_id) == _loose(eid)
            if same and _loose(browser.hit.event_name) == _loose(name):
                return browser, "event_id (loose)"
    for browser in candidates:
        method = _fallback_method(browser, server)
        if method is not None:
            return browser, method
    return None


def partner_for_browser(
    browser: BrowserArrival, unpaired: Sequence[ServerArrival]
) -> tuple[ServerArrival, PairMethod] | None:
    """The server event a browser hit deduplicates against that arrived before it."""
    if not browser.hit.event_id:
        # Meta's fallback needs the browser first: only a near-simultaneous server event counts.
        for server in unpaired:
            method = _fallback_method(browser, server) if _same_pixel(browser, server) else None
            if method is not None:
                return server, method
        return None
    for server in unpaired:
        if not _same_pixel(browser, server):
            continue
        if server.event.get("event_name") == browser.hit.event_name and (
            server.event.get("event_id") == browser.hit.event_id
        ):
            return server, "event_id"
    for server in unpaired:
        same_id = _loose(server.event.get("event_id")) == _loose(browser.hit.event_id)
        if same_id and _loose(server.event.get("event_name")) == _loose(browser.hit.event_name):
            return server, "event_id (loose)"
    return None


def finding_warnings(server: ServerArrival) -> list[SessionWarning]:
    """Lint errors and warnings of a relayed server event, as session warnings."""
    name = server.event.get("event_name")
    label = name if isinstance(name, str) else "an event"
    warnings = []
    for finding in server.findings:
        if finding.severity == "info" or finding.rule in _NOT_FIELD_WARNINGS:
            continue
        kind: WarningKind = "dedup" if finding.rule.startswith(_DEDUP_RULES) else "missing field"
        reason = f"server {label}: {finding.message} ({finding.path})"
        warnings.append(SessionWarning(server.at, kind, reason, label))
    return warnings


def _context_warnings(browser: BrowserArrival, server: ServerArrival) -> list[SessionWarning]:
    name = server.event.get("event_name")
    label = name if isinstance(name, str) else "an event"
    user = _user(server.event)
    warnings = []
    browser_fbp = browser.hit.fbp or browser.cookies.get("_fbp")
    if browser_fbp and not user.get("fbp"):
        reason = f"server {label} has no fbp although the browser had _fbp"
        warnings.append(SessionWarning(server.at, "missing field", reason, label))
    lacking = [k for k in ("client_ip_address", "client_user_agent") if not user.get(k)]
    if lacking:
        reason = f"server {label} lacks client context: {', '.join(lacking)}"
        warnings.append(SessionWarning(server.at, "missing field", reason, label))
    return warnings


def _order(browser: BrowserArrival, server: ServerArrival) -> str:
    gap = server.at - browser.at
    return ", browser first" if gap >= 0 else f", server first by {-gap:.1f} s"


def judge_pair(browser: BrowserArrival, server: ServerArrival, method: PairMethod) -> LivePair:
    """Compare the pair with the dedup engine and list what keeps it from being clean."""
    comparison = compare(browser.hit, server.event, server_pixel_id=server.pixel_id)
    warnings: list[SessionWarning] = []
    at = max(browser.at, server.at)
    if comparison.verdict != "deduplicated":
        problem = next(r for r in comparison.rows if r.impact != "deduplicated")
        verdict = comparison.verdict.replace("_", " ")
        how = "" if method == "event_id" else f" (paired by {method}{_order(browser, server)})"
        reason = f"{browser.hit.event_name}{how}: {verdict} — {problem.field}: {problem.reason}"
        warnings.append(SessionWarning(at, "dedup", reason, browser.hit.event_name))
    warnings += _context_warnings(browser, server)
    return LivePair(browser, server, method, comparison, tuple(warnings))
