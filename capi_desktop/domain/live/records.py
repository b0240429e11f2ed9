"""Value types of a live session: browser and server arrivals, relayed requests, pairs, warnings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from capi_desktop.domain.dedup.model import Comparison
from capi_desktop.domain.lint import Finding
from capi_desktop.domain.pixel.hit import PixelHit

WarningKind = Literal["missing field", "token", "dedup", "rejected request"]
PairMethod = Literal["event_id", "event_id (loose)", "fbp fallback", "external_id fallback"]


@dataclass(frozen=True)
class BrowserArrival:
    """One Pixel hit the browser sent, parsed by Compare's parser."""

    index: int
    hit: PixelHit
    at: float
    page_url: str | None
    cookies: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RelayedRequest:
    """One request the relay (or an imported log) handed over; never holds the token."""

    at: float
    path: str
    pixel_id: str | None
    status: int
    events: tuple[Mapping[str, Any], ...] = ()
    findings: tuple[Finding, ...] = ()
    error: Mapping[str, Any] | None = None  # Graph's error object when the answer was an error
    token_present: bool = True
    forwarded: bool = False
    test_event_code: str | None = None
    origin: str = "relay"
    answer: Mapping[str, Any] | None = None  # the JSON answer the sender got


@dataclass(frozen=True)
class ServerArrival:
    """One server event (`data[i]`) of an accepted request."""

    index: int
    event: Mapping[str, Any]
    pixel_id: str | None
    at: float
    origin: str
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class LivePair:
    """A browser hit and the server event Meta should merge it with, and the dedup verdict."""

    browser: BrowserArrival
    server: ServerArrival
    method: PairMethod
    comparison: Comparison
    warnings: tuple[SessionWarning, ...]

    @property
    def clean(self) -> bool:
        return not self.warnings


@dataclass(frozen=True)
class SessionWarning:
    """A missing-field, token, dedup or rejection warning, in words that name the event."""

    at: float
    kind: WarningKind
    reason: str
    event_name: str | None = None
