"""Plain-language wording helpers shared by GUI, CLI and reports: counts with correct plurals."""

from __future__ import annotations


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """ "1 error", "0 errors", "2 matches": the count and the noun in the right number."""
    noun = singular if count == 1 else (plural_form or _regular_plural(singular))
    return f"{count:,} {noun}"


def _regular_plural(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"
