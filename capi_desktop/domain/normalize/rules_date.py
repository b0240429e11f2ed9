"""Rule for db: many date spellings → YYYYMMDD, day/month ambiguity resolved by country, range checks."""

from __future__ import annotations

import re
from datetime import date

from capi_desktop.domain.normalize.geo import region_of
from capi_desktop.domain.normalize.model import NormalizeContext
from capi_desktop.domain.normalize.trace import Trace, show

# Countries writing month before day (M/D/Y) in everyday numeric dates.
MONTH_FIRST = frozenset({"US", "PH", "FM", "MH", "PW", "AS", "GU", "MP", "PR", "VI", "UM", "BZ"})

_MONTHS = {
    name: index
    for index, names in enumerate(
        (
            ("jan", "january", "janvier", "januar", "enero", "gennaio"),
            ("feb", "february", "fevrier", "février", "februar", "febrero", "febbraio"),
            ("mar", "march", "mars", "märz", "marz", "marzo"),
            ("apr", "april", "avril", "abril", "aprile"),
            ("may", "mai", "mayo", "maggio"),
            ("jun", "june", "juin", "juni", "junio", "giugno"),
            ("jul", "july", "juillet", "juli", "julio", "luglio"),
            ("aug", "august", "aout", "août", "agosto"),
            ("sep", "sept", "september", "septembre", "septiembre", "settembre"),
            ("oct", "october", "octobre", "oktober", "octubre", "ottobre"),
            ("nov", "november", "novembre", "noviembre"),
            ("dec", "december", "decembre", "décembre", "dezember", "diciembre", "dicembre"),
        ),
        start=1,
    )
    for name in names
}
_TIME_PART = re.compile(r"[T\s]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:z|[+-]\d{2}:?\d{2})?$", re.I)
_TOKENS = re.compile(r"\d+|[^\W\d_]+")


def _two_digit_year(yy: int, today: date, trace: Trace) -> int:
    year = 2000 + yy if 2000 + yy <= today.year else 1900 + yy
    trace.warn("db.two_digit_year", f"Two-digit year {yy:02d} read as {year}.")
    return year


def _pick_day_month(
    first: int, second: int, separator: str, region: str | None, trace: Trace, raw: str
) -> tuple[int, int]:
    """(month, day) for a numeric date whose first two numbers could be either."""
    if first > 12 >= second:
        return second, first
    if second > 12 >= first:
        return first, second
    if first == second:
        return first, second
    month_first = region in MONTH_FIRST if region else separator == "/"
    why = (
        f"the default country {region} writes "
        f"{'month/day' if region in MONTH_FIRST else 'day/month'}"
        if region
        else (
            "no default country; '/' read as US month/day"
            if month_first
            else f"no default country; '{separator}' read as day{separator}month"
        )
    )
    chosen = (first, second) if month_first else (second, first)
    trace.warn(
        "db.ambiguous",
        f"{show(raw)} is ambiguous: month {first} day {second} or day {first} month {second}. "
        f"Chose month {chosen[0]}, day {chosen[1]} because {why}.",
    )
    return chosen


def _parse(
    value: str, region: str | None, today: date, trace: Trace
) -> tuple[int, int, int] | None:
    if len(value) == 8 and value.isascii() and value.isdigit():  # YYYYMMDD: one token
        year = int(value[:4])
        if 1800 <= year <= today.year + 1:  # the first reading below, without the token lists
            return year, int(value[4:6]), int(value[6:])
        tokens = [value]
    else:
        tokens = _TOKENS.findall(value)
    numbers = [t for t in tokens if t.isdigit()]
    words = [t for t in tokens if not t.isdigit()]
    if len(numbers) == 1 and not words and len(numbers[0]) == 8:
        digits = numbers[0]
        year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:])
        if 1800 <= year <= today.year + 1:
            return year, month, day
        first, second, year = int(digits[:2]), int(digits[2:4]), int(digits[4:])
        month, day = _pick_day_month(first, second, "", region, trace, value)
        return year, month, day
    if len(words) == 1 and len(numbers) == 2:
        named = _MONTHS.get(words[0].lower().rstrip("."))
        big = [n for n in numbers if len(n) == 4]
        if named is None or len(big) != 1:
            return None
        day = int(next(n for n in numbers if n is not big[0]))
        return int(big[0]), named, day
    if words or len(numbers) != 3:
        return None
    a, b, c = numbers
    if len(a) == 4:
        return int(a), int(b), int(c)
    if len(c) not in (2, 4):
        return None
    year = int(c) if len(c) == 4 else _two_digit_year(int(c), today, trace)
    separators = {ch for ch in value if not ch.isalnum() and not ch.isspace()}
    separator = next(iter(separators)) if len(separators) == 1 else ""
    month, day = _pick_day_month(int(a), int(b), separator, region, trace, value)
    return year, month, day


def rule_db(value: str, ctx: NormalizeContext, trace: Trace) -> str | None:
    today = ctx.current_time().date()
    text = value
    cut = _TIME_PART.search(text) if ":" in text else None  # every time part has a ':'
    if cut and cut.start() > 0:
        text = text[: cut.start()]
        trace.step("dropped the time of day")
    parsed = _parse(text, region_of(ctx.default_country), today, trace)
    if parsed is None:
        trace.fail(
            "db.unparseable",
            f"Cannot read {show(value)} as a date; Meta expects YYYYMMDD, e.g. '19970216'.",
        )
        return None
    year, month, day = parsed
    try:
        born = date(year, month, day)
    except ValueError:
        trace.fail("db.invalid_date", f"No such date: year {year}, month {month}, day {day}.")
        return None
    if year < 1900:
        trace.fail("db.out_of_range", f"Year {year} is before 1900 (Meta: 1900 to current year).")
        return None
    if born > today:
        trace.fail("db.future", f"{born.isoformat()} is in the future.")
        return None
    if (today.year - year) < 13:
        trace.warn("db.recent", f"{born.isoformat()} is less than 13 years ago; check the field.")
    if len(text) == 8 and text.isascii() and text.isdigit() and int(text[:4]) == year:
        result = text  # read as YYYYMMDD (_parse's first reading): formatting gives it back
    else:
        result = f"{year:04d}{month:02d}{day:02d}"
    if result != value:
        trace.step(f"reformatted as YYYYMMDD ({born.isoformat()} → {result})")
    return result
