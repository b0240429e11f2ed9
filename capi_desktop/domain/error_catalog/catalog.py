"""Catalogue entries, loading from parsed JSON, lookup by code/subcode and ranked search."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

KINDS = ("graph", "http", "diagnostic")
CONFIDENCES = ("documented", "observed", "vendor-guide", "unpublished")


class CatalogError(ValueError):
    """The catalogue data is malformed (a packaging bug, not user input)."""


@dataclass(frozen=True)
class ErrorEntry:
    key: str  # "100/2804003", "190", "200-299", "http:timeout", "diag:missing-dedup"
    code: int | None
    subcode: int | None
    kind: str
    title: str
    meaning: str
    causes: tuple[str, ...]
    fix: tuple[str, ...]
    transient: bool
    retry: str
    fields: tuple[str, ...]
    doc_url: str
    source: str
    confidence: str


def _text(raw: Mapping[str, Any], name: str, key: str) -> str:
    value = raw.get(name)
    if not isinstance(value, str) or not value.strip():
        raise CatalogError(f"entry {key!r}: {name} must be a non-empty string")
    return value


def _texts(raw: Mapping[str, Any], name: str, key: str, *, allow_empty: bool) -> tuple[str, ...]:
    value = raw.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise CatalogError(f"entry {key!r}: {name} must be a list of strings")
    if not value and not allow_empty:
        raise CatalogError(f"entry {key!r}: {name} must not be empty")
    return tuple(value)


def _optional_int(raw: Mapping[str, Any], name: str, key: str) -> int | None:
    value = raw.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise CatalogError(f"entry {key!r}: {name} must be an integer or null")
    return value


def _entry(raw: Any) -> tuple[ErrorEntry, tuple[int, int] | None]:
    if not isinstance(raw, Mapping):
        raise CatalogError("every catalogue entry must be an object")
    key = _text(raw, "key", "?")
    kind = _text(raw, "kind", key)
    confidence = _text(raw, "confidence", key)
    if kind not in KINDS:
        raise CatalogError(f"entry {key!r}: unknown kind {kind!r}")
    if confidence not in CONFIDENCES:
        raise CatalogError(f"entry {key!r}: unknown confidence {confidence!r}")
    transient = raw.get("transient")
    if not isinstance(transient, bool):
        raise CatalogError(f"entry {key!r}: transient must be true or false")
    entry = ErrorEntry(
        key=key,
        code=_optional_int(raw, "code", key),
        subcode=_optional_int(raw, "subcode", key),
        kind=kind,
        title=_text(raw, "title", key),
        meaning=_text(raw, "meaning", key),
        causes=_texts(raw, "causes", key, allow_empty=False),
        fix=_texts(raw, "fix", key, allow_empty=False),
        transient=transient,
        retry=_text(raw, "retry", key),
        fields=_texts(raw, "fields", key, allow_empty=True),
        doc_url=_text(raw, "doc_url", key),
        source=_text(raw, "source", key),
        confidence=confidence,
    )
    if kind == "graph" and entry.code is None:
        raise CatalogError(f"entry {key!r}: a graph entry needs a code")
    code_range = raw.get("code_range")
    if code_range is None:
        return entry, None
    if (
        not isinstance(code_range, Sequence)
        or len(code_range) != 2
        or not all(isinstance(n, int) for n in code_range)
        or code_range[0] > code_range[1]
    ):
        raise CatalogError(f"entry {key!r}: code_range must be [low, high]")
    return entry, (int(code_range[0]), int(code_range[1]))


_NUMBER_PAIR = re.compile(r"^\(?#?(\d{1,9})\)?\s*(?:[/,:;|-]\s*|\s+)#?(\d{1,9})$")
_NUMBER = re.compile(r"^\(?#?(\d{1,9})\)?$")
_WORD = re.compile(r"\w+")  # Unicode words: a French "événement" stays one word
_HASH_CODE = re.compile(r"#(\d{1,9})\b")  # "(#2635) You are calling a deprecated version"


@dataclass(frozen=True)
class Catalog:
    """Immutable catalogue; build it with `load_catalog`."""

    entries: tuple[ErrorEntry, ...]
    ranges: tuple[tuple[int, int, ErrorEntry], ...] = ()
    _by_key: dict[str, ErrorEntry] = field(default_factory=dict, repr=False, compare=False)
    _haystacks: dict[str, tuple[str, str, str]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def get(self, key: str) -> ErrorEntry | None:
        return self._by_key.get(key)

    def lookup(self, code: int, subcode: int | None = None) -> ErrorEntry | None:
        """The most specific entry: code/subcode, then the code's generic entry or range."""
        if subcode is not None:
            exact = self._by_key.get(f"{code}/{subcode}")
            if exact is not None:
                return exact
            # Vendor guides and nested per-event errors quote bare subcode-sized numbers.
            bare = self._by_key.get(str(subcode))
            if bare is not None and subcode >= 100_000:
                return bare
        generic = self._by_key.get(str(code))
        if generic is not None and generic.subcode is None:
            return generic
        for low, high, entry in self.ranges:
            if low <= code <= high:
                return entry
        if code >= 100_000:
            # Nested per-event errors and vendor logs put a subcode where the code goes
            # ({"code": 2804019}); no Graph code is that large, so the subcode entry is meant.
            return next((e for e in self.entries if e.subcode == code), None)
        return None

    def search(self, query: str, limit: int = 50) -> list[ErrorEntry]:
        """Entries for a code, `code/subcode`, `code subcode`, a key or free text, best first."""
        text = " ".join(query.strip().lower().split())[:200]
        if not text:
            return list(self.entries[:limit])
        found: list[ErrorEntry] = []

        def add(entry: ErrorEntry | None) -> None:
            if entry is not None and entry not in found:
                found.append(entry)

        add(self._by_key.get(text))
        pair = _NUMBER_PAIR.match(text)
        if pair:
            code, sub = int(pair.group(1)), int(pair.group(2))
            add(self.lookup(code, sub))
            self._add_number_matches(code, add)
        single = _NUMBER.match(text)
        if single:
            self._add_number_matches(int(single.group(1)), add)
            digits = single.group(1)
            for entry in self.entries:
                if any(str(n).startswith(digits) for n in (entry.code, entry.subcode) if n):
                    add(entry)
        if not pair and not single:
            # A pasted message names its code as "(#100)": that entry first, then the words.
            for number in _HASH_CODE.findall(text)[:3]:
                add(self.lookup(int(number)))
            for entry in self._rank_text(text):
                add(entry)
        elif not found:
            # "502" is no Graph code but names a page; it must not match inside "1885029".
            whole = re.compile(rf"(?<!\d){re.escape(text)}(?!\d)")
            for entry in self._rank_text(text):
                if any(whole.search(part) for part in self._haystacks[entry.key]):
                    add(entry)
        return found[:limit]

    def _add_number_matches(self, number: int, add: Any) -> None:
        exact = self._by_key.get(str(number))
        add(exact)
        for entry in self.entries:
            if entry.subcode == number:
                add(entry)
        for entry in self.entries:
            if entry.code == number and entry.subcode is not None:
                add(entry)
        if exact is None:
            for low, high, entry in self.ranges:
                if low <= number <= high:
                    add(entry)

    def _rank_text(self, text: str) -> list[ErrorEntry]:
        words = [w for w in _WORD.findall(text) if w not in _STOP_WORDS]
        # Two thirds of the words must match: "too old" must not list every "too many calls".
        needed = max(1, (2 * len(words) + 2) // 3)
        scored: list[tuple[int, int, ErrorEntry]] = []
        for index, entry in enumerate(self.entries):
            title, body, extra = self._haystacks[entry.key]
            score = 0
            if text in title:
                score += 100
            elif text in body:
                score += 40
            elif text in extra:
                score += 20
            matched = 0
            for word in words:
                hit = 0
                if _has_word(title, word):
                    hit = 10
                elif _has_word(body, word):
                    hit = 4
                elif _has_word(extra, word):
                    hit = 2
                if hit:
                    matched += 1
                score += hit
            if words and matched == len(words):
                score += 15  # every word present somewhere beats a single strong hit
            if score >= 100 or (matched >= needed and score):
                scored.append((-score, index, entry))
        scored.sort(key=lambda item: (item[0], item[1]))
        return [entry for _, _, entry in scored]


_STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "is",
        "in",
        "on",
        "and",
        "or",
        "for",
        "with",
        "by",
        "be",
        "at",
        "as",
        "it",
    ]
)


