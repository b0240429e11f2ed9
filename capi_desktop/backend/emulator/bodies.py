"""Meta-shaped Graph API response bodies for the emulator (shapes from capi.md §1.4–§6.3)."""

from __future__ import annotations

import secrets
from typing import Any

GRAPH_DOCS = "https://developers.facebook.com/docs/graph-api"

# Messages of capi.md §6.2 for the throttling codes the emulator can inject.
THROTTLES: dict[int, tuple[int | None, str]] = {
    4: (1504022, "Application request limit reached"),
    17: (2446079, "User request limit reached"),
    613: (1487742, "Calls to this api have exceeded the rate limit."),
    80004: (
        None,
        "There have been too many calls to this ad-account. Wait a bit and try again. "
        "For more info, please refer to "
        "https://developers.facebook.com/docs/graph-api/overview/rate-limiting.",
    ),
}


def trace_id() -> str:
    return "A" + secrets.token_urlsafe(16)[:22]


def graph_error(
    code: int,
    message: str,
    *,
    subcode: int | None = None,
    error_type: str = "OAuthException",
    user_title: str | None = None,
    user_msg: str | None = None,
    is_transient: bool | None = None,
) -> dict[str, Any]:
    error: dict[str, Any] = {"message": message, "type": error_type, "code": code}
    if subcode is not None:
        error["error_subcode"] = subcode
    if is_transient is not None:
        error["is_transient"] = is_transient
    if user_title is not None:
        error["error_user_title"] = user_title
    if user_msg is not None:
        error["error_user_msg"] = user_msg
    error["fbtrace_id"] = trace_id()
    return {"error": error}


def success(events_received: int) -> dict[str, Any]:
    return {"events_received": events_received, "messages": [], "fbtrace_id": trace_id()}


def missing_token() -> dict[str, Any]:
    return graph_error(104, "An access token is required to request this resource.")


def invalid_token() -> dict[str, Any]:
    return graph_error(190, "Invalid OAuth access token - Cannot parse access token")


def expired_token() -> dict[str, Any]:
    return graph_error(
        190,
        "Error validating access token: Session has expired on Friday, 01-Jan-27 00:00:00 PST.",
        subcode=463,
    )


def unknown_object(object_id: str, method: str) -> dict[str, Any]:
    return graph_error(
        100,
        f"Unsupported {method.lower()} request. Object with ID '{object_id}' does not exist, "
        "cannot be loaded due to missing permissions, or does not support this operation. "
        f"Please read the Graph API documentation at {GRAPH_DOCS}",
        subcode=33,
        error_type="GraphMethodException",
    )


def unknown_path(path: str) -> dict[str, Any]:
    return graph_error(2500, f"Unknown path components: {path}")


def invalid_parameter(user_title: str, user_msg: str) -> dict[str, Any]:
    return graph_error(
        100, "Invalid parameter", is_transient=False, user_title=user_title, user_msg=user_msg
    )


def param_error(message: str) -> dict[str, Any]:
    return graph_error(100, f"(#100) {message}")


def event_too_old() -> dict[str, Any]:
    # Fixture F1 (capi.md §6.3), the real English body.
    return graph_error(
        100,
        "Invalid parameter",
        subcode=2804003,
        is_transient=False,
        user_title="Event Timestamp Too Old",
        user_msg="The timestamp for this event is too far in the past. Events need to be sent "
        "from your server within 7 days of when they occurred. Enter a timestamp that has "
        "occurred within the last 7 days.",
    )


def thin_user_data() -> dict[str, Any]:
    # Fixture F4 (capi.md §6.3).
    return graph_error(
        100,
        "Invalid parameter",
        subcode=2804050,
        is_transient=False,
        user_title="Customer information parameters",
        user_msg="This event has insufficient customer information.",
    )


def missing_currency() -> dict[str, Any]:
    # Real body quoted in Adsmurai-Google-Tag-Manager-Templates/adsmurai-facebook-conversions-api-client#7.
    return graph_error(
        100,
        "Invalid parameter",
        subcode=2804010,
        is_transient=False,
        user_title="Missing Currency for Purchase Event",
        user_msg="Your purchase event doesn\u2019t include a currency parameter. Enter a currency "
        "parameter. For example: USD",
    )


def throttled(code: int) -> dict[str, Any]:
    subcode, message = THROTTLES.get(
        code, (None, "Calls to this api have exceeded the rate limit.")
    )
    return graph_error(code, message, subcode=subcode, is_transient=True)


def html_page(status: int) -> str:
    reason = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}.get(
        status, "Error"
    )
    return (
        f"<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n"
        f"<center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n"
        "</body>\r\n</html>\r\n"
    )
