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


# Outputs captured by running the real packages (tests/differential/run_*.py; facebook-business
# 26.0.3, facebook-nodejs-business-sdk 24.0.1, capi-param-builder-nodejs 1.3.2,
# meta-capi-param-builder-clientjs 1.3.1). (key, raw, implementation, outcome, hashed text or sent)
PB_NODE, PB_JS = ".AQQCAQMC", ".AQYCAQMB"
STRANGE = [
    ("em", "   ", "python_sdk", "error", None),
    ("em", "", "python_sdk", "null", None),
    ("fn", "   ", "python_sdk", "value", ""),
    ("fn", "\u00a0", "python_sdk", "value", ""),
    ("fn", "\ufeffMary", "python_sdk", "value", "\ufeffmary"),
    ("ph", "٠٦١٢٣٤٥٦٧٨٩", "python_sdk", "value", "٠٦١٢٣٤٥٦٧٨٩"),
    ("ph", "06.12.34.56.78", "python_sdk", "error", None),
    ("country", "UK", "python_sdk", "error", None),
    ("db", "16.02.1997", "python_sdk", "value", "16.02.1997"),
    ("ge", "she", "python_sdk", "value", "she"),
    ("em", "   ", "node_sdk", "null", None),
    ("fn", "\ufeffMary", "node_sdk", "value", "mary"),
    ("ph", "06.12.34.56.78", "node_sdk", "value", "06.12.34.56.78"),
    ("ph", "٠٦١٢٣٤٥٦٧٨٩", "node_sdk", "value", "٠٦١٢٣٤٥٦٧٨٩"),
    ("ph", "1-800-FLOWERS", "node_sdk", "error", None),
    ("zp", "9", "node_sdk", "null", None),
    ("ge", "she", "node_sdk", "null", None),
    ("ge", "Female", "node_sdk", "value", "f"),
    ("em", "üser@exämple.de", "node_sdk", "error", None),
    ("country", "Jerusalem", "param_builder_node", "value", "us"),
    ("country", "Atlantis", "param_builder_node", "value", "at"),
    ("country", "UK", "param_builder_js", "value", "uk"),
    ("st", "West Virginia", "param_builder_node", "value", "wv"),
    ("st", "Kansas City", "param_builder_js", "value", "ks"),
    ("db", "20230231", "param_builder_node", "value", "20230231"),
    ("db", "99999999", "param_builder_js", "value", "99999999"),
    ("db", "16.02.1997", "param_builder_js", "value", "19970216"),
    ("ph", "٠٦١٢٣٤٥٦٧٨٩", "param_builder_node", "omitted", None),
    ("ph", "1-800-FLOWERS", "param_builder_js", "value", "1800"),
    ("ge", "she", "param_builder_js", "value", "f"),
    ("ct", "Zürich", "param_builder_node", "value", "zrich"),
    ("ct", "123 Main", "param_builder_js", "omitted", None),
    ("zp", "M1 1AE", "param_builder_node", "value", "m1 1ae"),
    ("fn", "O'Brien", "param_builder_js", "value", "obrien"),
    ("external_id", " User-123 ", "param_builder_node", "value", "user-123"),
    ("em", "   ", "param_builder_js", "omitted", None),
]


@pytest.mark.parametrize(("key", "raw", "impl", "outcome", "text"), STRANGE)
def test_strange_outputs_of_the_real_packages_are_reproduced(
    key: str, raw: str, impl: str, outcome: str, text: str | None
) -> None:
    variant = by_impl(key, raw)[impl]
    assert variant.outcome == outcome
    if text is None:
        assert variant.sent is None and variant.sha256 is None
        return
    suffix = {"param_builder_node": PB_NODE, "param_builder_js": PB_JS}.get(impl, "")
    assert variant.sent == sha(text) + suffix
    assert variant.sha256 == sha(text)


def test_real_hashes_captured_from_the_packages() -> None:
    # Literal values printed by the real packages, so a sha() slip in the test cannot hide.
    assert by_impl("country", "Jerusalem")["param_builder_node"].sent == (
        "79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621.AQQCAQMC"
    )
    assert by_impl("fn", "   ")["python_sdk"].sent == (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    )


