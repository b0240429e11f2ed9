"""What the browser capture hands the session: one intercepted request, read by Compare's parser."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

from capi_desktop.domain.pixel.hit import SourceKind
from capi_desktop.domain.pixel.paste import PasteError
from capi_desktop.domain.pixel.request import PixelHit, hit_from_request, is_pixel_url

RequestKind = Literal["pixel", "attribution_trigger", "other"]
# The Pixel's Privacy Sandbox attribution call repeats the event for Chrome's Attribution
# Reporting API; Test Events does not list it as a Browser event, so it is shown, never paired.
TRIGGER_PATH = "/privacy_sandbox/pixel/register/trigger"
# Playwright route pattern (a regular expression: a glob's `*` stops at `/`, see the spike).
PIXEL_URL_PATTERN = (
    r"^https?://([\w-]+\.)*facebook\.com/(tr/?|privacy_sandbox/pixel/register/trigger/?)([?#].*)?$"
)


@dataclass(frozen=True)
class CapturedRequest:
    """One request the browser made to Meta's Pixel endpoints, as the browser sent it."""

    url: str
    method: str
    body: str | None
    content_type: str | None
    page_url: str | None
    at: float  # Unix seconds when the browser sent it
    cookies: dict[str, str] = field(default_factory=dict)  # only _fbp / _fbc of the page


def request_kind(url: str) -> RequestKind:
    """Pixel event hit, Privacy Sandbox attribution trigger, or something else."""
    if is_pixel_url(url):
        return "pixel"
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    on_facebook = host == "facebook.com" or host.endswith(".facebook.com")
    if on_facebook and parts.path.rstrip("/") == TRIGGER_PATH:
        return "attribution_trigger"
    return "other"


def parse_captured(request: CapturedRequest) -> PixelHit | str:
    """The Pixel hit in a captured request (the same parser as Compare), or why it is not one."""
    kind = request_kind(request.url)
    if kind != "pixel":
        return (
            "a Privacy Sandbox attribution trigger (not a Test Events row)"
            if kind == "attribution_trigger"
            else "not a Pixel request"
        )
    source: SourceKind = "form" if request.method.upper() == "POST" and request.body else "url"
    try:
        return hit_from_request(
            request.url, request.method, request.body, request.content_type, source
        )
    except PasteError as exc:
        return str(exc)
