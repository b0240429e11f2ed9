"""The shipped error catalogue: every entry well-formed; lookup and search behave."""

from __future__ import annotations

import re

import pytest

from capi_desktop.backend.error_catalog_store import default_catalog
from capi_desktop.domain.error_catalog import (
    CONFIDENCES,
    KINDS,
    CatalogError,
    ErrorEntry,
    load_catalog,
)
from capi_desktop.resources import load_json

CATALOG = default_catalog()
FIELD_PATH = re.compile(r"^(data\[\](\.[a-z_]+)*|url\.[a-z_]+|test_event_code)$")


@pytest.mark.parametrize("entry", CATALOG.entries, ids=lambda e: e.key)
def test_every_entry_is_well_formed(entry: ErrorEntry) -> None:
    assert entry.kind in KINDS and entry.confidence in CONFIDENCES
    assert entry.title.strip() and entry.meaning.strip() and entry.retry.strip()
    assert entry.causes and entry.fix
    assert entry.doc_url.startswith("https://")
    assert entry.source.strip()
    for path in entry.fields:
        assert FIELD_PATH.match(path), path
    if entry.kind == "graph":
        assert entry.code is not None
        expected = f"{entry.code}/{entry.subcode}" if entry.subcode is not None else None
        assert entry.key in (expected, str(entry.code)) or entry.key.split("-")[0] == str(
            entry.code
        )
    else:
        assert entry.key.startswith({"http": "http:", "diagnostic": "diag:"}[entry.kind])
    if entry.confidence == "unpublished":
        assert "publishes no meaning" in entry.meaning


REQUIRED = [
    "1", "2", "3", "4", "4/1504022", "4/1504039", "10", "17", "17/2446079", "32", "100",
    "100/33", "100/2804003", "100/2804050", "100/2804001", "100/2804007", "100/2804016",
    "100/2804017", "100/2804019", "100/2804048", "100/1815356", "2804030", "102", "190",
    "190/458", "190/459", "190/460", "190/463", "190/464", "190/467", "190/492", "200-299",
    "294", "341", "368", "506", "1609005", "613", "613/1487742", "80000-80014", "80004",
    "21009", "2635", "1815018", "2061015", "http:timeout", "http:dns", "http:tls",
    "http:5xx-html", "http:proxy", "http:connection-reset", "http:empty-body",
    "http:truncated-json", "diag:missing-dedup", "diag:received-not-processed",
    "diag:invalid-match-keys", "diag:purchase-value-invalid", "diag:currency-invalid",
    "diag:event-time-too-old", "1/99", "12", "104", "190/490", "2500", "-1", "http:429",
]  # fmt: skip


def test_catalogue_covers_the_issue_list() -> None:
    missing = [key for key in REQUIRED if CATALOG.get(key) is None]
    assert not missing


def test_vendor_guide_codes_are_marked_as_such() -> None:
    for key in ("1815018", "2061015", "100/2804019"):
        entry = CATALOG.get(key)
        assert entry is not None and entry.confidence == "vendor-guide"
        assert "vendor" in entry.source


@pytest.mark.parametrize(
    ("code", "subcode", "key"),
    [
        (100, 2804003, "100/2804003"),
        (100, 9999999, "100"),
        (100, None, "100"),
        (190, 463, "190/463"),
        (190, 1, "190"),
        (250, None, "200-299"),
        (200, None, "200-299"),
        (80004, None, "80004"),
        (80010, None, "80000-80014"),
        (100, 1815018, "1815018"),
        (2804019, None, "100/2804019"),  # a subcode where the code goes (nested errors, logs)
        (2804003, None, "100/2804003"),
        (1, 99, "1/99"),  # Marketing API error reference
        (1, 12345, "1"),
        (-1, None, "-1"),  # negative codes: Meta's internal errors
        (-2, 7, "-1"),
    ],
)
def test_lookup_falls_back_to_generic_and_ranges(code: int, subcode: int | None, key: str) -> None:
    entry = CATALOG.lookup(code, subcode)
    assert entry is not None and entry.key == key


def test_lookup_unknown_code_is_none() -> None:
    assert CATALOG.lookup(424242) is None
    assert CATALOG.lookup(300) is None


@pytest.mark.parametrize("query", ["2804003", "100/2804003", "100 2804003", "(#100) 2804003"])
def test_search_by_number_puts_2804003_first(query: str) -> None:
    assert CATALOG.search(query)[0].key == "100/2804003"


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("too old", "100/2804003"),
        ("Server event missing deduplication parameter", "diag:missing-dedup"),
        ("event received but not processed", "diag:received-not-processed"),
        ("invalid match key", "diag:invalid-match-keys"),
        ("purchase value", "diag:purchase-value-invalid"),
        ("currency", "diag:currency-invalid"),
        ("http:timeout", "http:timeout"),
        ("250", "200-299"),
        ("463", "190/463"),
        ("deprecated version", "2635"),
    ],
)
def test_search_ranks_the_expected_entry_first(query: str, key: str) -> None:
    results = CATALOG.search(query)
    assert results and results[0].key == key, [e.key for e in results[:5]]


def test_search_empty_lists_everything_and_respects_limit() -> None:
    assert len(CATALOG.search("")) == min(50, len(CATALOG.entries))
    assert len(CATALOG.search("", limit=5)) == 5
    assert CATALOG.search("zzzz qqqq") == []


def test_load_catalog_rejects_bad_data() -> None:
    good = load_json("error_codes.json")
    with pytest.raises(CatalogError):
        load_catalog({"entries": []})
    broken = dict(good["entries"][0], transient="no")
    with pytest.raises(CatalogError):
        load_catalog({"entries": [broken]})
    with pytest.raises(CatalogError):
        load_catalog({"entries": [good["entries"][0], good["entries"][0]]})
    with pytest.raises(CatalogError):
        load_catalog({"entries": [dict(good["entries"][0], confidence="rumour")]})


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("(#2635) You are calling a deprecated version of the Ads API", "2635"),
        ("The access token could not be decrypted", "190"),
        ("502", "http:5xx-html"),
        ("503 Service Unavailable", "http:5xx-html"),
    ],
)
def test_search_by_pasted_message_or_http_status(query: str, key: str) -> None:
    results = CATALOG.search(query)
    assert results and results[0].key == key, [e.key for e in results[:5]]


def test_two_word_search_needs_both_words() -> None:
    # "too" alone is in every "too many calls" entry: those are noise for "too old".
    keys = [e.key for e in CATALOG.search("too old")]
    assert keys[:2] == ["100/2804003", "diag:event-time-too-old"]
    assert "613/1487742" not in keys and "4/1504039" not in keys


def test_non_ascii_words_are_not_split_into_fragments() -> None:
    # "événement" once split into "v" + "nement" and matched every entry with a word in v.
    assert CATALOG.search("Événement") == []
