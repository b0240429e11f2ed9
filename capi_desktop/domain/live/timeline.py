"""Per-event timeline (browser ✓ server ✓ paired ✓ fbp ✓ client context ✓) and the journey checklist."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from capi_desktop.domain.live.pairing import ORDER_TOLERANCE_S
from capi_desktop.domain.live.session import LiveSession

JOURNEY = ("PageView", "ViewContent", "AddToCart", "InitiateCheckout", "Purchase")
_COOKIE_FIELDS = (("fbp", "_fbp"), ("fbc", "_fbc"))


@dataclass(frozen=True)
class TimelineRow:
    """One event name: how many arrived from each side, paired, and whether the server sends context."""

    event_name: str
    browser: int
    server: int
    paired: int
    clean_pairs: int
    fbp: bool | None  # None: no server event yet
    client_context: bool | None
    in_journey: bool


def _user(event: Mapping[str, Any]) -> Mapping[str, Any]:
    user = event.get("user_data")
    return user if isinstance(user, Mapping) else {}


def timeline(session: LiveSession) -> list[TimelineRow]:
    """Journey events first (in journey order, even before they arrive), then any other names."""
    names = list(JOURNEY)
    for name in [b.hit.event_name for b in session.browser] + [
        s.event.get("event_name") for s in session.server
    ]:
        if isinstance(name, str) and name not in names:
            names.append(name)
    rows = []
    for name in names:
        servers = [s for s in session.server if s.event.get("event_name") == name]
        pairs = [p for p in session.pairs if p.browser.hit.event_name == name]
        users = [_user(s.event) for s in servers]
        rows.append(
            TimelineRow(
                name,
                sum(1 for b in session.browser if b.hit.event_name == name),
                len(servers),
                len(pairs),
                sum(1 for p in pairs if p.clean),
                all(u.get("fbp") for u in users) if users else None,
                all(u.get("client_ip_address") and u.get("client_user_agent") for u in users)
                if users
                else None,
                name in JOURNEY,
            )
        )
    return rows


@dataclass(frozen=True)
class ChecklistItem:
    """One line of the guide's journey check."""

    event_name: str
    browser_seen: bool
    server_seen: bool
    paired: bool


@dataclass(frozen=True)
class Checklist:
    items: tuple[ChecklistItem, ...]
    gaps: tuple[str, ...]  # "fbp first seen on PageView (browser) but absent on server Purchase"

    @property
    def complete(self) -> bool:
        return all(i.browser_seen and i.server_seen and i.paired for i in self.items)


def _first_seen(session: LiveSession, field: str, cookie: str) -> tuple[str, float] | None:
    """Where an upstream identifier was first created: a browser hit or cookie, or a server event."""
    seen: list[tuple[float, str]] = []
    for browser in session.browser:
        if getattr(browser.hit, field) or browser.cookies.get(cookie):
            seen.append((browser.at, f"{browser.hit.event_name} (browser)"))
            break
    for server in session.server:
        if _user(server.event).get(field):
            seen.append((server.at, f"{server.event.get('event_name')} (server)"))
            break
    if not seen:
        return None
    at, where = min(seen)
    browser_seen = [item for item in seen if item[1].endswith("(browser)")]
    if browser_seen and browser_seen[0][0] <= at + ORDER_TOLERANCE_S:
        # The cookie is made in the browser; a server copy a moment earlier only raced it.
        at, where = browser_seen[0]
    return where, at


def checklist(session: LiveSession) -> Checklist:
    items = []
    for name in JOURNEY:
        items.append(
            ChecklistItem(
                name,
                any(b.hit.event_name == name for b in session.browser),
                any(s.event.get("event_name") == name for s in session.server),
                any(p.browser.hit.event_name == name for p in session.pairs),
            )
        )
    gaps = []
    for field, cookie in _COOKIE_FIELDS:
        first = _first_seen(session, field, cookie)
        if first is None:
            continue
        where, at = first
        for server in session.server:
            if server.at >= at and not _user(server.event).get(field):
                gaps.append(
                    f"{field} first seen on {where} but absent on server"
                    f" {server.event.get('event_name')}"
                )
    return Checklist(tuple(items), tuple(dict.fromkeys(gaps)))
