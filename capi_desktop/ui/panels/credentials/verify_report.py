"""HTML for a Verify result: what the token can reach, or the classified cause and its fix."""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any

from capi_desktop.backend.graph_models import CredentialCheck, TokenInfo
from capi_desktop.ui.panels.quality.probe_html import quality_reads_html
from capi_desktop.ui.theme import SEVERITY_COLORS
from capi_desktop.ui.widgets.graph_error_view import REPORT, ErrorParts, graph_error_html

# Which step of the guide (guide.py) a failure category points back to.
MISSED_STEP: dict[str, str] = {
    "token": "Steps 4–5: the token is not valid — cut off when pasted, revoked, or its "
    "System User was removed. Generate a new one and paste it again.",
    "pixel": "Step 3 (or a wrong Pixel ID): the token cannot see this Pixel. Check the ID, then "
    "assign the Pixel to the System User with manage permission.",
    "permission": "Step 3 or 4: the System User lacks manage permission on the Pixel, or the "
    "token was generated without business_management and ads_management.",
    "version": "Not a setup step: choose a current API version above.",
    "network": "Not a setup step: CAPI Desktop could not reach the Graph API (network, proxy, "
    "firewall). Nothing was wrong with the token as far as we know.",
    "throttle": "Not a setup step: Meta is rate-limiting; wait a few minutes and verify again.",
    "server": "Not a setup step: Meta (or a proxy) failed; verify again in a few minutes.",
    "payload": "Check the Pixel ID (step 3) and the API version.",
}
NEEDED_SCOPES = ("ads_management", "business_management")


def _row(label: str, value: str) -> str:
    return (
        f'<tr><td style="padding-right:14px; color:gray;">{escape(label)}</td><td>{value}</td></tr>'
    )


def _when(raw: Any, now: dt.datetime) -> str:
    """Graph times look like 2026-11-27T10:00:00+0000."""
    if not raw:
        return "never (no events received yet)"
    try:
        moment = dt.datetime.strptime(str(raw), "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        return escape(str(raw))
    return f"{moment:%Y-%m-%d %H:%M} UTC ({_ago(now - moment)})"


def _ago(delta: dt.timedelta) -> str:
    seconds = int(delta.total_seconds())
    if seconds < 0:
        return "in the future — check the server clock"
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''} ago"
    return "just now"


def _expiry(expires_at: int | None, now: dt.datetime) -> str:
    if expires_at is None:
        return "unknown"
    if expires_at == 0:
        return "never (a System User token lasts until it is revoked)"
    moment = dt.datetime.fromtimestamp(expires_at, dt.UTC)
    days = (moment - now).days
    if days < 0:
        return f'<span style="color:{SEVERITY_COLORS["error"]}">expired {moment:%Y-%m-%d}</span>'
    color = SEVERITY_COLORS["warning"] if days < 14 else ""
    text = f"{moment:%Y-%m-%d %H:%M} UTC (in {days} days)"
    return f'<span style="color:{color}">{text}</span>' if color else text


def _name_id(data: Any) -> str:
    if not isinstance(data, dict):
        return "—"
    name, ident = escape(str(data.get("name") or "")), escape(str(data.get("id") or ""))
    return f"<b>{name}</b> · {ident}" if name else ident or "—"


def _token_rows(info: TokenInfo | None, now: dt.datetime) -> list[str]:
    if info is None:
        return []
    kind = {"SYSTEM_USER": "System User token", "USER": "personal user token", "PAGE": "Page token"}
    app = escape(info.application or "")
    app_text = f"{app} · {escape(info.app_id)}" if app else escape(info.app_id or "—")
    scopes = ", ".join(escape(s) for s in info.scopes) or "—"
    return [
        _row("Token type", escape(kind.get(info.type, info.type or "unknown"))),
        _row("App", app_text),
        _row("Scopes", scopes),
        _row("Expires", _expiry(info.expires_at, now)),
    ]


def _notes(check: CredentialCheck) -> list[tuple[str, str]]:
    notes: list[tuple[str, str]] = []
    if check.version_warning:
        notes.append(("warning", check.version_warning))
    info = check.token_info
    if info is not None:
        missing = [s for s in NEEDED_SCOPES if info.scopes and s not in info.scopes]
        if missing:
            notes.append(
                ("warning", f"The token lacks {', '.join(missing)}: regenerate it (step 4).")
            )
        if info.type == "USER":
            notes.append(
                (
                    "info",
                    "A personal token stops working when that person leaves or changes "
                    "their password: prefer a System User token (see the guide).",
                )
            )
    elif check.debug_token_error is not None:
        notes.append(
            (
                "info",
                "Token details (type, scopes, expiry) are not available for this "
                f"token: {check.debug_token_error.title}.",
            )
        )
    return notes


def success_html(check: CredentialCheck, *, emulator: bool, now: dt.datetime) -> str:
    color = SEVERITY_COLORS["ok"]
    where = "the local emulator (not Meta)" if emulator else "Meta's Graph API"
    pixel = check.pixel or {}
    rows = [
        _row("Pixel", _name_id(pixel)),
        _row("Last fired", _when(pixel.get("last_fired_time"), now)),
        _row("Owner business", _name_id(pixel.get("owner_business"))),
        _row("Token user", _name_id(check.me)),
        *_token_rows(check.token_info, now),
    ]
    notes = "".join(
        f'<p style="color:{SEVERITY_COLORS[level]}">{escape(text)}</p>'
        for level, text in _notes(check)
    )
    return (
        f'<p style="color:{color}; font-size:large;"><b>✔ Verified against {where}</b></p>'
        f"<table>{''.join(rows)}</table>{notes}"
        + quality_reads_html(check.token_info.scopes if check.token_info else None)
    )


def failure_html(check: CredentialCheck, *, emulator: bool) -> str:
    error = check.error
    if error is None:
        return ""
    step = MISSED_STEP.get(error.category, "")
    if emulator and error.category == "network":
        step = (
            "The local emulator is not running (it stops when CAPI Desktop quits). "
            "Click <b>Try without a Meta account</b> to start it again."
        )
    elif step:
        step = escape(step)
    parts = ErrorParts(
        title=error.title,
        code=error.code,
        subcode=error.subcode,
        said=error.user_msg or error.message,
        said_by="Meta said",
        meaning=error.entry.meaning if error.entry is not None else "",
        fixes=error.fix,
        doc_url=error.entry.doc_url if error.entry is not None else "",
        trace=error.fbtrace_id,
        extra_html=f"<p><b>Which step to check:</b> {step}</p>" if step else "",
    )
    html = graph_error_html(parts, REPORT)
    others = [e for e in check.errors if e is not error]
    if others:
        also = "".join(f"<li>{escape(e.summary())}</li>" for e in others)
        html += f"<p><b>Also reported</b></p><ul>{also}</ul>"
    return html


def report_html(
    check: CredentialCheck, *, emulator: bool, checked_at: dt.datetime | None = None
) -> str:
    """The whole result; `checked_at` (UTC) also anchors the "N hours ago" texts."""
    now = checked_at or dt.datetime.now(dt.UTC)
    body = (
        success_html(check, emulator=emulator, now=now)
        if check.ok
        else failure_html(check, emulator=emulator)
    )
    local = now.astimezone()
    footer = f'<p style="color:gray;">Checked at {local:%H:%M:%S} in {check.duration_s:.2f} s</p>'
    return body + footer