def test_strange_outcomes_are_said_in_words() -> None:
    assert "EMPTY string" in by_impl("fn", "   ")["python_sdk"].note
    assert "throws" in by_impl("em", "   ")["python_sdk"].note
    assert "JSON null" in by_impl("ge", "she")["node_sdk"].note
    assert "contains the name 'usa'" in by_impl("country", "Jerusalem")["param_builder_js"].note
    assert "not sent" in by_impl("ct", "123 Main")["param_builder_js"].note


def test_sdks_send_external_id_and_cookies_exactly_as_given() -> None:
    for impl in ("python_sdk", "node_sdk"):
        got = by_impl("external_id", " User-123 ")[impl]
        assert got.sent == " User-123 " and got.sha256 is None
        assert by_impl("fbc", " fb.1.1596403881668.abc ")[impl].sent == " fb.1.1596403881668.abc "
    assert by_impl("fbp", "")["python_sdk"].sent == ""
    assert by_impl("fbp", "")["node_sdk"].outcome == "omitted"


def test_provenance_labels_run_and_modelled_implementations() -> None:
    found = by_impl("em", "a@b.co")
    for impl in ("python_sdk", "node_sdk", "param_builder_node", "param_builder_js"):
        assert found[impl].provenance.startswith("checked against")
    for impl, repo in (
        ("php_sdk", "facebook/facebook-php-business-sdk@38288dd"),
        ("meta_sgtm", "facebookincubator/ConversionsAPI-Tag-for-GoogleTagManager@95f6cb6"),
        ("stape_sgtm", "stape-io/facebook-tag@1d70137"),
    ):
        assert found[impl].provenance.startswith(f"modelled from {repo}")
        assert found[impl].provenance.endswith(", not run")


def test_every_model_lists_its_rules_with_source_lines() -> None:
    from capi_desktop.domain.normalize.other_impls import OTHER_IMPLEMENTATIONS

    for impl in OTHER_IMPLEMENTATIONS.values():
        assert len(impl.rules) >= 4
        assert all(rule and source for rule, source in impl.rules)
    php = OTHER_IMPLEMENTATIONS["php_sdk"].rules
    assert any("Normalizer.php:148-149" in source for _, source in php)


def test_param_builder_lowercases_uppercase_hex_and_keeps_appendix_values() -> None:
    digest = sha("a@b.co")
    got = by_impl("em", digest.upper())["param_builder_js"]
    assert got.sha256 == digest and got.sent == digest + ".AQYAAQMB"
    built = f"{digest}.AQICAQMC"
    assert by_impl("em", built)["param_builder_js"].sent == built
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
        ("ph", "0612 345 678", "0612345678", {"php_sdk", "stape_sgtm"}),
        ("ph", "0612 345 678", "612345678", {"meta_docs", "python_sdk", "node_sdk", "param_builder_node", "param_builder_js"}),
        ("fn", "Mary-Ann", "maryann", {"meta_docs", "param_builder_node", "param_builder_js"}),
        ("fn", "Mary-Ann", "mary-ann", {"python_sdk", "node_sdk", "php_sdk", "meta_sgtm", "stape_sgtm", "trimmed_lowercased"}),
        ("st", "California", "ca", {"meta_docs", "param_builder_node", "param_builder_js"}),
        ("country", "USA", "usa", {"meta_sgtm", "stape_sgtm", "trimmed_lowercased"}),
        ("db", "1997-02-16", "1997-02-16", {"python_sdk", "node_sdk", "php_sdk", "stape_sgtm", "unnormalized", "trimmed_lowercased"}),
        ("em", "John@Example.com", "John@Example.com", {"unnormalized"}),
        ("external_id", "User 123", "user123", {"param_builder_node", "param_builder_js"}),
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
        assert got.sent == digest.upper() and got.sha256 == digest
        md5 = by_impl("em", "d41d8cd98f00b204e9800998ecf8427e")[impl]
        assert md5.sha256 == sha("d41d8cd98f00b204e9800998ecf8427e")


def test_stape_hashes_external_id_and_only_removes_spaces_in_cities() -> None:
    assert by_impl("external_id", "User-1")["stape_sgtm"].sha256 == sha("user-1")
    assert by_impl("ct", "New\tYork City")["stape_sgtm"].normalized == "new\tyorkcity"
    assert by_impl("external_id", "User-1")["meta_sgtm"].sent == "User-1"
