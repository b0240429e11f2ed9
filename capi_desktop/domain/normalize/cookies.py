"""Parsing and checking `fbc` / `fbp` values (capi.md §5.4), parameter-builder appendix included."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from capi_desktop.domain.normalize.hashed import Appendix, decode_appendix, looks_like_sha256

FBC_MAX_AGE = timedelta(days=90)
_CLOCK_SKEW_MS = 5 * 60 * 1000
_FBCLID = re.compile(r"[A-Za-z0-9_-]+")


@dataclass(frozen=True)
class CookieProblem:
    """One finding about an fbc/fbp value; `is_error` means Meta cannot use the value."""

    id: str
    message: str
    is_error: bool


@dataclass(frozen=True)
class ParsedCookie:
    """Common parts of `fb.{subdomain_index}.{creation_time}.{payload}[.{appendix}]`."""

    raw: str
    version: str | None
    subdomain_index: int | None
    creation_time_ms: int | None
    appendix: Appendix | None
    problems: tuple[CookieProblem, ...]

    @property
    def valid(self) -> bool:
        return not any(p.is_error for p in self.problems)

    @property
    def created_at(self) -> datetime | None:
        if self.creation_time_ms is None:
            return None
        try:
            return datetime.fromtimestamp(self.creation_time_ms / 1000, UTC)
        except (OverflowError, OSError, ValueError):
            return None


@dataclass(frozen=True)
class ParsedFbc(ParsedCookie):
    """An fbc value; `fbclid` is the click ID copied from the landing URL (case-sensitive)."""

    fbclid: str | None = None


@dataclass(frozen=True)
class ParsedFbp(ParsedCookie):
    """An fbp value; `random` is the pixel-generated random number."""

    random: str | None = None


def _now_ms(now: datetime | None) -> int:
    moment = now or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp() * 1000)


def _split(
    kind: str, value: str, now: datetime | None, problems: list[CookieProblem]
) -> tuple[str | None, int | None, int | None, str | None, Appendix | None]:
    def error(pid: str, message: str) -> None:
        problems.append(CookieProblem(f"{kind}.{pid}", message, True))

    if looks_like_sha256(value) or looks_like_sha256(value.split(".", 1)[0]):
        error("hashed", f"{kind} must never be hashed; send the cookie value as-is.")
        return None, None, None, None, None
    parts = value.split(".")
    if len(parts) not in (4, 5):
        if kind == "fbc" and _FBCLID.fullmatch(value):
            error("bare_fbclid", "This looks like a bare fbclid; fbc is fb.1.<ms>.<fbclid>.")
        else:
            error(
                "format",
                f"{kind} must have the form fb.<subdomain_index>.<creation_time_ms>.<"
                f"{'fbclid' if kind == 'fbc' else 'random'}> (4 dot-separated parts, or 5 "
                "with a parameter-builder appendix).",
            )
        return None, None, None, None, None
    version, index_text, ts_text, payload = parts[:4]
    appendix = None
    if len(parts) == 5:
        appendix = decode_appendix(parts[4])
        if appendix is None:
            error("appendix", f"The 5th part {parts[4]!r} is not a parameter-builder appendix.")
    if version != "fb":
        error("prefix", f"{kind} must start with 'fb.' (got {version[:10]!r}).")
    index = int(index_text) if index_text.isascii() and index_text.isdigit() else None
    if index is None or len(index_text) != 1:
        error("subdomain_index", f"Subdomain index must be one digit (got {index_text[:10]!r}).")
    ts: int | None = None
    if not (ts_text.isascii() and ts_text.isdigit()):
        error("timestamp", "The creation time must be a Unix time in milliseconds.")
    elif len(ts_text) == 10:
        ts = int(ts_text) * 1000
        error("timestamp_seconds", "The creation time has 10 digits (seconds); use milliseconds.")
    elif len(ts_text) != 13:
        error("timestamp", f"The creation time must have 13 digits (got {len(ts_text)}).")
    else:
        ts = int(ts_text)
        if ts > _now_ms(now) + _CLOCK_SKEW_MS:
            error("timestamp_future", "The creation time is in the future.")
    return version, index, ts, payload, appendix


def parse_fbc(value: str, now: datetime | None = None) -> ParsedFbc:
    """Split and check an fbc value; `now` (default: current UTC time) drives age checks."""
    problems: list[CookieProblem] = []
    version, index, ts, fbclid, appendix = _split("fbc", value, now, problems)
    if fbclid is not None:
        if not _FBCLID.fullmatch(fbclid):
            problems.append(
                CookieProblem("fbc.fbclid", "The fbclid contains unexpected characters.", True)
            )
        elif any(c.isalpha() for c in fbclid) and (fbclid.islower() or fbclid.isupper()):
            problems.append(
                CookieProblem(
                    "fbc.fbclid_case",
                    "The fbclid is all "
                    f"{'lower' if fbclid.islower() else 'upper'}case; real ones mix case. It "
                    "must be copied exactly from the URL, never lower- or upper-cased.",
                    False,
                )
            )
    if ts is not None and _now_ms(now) - ts > FBC_MAX_AGE.total_seconds() * 1000:
        problems.append(
            CookieProblem(
                "fbc.expired",
                "The click is older than 90 days (the _fbc cookie lifetime); Meta may not "
                "attribute it.",
                False,
            )
        )
    return ParsedFbc(value, version, index, ts, appendix, tuple(problems), fbclid=fbclid)


def parse_fbp(value: str, now: datetime | None = None) -> ParsedFbp:
    """Split and check an fbp value; `now` (default: current UTC time) drives the future check."""
    problems: list[CookieProblem] = []
    version, index, ts, random, appendix = _split("fbp", value, now, problems)
    if random is not None and not (random.isascii() and random.isdigit() and len(random) <= 20):
        problems.append(
            CookieProblem("fbp.random", "The random part of fbp must be 1–20 digits.", True)
        )
    return ParsedFbp(value, version, index, ts, appendix, tuple(problems), random=random)
