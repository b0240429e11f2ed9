"""Never-hashed keys, fbc/fbp parsing, hashed-value recognition and the param-builder appendix."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest

from capi_desktop.domain.normalize import (
    FieldResult,
    NormalizeContext,
    decode_appendix,
    is_sha256_hex,
    normalize,
    parse_fbc,
    parse_fbp,
    parse_param_builder_value,
)

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
NOW_MS = int(NOW.timestamp() * 1000)
CTX = NormalizeContext(now=NOW)
DIGEST = hashlib.sha256(b"john_smith@gmail.com").hexdigest()


def run(key: str, raw: object) -> FieldResult:
    return normalize(key, raw, context=CTX)


def ids(result: FieldResult) -> set[str]:
    return {w.id for w in result.warnings}


# --- client_ip_address -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("203.0.113.9", "203.0.113.9"),
        ("8.8.8.8:443", "8.8.8.8"),
        ("2001:4860:4860::8888", "2001:4860:4860::8888"),
        ("[2001:4860:4860::8888]:443", "2001:4860:4860::8888"),
        (" 8.8.4.4 ", "8.8.4.4"),
        ("168.212.226.204.AQICAQMC", "168.212.226.204.AQICAQMC"),
    ],
)
def test_ip_addresses(raw: str, expected: str) -> None:
    result = run("client_ip_address", raw)
    assert result.normalized == expected
    assert result.sha256 is None and result.status == "never_hash"


def test_ip_port_step() -> None:
    assert "removed port 443" in run("client_ip_address", "8.8.8.8:443").steps


@pytest.mark.parametrize("raw", ["10.0.0.1", "127.0.0.1", "192.168.1.20", "::1", "fe80::1"])
def test_private_ip_is_warned(raw: str) -> None:
    assert "client_ip_address.not_public" in ids(run("client_ip_address", raw))


@pytest.mark.parametrize("raw", ["999.1.1.1", "localhost", "1.2.3", DIGEST])
def test_invalid_ip_is_error(raw: str) -> None:
    assert run("client_ip_address", raw).status == "error"


# --- client_user_agent and ID keys --------------------------------------------------------


def test_user_agent_kept_and_server_clients_flagged() -> None:
    ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"
    assert run("client_user_agent", ua).normalized == ua
    assert run("client_user_agent", ua).warnings == ()
    assert "client_user_agent.not_browser" in ids(
        run("client_user_agent", "python-requests/2.31.0")
    )


@pytest.mark.parametrize(
    "key",
    ["subscription_id", "lead_id", "anon_id", "page_id", "ctwa_clid", "ig_sid", "fb_login_id"],
)
def test_id_keys_are_never_hashed(key: str) -> None:
    result = run(key, "1234567890")
    assert result.status == "never_hash" and result.sha256 is None
    assert result.normalized == "1234567890"
    assert run(key, DIGEST).status == "error"


def test_numeric_id_and_madid_shapes() -> None:
    assert "lead_id.not_numeric" in ids(run("lead_id", "abc"))
    assert "madid.format" in ids(run("madid", "not-a-uuid"))
    assert run("madid", "38400000-8cf0-11bd-b23e-10b96e40000d").warnings == ()


# --- fbc / fbp ------------------------------------------------------------------------------


def fresh(days_ago: float = 1) -> int:
    return NOW_MS - int(timedelta(days=days_ago).total_seconds() * 1000)


def test_fbc_parts_and_appendix() -> None:
    parsed = parse_fbc(f"fb.1.{fresh()}.IwAR2xYzAbCdEf.AQICAQMC", NOW)
    assert parsed.valid and parsed.version == "fb" and parsed.subdomain_index == 1
    assert parsed.fbclid == "IwAR2xYzAbCdEf"
    assert parsed.appendix is not None and parsed.appendix.language == "Python"
    assert parsed.appendix.change_type == "net new" and parsed.appendix.version == "1.3.2"


@pytest.mark.parametrize(
    ("value", "problem", "is_error"),
    [
        (f"fb.1.{fresh(100)}.IwAR2xYzAbCdEf", "fbc.expired", False),
        (f"fb.1.{fresh()}.iwar2xyzabcdef", "fbc.fbclid_case", False),
        (f"fb.1.{fresh(-1)}.IwAR2xYzAbCdEf", "fbc.timestamp_future", True),
        (f"fb.1.{fresh() // 1000}.IwAR2xYzAbCdEf", "fbc.timestamp_seconds", True),
        (f"xx.1.{fresh()}.IwAR2xYzAbCdEf", "fbc.prefix", True),
        (f"fb.12.{fresh()}.IwAR2xYzAbCdEf", "fbc.subdomain_index", True),
        ("IwAR2xYzAbCdEf", "fbc.bare_fbclid", True),
        (DIGEST, "fbc.hashed", True),
        (f"fb.1.{fresh()}.IwAR2xYzAbCdEf.zz", "fbc.appendix", True),
    ],
)
def test_fbc_problems(value: str, problem: str, is_error: bool) -> None:
    parsed = parse_fbc(value, NOW)
    found = {p.id: p.is_error for p in parsed.problems}
    assert found.get(problem) is is_error
    result = run("fbc", value)
    assert problem in ids(result)
    assert result.status == ("error" if is_error else "never_hash")


def test_fbp_doc_example_and_param_builder_form() -> None:
    parsed = parse_fbp("fb.1.1596403881668.1116446470", NOW)
    assert parsed.valid and parsed.random == "1116446470" and parsed.appendix is None
    assert parsed.created_at == datetime(2020, 8, 2, 21, 31, 21, 668000, tzinfo=UTC)
    built = run("fbp", "fb.1.1596403881668.1116446470.AQIAAQMC")
    assert built.status == "never_hash"
    assert any("no change" in step for step in built.steps)


@pytest.mark.parametrize(
    "value", ["fb.1.1596403881668.abc", "fb.1.1596403881668", DIGEST, "fb.1.15964038816.123"]
)
def test_fbp_errors(value: str) -> None:
    assert not parse_fbp(value, NOW).valid
    assert run("fbp", value).status == "error"


# --- hashed values in hashed keys -------------------------------------------------------------


def test_sha256_passthrough_untouched() -> None:
    result = run("em", DIGEST)
    assert result.status == "already_hashed"
    assert result.normalized == DIGEST and result.sha256 == DIGEST and result.warnings == ()


def test_uppercase_sha256_is_lowercased_with_warning() -> None:
    result = run("ph", DIGEST.upper())
    assert result.sha256 == DIGEST and result.status == "already_hashed"
    assert ids(result) == {"hash.uppercase"}


def test_md5_is_passed_through_with_warning() -> None:
    result = run("em", "D41D8CD98F00B204E9800998ECF8427E")
    assert result.status == "already_hashed" and result.sha256 is None
    assert result.normalized == "d41d8cd98f00b204e9800998ecf8427e"
    assert ids(result) == {"hash.md5"}


def test_param_builder_hash_passes_through_as_is() -> None:
    value = f"{DIGEST.upper()}.AQICAQMC"
    result = run("em", value)
    assert result.status == "already_hashed"
    assert result.normalized == value  # case-sensitive: send as-is
    assert result.sha256 == DIGEST
    assert any("Python param builder 1.3.2" in s for s in result.steps)


def test_parse_param_builder_value_and_appendix_tokens() -> None:
    parsed = parse_param_builder_value(f"{DIGEST}.Bg")
    assert parsed is not None and parsed.hash == DIGEST
    assert parsed.appendix.legacy and parsed.appendix.language == "client JS"
    assert parse_param_builder_value(DIGEST) is None
    assert parse_param_builder_value(f"{DIGEST}.toolong123") is None
    assert parse_param_builder_value(f"{DIGEST[:-1]}g.AQICAQMC") is None
    no_change = decode_appendix("AQIAAQMC")
    assert no_change is not None and no_change.change_type == "no change"
    assert [decode_appendix(t).language for t in ("AQ", "Ag", "Aw", "BA", "BQ", "Bg")] == [  # type: ignore[union-attr]
        "PHP",
        "Python",
        "Java",
        "NodeJS",
        "Ruby",
        "client JS",
    ]
    assert decode_appendix("ZZ") is None


def test_is_sha256_hex() -> None:
    assert is_sha256_hex(DIGEST)
    assert not is_sha256_hex(DIGEST.upper())
    assert not is_sha256_hex(DIGEST[:-1])
    assert not is_sha256_hex(DIGEST + "0")


@pytest.mark.parametrize("raw", ["2001:0db8:85a3:0000:0000:8a2e:0370:7334", "203.0.113.9"])
def test_documentation_example_ip_is_named_as_such(raw: str) -> None:
    # Meta's own doc example (2001:0db8:...) pasted as-is is not a visitor's address.
    result = run("client_ip_address", raw)
    warning = next(w for w in result.warnings if w.id == "client_ip_address.not_public")
    assert "documentation (example) address" in warning.message
