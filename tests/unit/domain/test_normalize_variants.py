"""Cross-implementation view: landscape.md Appendix A, capi.md §3.3 (Python SDK run) and §3.4 rows."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest

from capi_desktop.domain.normalize import (
    EXTRA_CANDIDATES,
    IMPLEMENTATIONS,
    NormalizeContext,
    Variant,
    normalize,
    variants,
    which_variant,
)

NOW = datetime(2026, 11, 27, tzinfo=UTC)
NO_COUNTRY = NormalizeContext(now=NOW)
ERR = None  # the implementation raises or drops the value


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def by_impl(key: str, raw: str, context: NormalizeContext = NO_COUNTRY) -> dict[str, Variant]:
    found = {v.implementation: v for v in variants(key, raw, context)}
    assert list(found) == list(IMPLEMENTATIONS)
    return found


# landscape.md Appendix A: input → (Meta docs, Python SDK, Node SDK, sGTM tag, Stape, param builder JS).
APPENDIX_A = [
    ("ph", "+1 (650) 555-1212", "16505551212", "16505551212", "16505551212", "1650 5551212", "16505551212", "16505551212"),
    ("ph", "0612 345 678", "612345678", "612345678", "612345678", "0612345 678", "0612345678", "612345678"),
    ("ph", "06.12.34.56.78", "612345678", ERR, "06.12.34.56.78", "06.12.34.56.78", "0612345678", "612345678"),
    ("fn", "Mary-Ann", "maryann", "mary-ann", "mary-ann", "mary-ann", "mary-ann", "maryann"),
    ("ct", "New York", "newyork", "newyork", "newyork", "new york", "newyork", "newyork"),
    ("st", "California", "ca", "california", "california", "california", "california", "ca"),
    ("country", "USA", "us", ERR, ERR, "usa", "usa", "us"),
    ("zp", "94025-1234", "94025", "94025", "94025", "94025-1234", "94025-1234", "94025"),
    ("em", " John_Smith@Gmail.com ", *(["john_smith@gmail.com"] * 6)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("key", "raw", "docs", "python", "node", "sgtm", "stape", "pb"), APPENDIX_A
)
def test_appendix_a_row(
    key: str,
    raw: str,
    docs: str | None,
    python: str | None,
    node: str | None,
    sgtm: str | None,
    stape: str | None,
    pb: str | None,
) -> None:
    got = by_impl(key, raw)
    expected = {
        "meta_docs": docs,
        "python_sdk": python,
        "node_sdk": node,
        "meta_sgtm": sgtm,
        "stape_sgtm": stape,
        "param_builder_js": pb,
    }
    assert {impl: v.normalized for impl, v in got.items()} == expected
    for impl, value in expected.items():
        variant = got[impl]
        assert variant.sha256 == (sha(value) if value is not None else None)
        assert variant.differs_from_docs == (impl != "meta_docs" and value != docs)
        assert variant.label == IMPLEMENTATIONS[impl]


def test_appendix_a_french_phone_with_default_country_gets_country_code() -> None:
    got = by_impl("ph", "0612 345 678", NormalizeContext("FR", NOW))
    assert got["meta_docs"].normalized == "33612345678"
    # ...and then every other implementation differs from the docs.
    assert all(v.differs_from_docs for k, v in got.items() if k != "meta_docs")


def test_no_country_phone_variant_note_carries_the_warning() -> None:
    docs = by_impl("ph", "0612 345 678")["meta_docs"]
    assert "country code" in docs.note.lower()


# capi.md §3.3: the facebook-business 26.0.3 run, (key, input, normalized or ERR, SHA-256 prefix).
PYTHON_SDK_RUN = [
    ("em", "  John_Smith@Gmail.COM ", "john_smith@gmail.com", "62a14e44f765419d"),
    ("em", "foo+bar@example.co.uk", "foo+bar@example.co.uk", "e93bccb51707771a"),
    ("em", "not-an-email", ERR, None),
    ("em", "a b@c.d", "a b@c.d", "69c3d3ce406ad5ac"),
    ("em", "d41d8cd98f00b204e9800998ecf8427e", "d41d8cd98f00b204e9800998ecf8427e", None),
    ("ph", "(650)555-1212", "6505551212", "5eed6d50c9a69704"),
    ("ph", "+1 650-555-1212", "16505551212", "e323ec626319ca94"),
    ("ph", "001 650 555 1212", "16505551212", "e323ec626319ca94"),
    ("ph", "0044 20 7946 0958", "442079460958", "35e206e5dec4c89b"),
    ("ph", "+44 (0)20 7946 0958", "4402079460958", "40f19965b0d0ebba"),
    ("ph", "020 7946 0958", "2079460958", "ca968f1474c2b2b1"),
    ("ph", "000447911123456", "447911123456", "40b5c38342a9c584"),
    ("ph", "+41 79 123 45 67", "41791234567", "641b2674c7b3d41f"),
    ("ph", "1-800-FLOWERS", ERR, None),
    ("ph", "+49.30.123456", ERR, None),
    ("ph", "12345", ERR, None),
    ("fn", " Mary ", "mary", "6915771be1c5aa0c"),
    ("fn", "Valéry", "valéry", "08e1996b5dd49e62"),
    ("fn", "정", "정", "8fa8cd9c440be61d"),
    ("fn", "O'Brien", "o'brien", "65b87174be3b1b12"),
    ("ln", "Smith-Jones", "smith-jones", "db98d2607efffa28"),
    ("ct", "New York", "newyork", "350c754ba4d38897"),
    ("ct", "St. Louis", "stlouis", "8ba24bdf99947996"),
    ("ct", "Winston-Salem (NC) 27101", "winstonsalemnc", "e47adb94b1dda104"),
    ("ct", "Zürich", "zürich", "201f10d5d64518d8"),
    ("st", "CA", "ca", "6959097001d10501"),
    ("st", "California", "california", "7e8eea5cc6098027"),
    ("st", "N.Y.", "ny", "1b06e2003f8420d6"),
    ("zp", "94035-1234", "94035", "1794327a4d443904"),
    ("zp", "M1 1AE", "m11ae", "1dc694c2070e6977"),
    ("zp", "SW1A 1AA", "sw1a1aa", "830e1d4b9838bab1"),
    ("country", "US", "us", "79adb2a2fce5c6ba"),
    ("country", "u.s.", "us", "79adb2a2fce5c6ba"),
    ("country", "United States", ERR, None),
    ("country", "xx", ERR, None),
    ("db", "19970216", "19970216", "01acdbf6ec7b4f47"),
    ("db", "1997-02-16", "1997-02-16", "903192ebb69f81d5"),
    ("ge", "m", "m", "62c66a7a5dd70c31"),
    ("ge", "Female", "female", "9f165139a8c2894a"),
]


@pytest.mark.parametrize(("key", "raw", "normalized", "prefix"), PYTHON_SDK_RUN)
def test_python_sdk_run(key: str, raw: str, normalized: str | None, prefix: str | None) -> None:
    variant = by_impl(key, raw)["python_sdk"]
    assert variant.normalized == normalized
    if prefix is None:
        assert variant.sha256 is None
    else:
        assert variant.sha256 is not None and variant.sha256.startswith(prefix)


def test_python_sdk_uppercase_sha256_is_lowercased_and_passed_through() -> None:
    digest = sha("x")
    variant = by_impl("em", digest.upper())["python_sdk"]
    assert variant.normalized == digest and variant.sha256 == digest


# capi.md §3.4: Node business SDK and param builder columns.
OTHERS = [
    ("em", "not-an-email", "node_sdk", ERR),
    ("em", "not-an-email", "param_builder_js", ERR),
    ("em", "a b@c.d", "node_sdk", ERR),
    ("em", "a b@c.d", "param_builder_js", ERR),
    ("em", "tést@gmail.com", "node_sdk", ERR),
    ("ph", "1-800-FLOWERS", "param_builder_js", "1800"),
    ("fn", "O'Brien", "param_builder_js", "obrien"),
    ("fn", "O'Brien", "node_sdk", "o'brien"),
    ("ct", "Zürich", "param_builder_js", "zrich"),
    ("ct", "Zürich", "node_sdk", "zürich"),
    ("st", "California", "param_builder_js", "ca"),
    ("st", "Ontario", "param_builder_js", "on"),
    ("zp", "M1 1AE", "param_builder_js", "m1 1ae"),
    ("zp", "M1 1AE", "node_sdk", "m11ae"),
    ("country", "United States", "param_builder_js", "us"),
    ("country", "United States", "node_sdk", ERR),
    ("db", "2/16/1997", "param_builder_js", "19970216"),
    ("db", "1997-02-16", "param_builder_js", "19970216"),
    ("db", "16.02.1997", "param_builder_js", "19970216"),
    ("db", "16.02.1997", "python_sdk", "16.02.1997"),
    ("ge", "Female", "param_builder_js", "f"),
    ("ge", "Female", "node_sdk", "f"),
    ("external_id", "User 123", "param_builder_js", "user123"),
]


@pytest.mark.parametrize(("key", "raw", "impl", "normalized"), OTHERS)
def test_other_official_normalizers(key: str, raw: str, impl: str, normalized: str | None) -> None:
    assert by_impl(key, raw)[impl].normalized == normalized


def test_python_sdk_sends_external_id_unhashed() -> None:
    got = by_impl("external_id", "User-123")
    assert got["python_sdk"].normalized == "user-123"
    assert got["python_sdk"].sha256 is None
    assert got["meta_docs"].sha256 == sha("User-123")


def test_param_builder_lowercases_uppercase_hex_and_keeps_appendix_values() -> None:
    digest = sha("a@b.co")
    assert by_impl("em", digest.upper())["param_builder_js"].sha256 == digest
    built = f"{digest}.AQICAQMC"
    assert by_impl("em", built)["param_builder_js"].sha256 == digest
    assert normalize("em", built).sha256 == digest


def test_canadian_province_differs_between_docs_and_param_builder() -> None:
    got = by_impl("st", "Ontario", NormalizeContext("CA", NOW))
    assert got["meta_docs"].normalized == "ontario"
    assert got["param_builder_js"].normalized == "on"
    assert got["param_builder_js"].differs_from_docs


def test_variants_never_raise_on_odd_input() -> None:
    for raw in ("", " ", "\ud800", "x" * 100_000, None, 12, ["a"]):
        found = variants("ph", raw, NO_COUNTRY)
        assert [v.implementation for v in found] == list(IMPLEMENTATIONS)
    assert [v.implementation for v in variants("nope", "x")] == list(IMPLEMENTATIONS)


# which_variant: a hash seen in a payload + a candidate raw value → who produced it.
@pytest.mark.parametrize(
    ("key", "raw", "hashed_text", "expected"),
    [
        ("ph", "+1 (650) 555-1212", "1650 5551212", {"meta_sgtm"}),
        ("ph", "0612 345 678", "0612345678", {"stape_sgtm"}),
        ("ph", "0612 345 678", "612345678", {"meta_docs", "python_sdk", "node_sdk", "param_builder_js"}),
        ("fn", "Mary-Ann", "maryann", {"meta_docs", "param_builder_js"}),
        ("fn", "Mary-Ann", "mary-ann", {"python_sdk", "node_sdk", "meta_sgtm", "stape_sgtm", "trimmed_lowercased"}),
        ("st", "California", "ca", {"meta_docs", "param_builder_js"}),
        ("country", "USA", "usa", {"meta_sgtm", "stape_sgtm", "trimmed_lowercased"}),
        ("db", "1997-02-16", "1997-02-16", {"python_sdk", "node_sdk", "meta_sgtm", "stape_sgtm", "unnormalized", "trimmed_lowercased"}),
        ("em", "John@Example.com", "John@Example.com", {"unnormalized"}),
    ],
)  # fmt: skip
def test_which_variant(key: str, raw: str, hashed_text: str, expected: set[str]) -> None:
    found = which_variant(sha(hashed_text), raw, NO_COUNTRY, key=key)
    assert {v.implementation for v in found} == expected
    assert all(v.sha256 == sha(hashed_text) for v in found)


def test_which_variant_without_key_names_the_key_and_accepts_param_builder_form() -> None:
    found = which_variant(f"{sha('maryann')}.AQICAQMC", "Mary-Ann", NO_COUNTRY)
    assert found and found[0].implementation == "meta_docs"
    assert found[0].note.startswith("as fn:")


def test_which_variant_none_and_garbage() -> None:
    assert which_variant(sha("somebody else"), "Mary-Ann", NO_COUNTRY) == []
    assert which_variant("not a hash", "Mary-Ann", NO_COUNTRY) == []
    assert which_variant(sha("x").upper(), "x", NO_COUNTRY, key="external_id")
    assert set(EXTRA_CANDIDATES) == {"unnormalized", "trimmed_lowercased"}


def test_sgtm_tags_pass_64_hex_through_as_typed_and_rehash_md5() -> None:
    digest = sha("x")
    for impl in ("meta_sgtm", "stape_sgtm"):
        got = by_impl("em", digest.upper())[impl]
        assert got.normalized == digest.upper() and got.sha256 == digest
        md5 = by_impl("em", "d41d8cd98f00b204e9800998ecf8427e")[impl]
        assert md5.sha256 == sha("d41d8cd98f00b204e9800998ecf8427e")


def test_stape_sends_external_id_unhashed_and_only_removes_spaces_in_cities() -> None:
    assert by_impl("external_id", "User-1")["stape_sgtm"].sha256 is None
    assert by_impl("ct", "New\tYork City")["stape_sgtm"].normalized == "new\tyorkcity"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1 (650) 555-1212", "16505551212"),
        ("00 44 20 7946 0958", "442079460958"),
        ("0612345678", "612345678"),
        ("12345", ERR),
        ("1-800-FLOWERS", ERR),
    ],
)
def test_node_sdk_phone(raw: str, expected: str | None) -> None:
    assert by_impl("ph", raw)["node_sdk"].normalized == expected


def test_node_sdk_gender_strips_non_letters_and_drops_unknown() -> None:
    assert by_impl("ge", "F.")["node_sdk"].normalized == "f"
    assert by_impl("ge", "woman")["node_sdk"].normalized is None
