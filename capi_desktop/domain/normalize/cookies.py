"""Parsing and checking `fbc` / `fbp` values (capi.md §5.4), parameter-builder appendix included."""

from __future__ import annotations

import functools
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
        return None if self.creation_time_ms is None else created_at(self.creation_time_ms)


def created_at(creation_time_ms: int) -> datetime | None:
    """The creation time as a UTC datetime; None when out of datetime's range."""
    try:
        return datetime.fromtimestamp(creation_time_ms / 1000, UTC)
    except (OverflowError, OSError, ValueError):
        return None


_TWO_DIGITS = tuple(f"{n:02d}" for n in range(60))
_MINUTES = tuple(f" {m // 60:02d}:{m % 60:02d}:" for m in range(1440))  # " HH:MM:"


@functools.lru_cache(maxsize=1024)
def _day_text(day: int) -> str:
    return datetime.fromtimestamp(day * 86_400, UTC).date().isoformat()


def created_text(creation_time_ms: int) -> str | None:
    """created_at(ms) as 'YYYY-MM-DD HH:MM:SS' (isoformat(' ', 'seconds')[:19]); None when out
    of range. Up to 13 digits, the fields come from integer division: 3x faster, same text."""
    if not 0 <= creation_time_ms < 10**13:
        created = created_at(creation_time_ms)
        return None if created is None else created.isoformat(" ", "seconds")[:19]
    day, rest = divmod(creation_time_ms // 1000, 86_400)
    minute, second = divmod(rest, 60)
    return _day_text(day) + _MINUTES[minute] + _TWO_DIGITS[second]


@dataclass(frozen=True)
class ParsedFbc(ParsedCookie):
    """An fbc value; `fbclid` is the click ID copied from the landing URL (case-sensitive)."""

    fbclid: str | None = None


@dataclass(frozen=True)
class ParsedFbp(ParsedCookie):
    """An fbp value; `random` is the pixel-generated random number."""

    random: str | None = None


def _now_ms(now: datetime | None) -> int:
    if now is None:
        return _ms(datetime.now(UTC))
    return _ms(now)


@functools.lru_cache(maxsize=16)
def _ms(moment: datetime) -> int:
    # Engine contexts keep one rounded clock per minute: the same moment over and over.
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp() * 1000)


_Parts = tuple[str | None, int | None, int | None, str | None, Appendix | None]
_NO_PARTS: _Parts = (None, None, None, None, None)


def _split(kind: str, value: str, now_ms: int, problems: list[CookieProblem]) -> _Parts:
    head = value.partition(".")[0]
    if (len(value) == 64 or len(head) == 64) and (
        looks_like_sha256(value) or looks_like_sha256(head)
    ):
        _error(
            problems, kind, "hashed", f"{kind} must never be hashed; send the cookie value as-is."
        )
        return _NO_PARTS
    parts = value.split(".")
    if len(parts) not in (4, 5):
        if kind == "fbc" and _FBCLID.fullmatch(value):
            _error(
                problems,
                kind,
                "bare_fbclid",
                "This looks like a bare fbclid; fbc is fb.1.<ms>.<fbclid>.",
            )
        else:
            _error(
                problems,
                kind,
                "format",
                f"{kind} must have the form fb.<subdomain_index>.<creation_time_ms>.<"
                f"{'fbclid' if kind == 'fbc' else 'random'}> (4 dot-separated parts, or 5 "
                "with a parameter-builder appendix).",
            )
        return _NO_PARTS
    version, index_text, ts_text, payload = parts[:4]
    appendix = None
    if len(parts) == 5:
        appendix = decode_appendix(parts[4])
        if appendix is None:
            _error(
                problems,
                kind,
                "appendix",
                f"The 5th part {parts[4]!r} is not a parameter-builder appendix.",
            )
    if version != "fb":
        _error(problems, kind, "prefix", f"{kind} must start with 'fb.' (got {version[:10]!r}).")
    index = int(index_text) if index_text.isascii() and index_text.isdigit() else None
    if index is None or len(index_text) != 1:
        _error(
            problems,
            kind,
            "subdomain_index",
            f"Subdomain index must be one digit (got {index_text[:10]!r}).",
        )
    ts: int | None = None
    if not (ts_text.isascii() and ts_text.isdigit()):
        _error(
            problems, kind, "timestamp", "The creation time must be a Unix time in milliseconds."
        )
    elif len(ts_text) == 10:
        ts = int(ts_text) * 1000
        _error(
            problems,
            kind,
            "timestamp_seconds",
            "The creation time has 10 digits (seconds); use milliseconds.",
        )
    elif len(ts_text) != 13:
        _error(
            problems,
            kind,
            "timestamp",
            f"The creation time must have 13 digits (got {len(ts_text)}).",
        )
    else:
        ts = int(ts_text)
        if ts > now_ms + _CLOCK_SKEW_MS:
            _error(problems, kind, "timestamp_future", "The creation time is in the future.")
    return version, index, ts, payload, appendix


