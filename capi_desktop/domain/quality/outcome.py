"""What a quality fetch came to (data, empty, permission, throttled, error): one verdict for GUI and CLI."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from capi_desktop.domain.error_catalog.labels import code_label
from capi_desktop.domain.quality.access import SETUP_STEP, missing_scopes, read_spec

State = Literal["data", "empty", "events_manager_empty", "permission", "throttled", "error"]
_PERMISSION_CODES = frozenset({3, 10, 200, 294, *range(200, 300)})
_THROTTLE_CODES = frozenset({4, 17, 32, 613, 80004, *range(80000, 80015)})


@dataclass(frozen=True)
class Outcome:
    state: State
    title: str
    detail: str
    missing_scopes: tuple[str, ...] = ()
    setup_step: str = ""
    retry_after_s: float | None = None


def classify(
    *,
    code: int | None,
    message: str,
    answered_empty: bool,
    event_count: int,
    scopes: tuple[str, ...] | None = None,
    retry_after_s: float | None = None,
) -> Outcome:
    """Classify a dataset_quality answer. `code` is the Graph error code (None = no error)."""
    spec = read_spec("dataset_quality")
    if code is not None:
        message = _without_code(message, code)
        if code in _THROTTLE_CODES:
            when = f" Try again in about {_human(retry_after_s)}." if retry_after_s else ""
            return Outcome(
                "throttled",
                "Meta is rate-limiting these reads",
                f"{message}{code_label(code, None)}.{when}",
                retry_after_s=retry_after_s,
            )
        lowered = message.lower()
        if code in _PERMISSION_CODES or (code == 100 and "permission" in lowered):
            missing = missing_scopes(spec, scopes) if scopes is not None else ()
            shown = missing or ("ads_read", "ads_management or business_management")
            return Outcome(
                "permission",
                "This token may not read dataset quality",
                f"{message}{code_label(code, None)}. Missing: {', '.join(shown)}"
                + (
                    ""
                    if scopes is not None
                    else " (from Meta's docs; the token's scopes are unknown)"
                ),
                missing_scopes=tuple(shown),
                setup_step=SETUP_STEP.format(scopes=", ".join(shown)),
            )
        return Outcome(
            "error", "The Graph API refused the read", f"{message}{code_label(code, None)}"
        )
    if answered_empty:
        # Meta's page says Events Manager tokens can read quality data, yet such tokens are
        # reported to get `{}`; `{}` may also just mean nothing to report. Say both, decide neither.
        return Outcome(
            "events_manager_empty",
            "Meta answered with nothing ({})",
            "Meta returned an empty object. Tokens generated in Events Manager are reported to get "
            "this answer (Meta's docs say they can read quality data); it may also mean Meta has "
            "nothing to report for this dataset. We cannot tell which. If you expected scores, try "
            "a System User token with ads_read and ads_management or business_management.",
            missing_scopes=(),
            setup_step=SETUP_STEP.format(scopes="ads_read, ads_management"),
        )
    if event_count == 0:
        return Outcome(
            "empty",
            "No web events in this dataset yet",
            "Meta scores only web events it received recently. Send a few server events "
            "(Send & Compare), then refresh.",
        )
    return Outcome("data", "Scored by Meta", f"{event_count} event name(s) scored by Meta")


def _human(seconds: float | None) -> str:
    if seconds is None:
        return "a moment"
    if seconds < 90:
        return f"{round(seconds)} s"
    return f"{round(seconds / 60)} min"


def _without_code(message: str, code: int) -> str:
    """Graph messages often start with "(#100) "; we append the code ourselves."""
    prefix = code_label(code, None).strip()
    return message[len(prefix) :].strip() if message.startswith(prefix) else message
