"""Step and warning collector passed through the per-key rules."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from capi_desktop.domain.normalize.model import FieldWarning, NormalizeContext


class Trace:
    """Collects the ordered steps and warnings of one normalization; `failed` marks an error.

    `step(text)` records a step: it is the steps list's own append (a C call, no Python frame;
    rules record several steps per value)."""

    __slots__ = ("failed", "step", "steps", "warnings")

    def __init__(
        self, steps: list[str] | None = None, warnings: list[FieldWarning] | None = None
    ) -> None:
        self.steps: list[str] = [] if steps is None else steps
        self.warnings: list[FieldWarning] = [] if warnings is None else warnings
        self.failed = False
        self.step: Callable[[str], None] = self.steps.append

    def warn(self, warning_id: str, message: str) -> None:
        self.warnings.append(FieldWarning(warning_id, message))

    def fail(self, warning_id: str, message: str) -> None:
        self.failed = True
        self.warnings.append(FieldWarning(warning_id, message))


Rule = Callable[[str, NormalizeContext, "Trace"], "str | None"]
"""A per-key rule: takes the trimmed value, records steps/warnings, returns the normalized value."""


def show(text: str, limit: int = 60) -> str:
    """Quote a value for a step or message, shortened so a 1 MB input cannot flood the UI."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return repr(text)


def lowercase(value: str, trace: Trace) -> str:
    lowered = value.lower()
    if lowered != value:
        trace.step("lowercased")
    return lowered


def nfc(value: str, trace: Trace) -> str:
    """Compose accents (e + U+0301 → é) so the same visible name always hashes the same."""
    if value.isascii() or unicodedata.is_normalized("NFC", value):
        return value
    trace.step("composed Unicode characters (NFC)")
    return unicodedata.normalize("NFC", value)


def _ascii_tables(keep_digits: bool) -> tuple[bytes, bytes]:
    """The ASCII bytes keep_chars removes / keeps, for bytes.translate to delete."""
    kept = {c for c in range(128) if unicodedata.category(chr(c))[0] in "LM"}
    if keep_digits:
        kept |= {c for c in range(128) if unicodedata.category(chr(c)) == "Nd"}
    return bytes(c for c in range(128) if c not in kept), bytes(sorted(kept))


_ASCII_TABLES = {True: _ascii_tables(True), False: _ascii_tables(False)}


def keep_chars(value: str, keep_digits: bool) -> tuple[str, str]:
    """Split `value` into (kept letters[/digits], removed characters) by Unicode category."""
    if value.isascii():  # the same split with two C-level passes over the bytes
        drop_removed, drop_kept = _ASCII_TABLES[keep_digits]
        data = value.encode("ascii")
        return (
            data.translate(None, drop_removed).decode("ascii"),
            data.translate(None, drop_kept).decode("ascii"),
        )
    kept: list[str] = []
    removed: list[str] = []
    for ch in value:
        cat = unicodedata.category(ch)
        if cat[0] in "LM" or (keep_digits and cat == "Nd"):
            kept.append(ch)
        else:
            removed.append(ch)
    return "".join(kept), "".join(removed)


def letters_only(
    value: str,
    trace: Trace,
    *,
    keep_digits: bool,
    removed_what: str,
    empty_code: str,
    empty_message: str,
) -> str | None:
    """Keep the letters (and digits) of `value`, recording what went; fail when nothing is left."""
    if value.isalpha():  # fast path: keep_chars would keep every character
        return value
    kept, removed = keep_chars(value, keep_digits=keep_digits)
    if removed:
        trace.step(f"removed {removed_what} ({describe_removed(removed)})")
    if not kept:
        trace.fail(empty_code, empty_message)
        return None
    return kept


def describe_removed(removed: str) -> str:
    """ "spaces, '-' and '.'" style summary of removed characters (deduplicated, in order)."""
    seen: list[str] = []
    for ch in removed:
        label = "spaces" if ch.isspace() else ("digits" if ch.isdigit() else repr(ch))
        if label not in seen:
            seen.append(label)
    if len(seen) > 6:
        seen = [*seen[:6], "…"]
    return ", ".join(seen)