def _has_word(haystack: str, word: str) -> bool:
    """Word-prefix match: "dedup" finds "deduplication", "old" does not find "hold"."""
    start = haystack.find(word)
    while start != -1:
        if start == 0 or not haystack[start - 1].isalnum():
            return True
        start = haystack.find(word, start + 1)
    return False


def load_catalog(data: Mapping[str, Any]) -> Catalog:
    """Build a Catalog from the parsed `error_codes.json` mapping; raises CatalogError."""
    raw_entries = data.get("entries")
    if not isinstance(raw_entries, list) or not raw_entries:
        raise CatalogError("catalogue has no 'entries' list")
    entries: list[ErrorEntry] = []
    ranges: list[tuple[int, int, ErrorEntry]] = []
    by_key: dict[str, ErrorEntry] = {}
    haystacks: dict[str, tuple[str, str, str]] = {}
    for raw in raw_entries:
        entry, code_range = _entry(raw)
        if entry.key in by_key:
            raise CatalogError(f"duplicate catalogue key {entry.key!r}")
        entries.append(entry)
        by_key[entry.key] = entry
        if code_range is not None:
            ranges.append((code_range[0], code_range[1], entry))
        haystacks[entry.key] = (
            f"{entry.key} {entry.title}".lower(),
            entry.meaning.lower(),
            " ".join((*entry.causes, *entry.fix, *entry.fields, entry.source)).lower(),
        )
    return Catalog(tuple(entries), tuple(ranges), by_key, haystacks)