def _error(problems: list[CookieProblem], kind: str, pid: str, message: str) -> None:
    problems.append(CookieProblem(f"{kind}.{pid}", message, True))


def _fbc(value: str, now_ms: int, problems: list[CookieProblem]) -> _Parts:
    parts = _split("fbc", value, now_ms, problems)
    fbclid, ts = parts[3], parts[2]
    if fbclid is not None:
        if not _FBCLID.fullmatch(fbclid):
            problems.append(_FBCLID_CHARACTERS)
        elif fbclid.islower() or fbclid.isupper():  # both imply a letter (ASCII here)
            problems.append(
                CookieProblem(
                    "fbc.fbclid_case",
                    "The fbclid is all "
                    f"{'lower' if fbclid.islower() else 'upper'}case; real ones mix case. It "
                    "must be copied exactly from the URL, never lower- or upper-cased.",
                    False,
                )
            )
    if ts is not None and now_ms - ts > _MAX_AGE_MS:
        problems.append(_FBC_EXPIRED)
    return parts


def _fbp(value: str, now_ms: int, problems: list[CookieProblem]) -> _Parts:
    parts = _split("fbp", value, now_ms, problems)
    random = parts[3]
    if random is not None and not (random.isascii() and random.isdigit() and len(random) <= 20):
        problems.append(_FBP_RANDOM)
    return parts


_FBCLID_CHARACTERS = CookieProblem("fbc.fbclid", "The fbclid contains unexpected characters.", True)
_FBC_EXPIRED = CookieProblem(
    "fbc.expired",
    "The click is older than 90 days (the _fbc cookie lifetime); Meta may not attribute it.",
    False,
)
_FBP_RANDOM = CookieProblem("fbp.random", "The random part of fbp must be 1–20 digits.", True)
_MAX_AGE_MS = FBC_MAX_AGE.total_seconds() * 1000


def findings(
    kind: str, value: str, now: datetime | None
) -> tuple[int | None, Appendix | None, list[CookieProblem]]:
    """(creation ms, appendix, problems) of an fbc or fbp value: what parse_fbc / parse_fbp
    find, without building the parsed object (the normalization rule needs only these)."""
    problems: list[CookieProblem] = []
    now_ms = _ms(datetime.now(UTC) if now is None else now)  # _now_ms inlined (per value)
    parts = (_fbc if kind == "fbc" else _fbp)(value, now_ms, problems)
    return parts[2], parts[4], problems


def parse_fbc(value: str, now: datetime | None = None) -> ParsedFbc:
    """Split and check an fbc value; `now` (default: current UTC time) drives age checks."""
    problems: list[CookieProblem] = []
    version, index, ts, fbclid, appendix = _fbc(value, _now_ms(now), problems)
    return ParsedFbc(value, version, index, ts, appendix, tuple(problems), fbclid=fbclid)


def parse_fbp(value: str, now: datetime | None = None) -> ParsedFbp:
    """Split and check an fbp value; `now` (default: current UTC time) drives the future check."""
    problems: list[CookieProblem] = []
    version, index, ts, random, appendix = _fbp(value, _now_ms(now), problems)
    return ParsedFbp(value, version, index, ts, appendix, tuple(problems), random=random)
