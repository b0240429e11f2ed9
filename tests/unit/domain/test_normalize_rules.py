"""Per-key rules for the hashed keys: values, statuses, steps and warning ids."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest

from capi_desktop.domain.normalize import FieldResult, NormalizeContext, normalize

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def ctx(country: str | None = None) -> NormalizeContext:
    return NormalizeContext(default_country=country, now=NOW)


def run(key: str, raw: object, country: str | None = None) -> FieldResult:
    return normalize(key, raw, context=ctx(country))


def ids(result: FieldResult) -> set[str]:
    return {w.id for w in result.warnings}


# --- em ---------------------------------------------------------------------------------


def test_email_trim_lower_and_steps() -> None:
    result = run("em", "  John_Smith@Gmail.COM ")
    assert result.normalized == "john_smith@gmail.com"
    assert result.status == "changed"
    assert result.steps == ("trimmed spaces", "lowercased")
    assert result.sha256 == hashlib.sha256(b"john_smith@gmail.com").hexdigest()


def test_email_already_normalized_is_ok() -> None:
    result = run("em", "foo+bar@example.co.uk")
    assert result.status == "ok" and result.steps == ()


@pytest.mark.parametrize("raw", ["not-an-email", "@example.com", "a@b", "a@b.", "a@.com"])
def test_email_invalid_shape_is_error(raw: str) -> None:
    result = run("em", raw)
    assert result.status == "error" and result.normalized is None and result.sha256 is None
    assert ids(result) == {"em.invalid"}


def test_email_with_inner_space_is_warned_not_rejected() -> None:
    result = run("em", "a b@c.de")
    assert result.status == "warning" and "em.whitespace" in ids(result)
    assert result.normalized == "a b@c.de"


def test_unicode_email_is_accepted_with_a_note() -> None:
    result = run("em", "Tést@Exämple.com")
    assert result.normalized == "tést@exämple.com"
    assert result.status == "changed"
    assert any("non-ASCII" in step for step in result.steps)


def test_decomposed_accents_are_composed() -> None:
    result = run("fn", "Vale\u0301ry")
    assert result.normalized == "valéry"
    assert result.sha256 == run("fn", "Valéry").sha256
    assert any("NFC" in s for s in result.steps)


# --- ph ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "country", "expected"),
    [
        ("(650)555-1212", "US", "16505551212"),
        ("+1 650-555-1212", None, "16505551212"),
        ("001 650 555 1212", None, "16505551212"),
        ("0044 20 7946 0958", None, "442079460958"),
        ("+44 (0)20 7946 0958", None, "442079460958"),
        ("020 7946 0958", "GB", "442079460958"),
        ("0612 345 678", "FR", "33612345678"),
        ("06.12.34.56.78", "FR", "33612345678"),
        ("+41 79 123 45 67", "US", "41791234567"),
        ("1-800-FLOWERS", "US", "18003569377"),
        ("+1 650 555 1212 ext. 12", None, "16505551212"),
        ("16505551212", "US", "16505551212"),
        ("442079460958", "FR", "442079460958"),
    ],
)
def test_phone_e164_digits(raw: str, country: str | None, expected: str) -> None:
    result = run("ph", raw, country)
    assert result.normalized == expected, result
    assert result.status in ("ok", "changed")


def test_phone_steps_name_country_code_and_trunk_prefix() -> None:
    result = run("ph", "020 7946 0958", "GB")
    assert "added country code 44 from default country GB" in result.steps
    assert "removed trunk prefix 0" in result.steps
    bracketed = run("ph", "+44 (0)20 7946 0958")
    assert "removed trunk prefix (0)" in bracketed.steps


def test_phone_letters_are_converted() -> None:
    result = run("ph", "1-800-FLOWERS", "US")
    assert "converted letters to keypad digits" in result.steps


def test_phone_without_country_warns_and_shows_what_meta_gets() -> None:
    result = run("ph", "0612 345 678")
    assert result.status == "warning"
    assert ids(result) == {"ph.no_country"}
    assert result.normalized == "612345678"
    assert "'612345678'" in result.warnings[0].message


def test_phone_digits_with_country_code_and_no_default_country() -> None:
    result = run("ph", "16505551212")
    assert result.normalized == "16505551212"
    assert ids(result) == {"ph.country_assumed"}


@pytest.mark.parametrize("raw", ["12345", "+1 234", "call me", "+" + "9" * 40, "x" * 100])
def test_phone_impossible_numbers_are_errors(raw: str) -> None:
    result = run("ph", raw, "US")
    assert result.status == "error" and result.sha256 is None


# --- fn / ln / ct -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "raw", "expected"),
    [
        ("fn", "Mary-Ann", "maryann"),
        ("fn", "O'Brien", "obrien"),
        ("fn", "Valéry", "valéry"),
        ("fn", "정", "정"),
        ("ln", "Smith-Jones", "smithjones"),
        ("ln", "van der Berg", "vanderberg"),
        ("ln", "Müller", "müller"),
        ("ct", "New York", "newyork"),
        ("ct", "St. Louis", "stlouis"),
        ("ct", "Winston-Salem (NC) 27101", "winstonsalemnc"),
        ("ct", "Zürich", "zürich"),
        ("ct", "東京", "東京"),
    ],
)
def test_names_and_cities(key: str, raw: str, expected: str) -> None:
    assert run(key, raw).normalized == expected


def test_name_steps_list_removed_characters() -> None:
    result = run("fn", "Mary-Ann")
    assert result.steps == ("lowercased", "removed punctuation and spaces ('-')")


def test_name_of_only_punctuation_is_error() -> None:
    assert run("fn", "--").status == "error"
    assert run("ct", "123").status == "error"


# --- st / zp / country ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "country", "expected"),
    [
        ("California", "US", "ca"),
        ("California", None, "ca"),
        ("CA", "US", "ca"),
        ("N.Y.", "US", "ny"),
        ("new york", "US", "ny"),
        ("District of Columbia", "US", "dc"),
        ("Bavaria", "DE", "bavaria"),
        ("Île-de-France", "FR", "îledefrance"),
        ("Ontario", "CA", "ontario"),
    ],
)
def test_state(raw: str, country: str | None, expected: str) -> None:
    assert run("st", raw, country).normalized == expected


def test_state_mapping_step_and_unknown_us_state() -> None:
    assert "mapped 'california' to 'ca'" in run("st", "California", "US").steps
    assert "st.unknown_us_state" in ids(run("st", "Narnia", "US"))


def test_canadian_province_step_mentions_param_builder() -> None:
    result = run("st", "Ontario", "CA")
    assert any("'on'" in step for step in result.steps)


@pytest.mark.parametrize(
    ("raw", "country", "expected"),
    [
        ("94025-1234", "US", "94025"),
        ("94025-1234", None, "94025"),
        ("940251234", "US", "94025"),
        ("94035", "US", "94035"),
        ("M1 1AE", "GB", "m11ae"),
        ("SW1A 1AA", "GB", "sw1a1aa"),
        ("100-0001", "JP", "1000001"),
        ("75001", "FR", "75001"),
    ],
)
def test_zip(raw: str, country: str | None, expected: str) -> None:
    assert run("zp", raw, country).normalized == expected


def test_us_zip_lost_leading_zero_is_warned() -> None:
    result = run("zp", "2134", "US")
    assert "zp.us_leading_zero" in ids(result) and "'02134'" in result.warnings[0].message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("US", "us"),
        ("u.s.", "us"),
        ("USA", "us"),
        ("United States", "us"),
        ("UK", "gb"),
        ("United Kingdom", "gb"),
        ("DEU", "de"),
        ("Germany", "de"),
        ("South Korea", "kr"),
        ("Côte d'Ivoire", "ci"),
    ],
)
def test_country(raw: str, expected: str) -> None:
    assert run("country", raw).normalized == expected


def test_country_steps_and_unknown() -> None:
    assert run("country", "United States").steps == (
        "mapped 'United States' (country name) to 'us' (United States)",
    )
    assert ids(run("country", "xx")) == {"country.unknown"}
    assert run("country", "Atlantis").status == "error"


# --- db ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "country", "expected"),
    [
        ("19970216", None, "19970216"),
        ("1997-02-16", None, "19970216"),
        ("2/16/1997", None, "19970216"),
        ("16.02.1997", None, "19970216"),
        ("16/02/1997", "GB", "19970216"),
        ("1997/02/16", None, "19970216"),
        ("16 Feb 1997", None, "19970216"),
        ("February 16, 1997", None, "19970216"),
        ("1997-02-16T00:00:00Z", None, "19970216"),
        ("16021997", "DE", "19970216"),
    ],
)
def test_dates(raw: str, country: str | None, expected: str) -> None:
    result = run("db", raw, country)
    assert result.normalized == expected, result
    assert "db.ambiguous" not in ids(result)


@pytest.mark.parametrize(("country", "expected"), [("US", "19900304"), ("GB", "19900403")])
def test_ambiguous_date_follows_country_and_names_both_readings(
    country: str, expected: str
) -> None:
    result = run("db", "03/04/1990", country)
    assert result.normalized == expected and result.status == "warning"
    message = next(w.message for w in result.warnings if w.id == "db.ambiguous")
    assert "month 3 day 4" in message and "day 3 month 4" in message and country in message


def test_two_digit_year_is_warned() -> None:
    result = run("db", "2/16/97", "US")
    assert result.normalized == "19970216" and "db.two_digit_year" in ids(result)


@pytest.mark.parametrize(
    ("raw", "warning"),
    [
        ("1997-02-30", "db.invalid_date"),
        ("1997-13-01", "db.invalid_date"),
        ("1850-01-01", "db.out_of_range"),
        ("2030-01-01", "db.future"),
        ("yesterday", "db.unparseable"),
    ],
)
def test_date_errors(raw: str, warning: str) -> None:
    result = run("db", raw)
    assert result.status == "error" and warning in ids(result)


def test_recent_birth_date_is_warned() -> None:
    assert "db.recent" in ids(run("db", "2025-01-01"))


# --- ge / external_id --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("F", "f"), ("female", "f"), ("Woman", "f"), ("M", "m"), ("Male", "m"), ("man", "m")],
)
def test_gender(raw: str, expected: str) -> None:
    assert run("ge", raw).normalized == expected


def test_gender_unknown_is_error() -> None:
    result = run("ge", "other")
    assert result.status == "error" and ids(result) == {"ge.unknown"}


def test_external_id_is_trimmed_hashed_and_warned() -> None:
    result = run("external_id", "  User-123 ")
    assert result.normalized == "User-123"
    assert result.sha256 == hashlib.sha256(b"User-123").hexdigest()
    # "User-123" has a capital: the tools disagree on it (tests/differential, docs/variants.md).
    assert ids(result) == {"external_id.consistency", "external_id.tools_differ"}
    assert ids(run("external_id", "crm-123")) == {"external_id.consistency"}


def test_mailto_prefix_is_removed() -> None:
    result = run("em", "mailto:Joe@Example.com")
    assert result.normalized == "joe@example.com" and "removed 'mailto:'" in result.steps


@pytest.mark.parametrize(
    ("raw", "warning"),
    [("joe@example.com", "ph.email"), ("call me", "ph.letters"), ("+", "ph.no_digits")],
)
def test_phone_rejects_non_numbers(raw: str, warning: str) -> None:
    result = run("ph", raw, "US")
    assert result.status == "error" and warning in ids(result)


def test_phone_digits_starting_with_own_country_code_are_read_as_international() -> None:
    result = run("ph", "4930123456", "DE")
    assert result.normalized == "4930123456"
    assert any("already starting with its country code 49" in s for s in result.steps)


def test_display_name_form_is_unwrapped() -> None:
    result = run("em", "John Smith <John@Example.com>")
    assert result.normalized == "john@example.com"
    assert result.steps[0].startswith("took the address out of")
