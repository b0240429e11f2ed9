"""decode(): real bodies, localized variants, wrappers, garbage, huge input; never raises."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from capi_desktop.backend.error_catalog_store import default_catalog
from capi_desktop.domain.error_catalog import DecodedError, decode, support_summary
from tests.conftest import SHARED_FIXTURES

CATALOG = default_catalog()
GRAPH = SHARED_FIXTURES / "graph"
F1 = (GRAPH / "error_100_2804003_en.json").read_text(encoding="utf-8")

EXPECTED = {
    "error_100_2804003_en.json": ("graph_error", 100, 2804003, "100/2804003", "A6UyEgg_HdoiRX9duxcBOjb"),
    "error_100_2804050_en.json": ("graph_error", 100, 2804050, "100/2804050", "trace123"),
    "error_17_throttled.json": ("graph_error", 17, None, "17", "facebook_px_trace_id_4"),
    "error_190_decrypt.json": ("graph_error", 190, None, "190", "fbpixel_trace_id"),
    "success.json": ("success", None, None, None, "ATHEd8F7ddsITPV0fE5TWjY"),
}  # fmt: skip


def test_every_shared_fixture_is_expected() -> None:
    assert {p.name for p in GRAPH.glob("*.json")} <= set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_decode_shared_fixture(name: str) -> None:
    status, code, subcode, key, trace = EXPECTED[name]
    for raw in ((GRAPH / name).read_text(encoding="utf-8"), (GRAPH / name).read_bytes()):
        decoded = decode(raw, CATALOG)
        assert decoded.status == status
        assert (decoded.code, decoded.subcode, decoded.fbtrace_id) == (code, subcode, trace)
        assert (decoded.entry.key if decoded.entry else None) == key


def test_success_body_reports_events_received() -> None:
    decoded = decode((GRAPH / "success.json").read_text(), CATALOG)
    assert decoded.events_received == 1 and "accepted" in decoded.note.lower()


def test_graph_fields_are_kept_verbatim() -> None:
    decoded = decode(F1, CATALOG)
    assert decoded.type == "OAuthException" and decoded.message == "Invalid parameter"
    assert decoded.user_title == "Event Timestamp Too Old"
    assert decoded.user_msg.startswith("The timestamp for this event")
    assert decoded.is_transient is False and decoded.transient is False
    assert "data[].event_time" in decoded.fields


def _localized(title: str, msg: str, message: str) -> str:
    body = json.loads(F1)
    body["error"].update(error_user_title=title, error_user_msg=msg, message=message)
    return json.dumps(body, ensure_ascii=False)


# Localized wording is ours (synthetic): the point is that only the text changes.
@pytest.mark.parametrize(
    "raw",
    [
        _localized("Horodatage de l'événement trop ancien", "L'horodatage est trop ancien.", "Paramètre non valide"),
        _localized("Hændelsens tidsstempel er for gammelt", "Tidsstemplet er for langt tilbage.", "Ugyldig parameter"),
    ],
    ids=["fr", "da"],
)  # fmt: skip
def test_localized_bodies_decode_the_same(raw: str) -> None:
    english, local = decode(F1, CATALOG), decode(raw, CATALOG)
    assert (local.code, local.subcode, local.entry) == (
        english.code,
        english.subcode,
        english.entry,
    )
    assert local.user_title != english.user_title  # Meta's own words are still shown


def test_inner_object_and_mapping_input() -> None:
    inner = json.loads(F1)["error"]
    assert decode(json.dumps(inner), CATALOG).subcode == 2804003
    assert decode(json.loads(F1), CATALOG).entry == CATALOG.get("100/2804003")


def test_error_data_as_json_string_with_blame_fields() -> None:
    body = json.loads(F1)
    body["error"]["error_data"] = json.dumps({"blame_field_specs": [["data", "0", "event_time"]]})
    decoded = decode(json.dumps(body), CATALOG)
    assert decoded.blame_fields == ("data[0].event_time",)
    assert decoded.fields[0] == "data[0].event_time"


def test_nested_per_event_errors() -> None:
    nested = [
        {"event_index": 0, "code": 2804030},
        {"event_index": 3, "code": 100, "error_subcode": 2804003},
    ]
    body = {"error": {"message": "Array of offline conversion events is invalid.", "type": "OAuthException",
                      "code": 100, "error_subcode": 1815356, "error_data": json.dumps(nested), "fbtrace_id": "Tr4ce"}}  # fmt: skip
    decoded = decode(json.dumps(body), CATALOG)
    assert decoded.entry is not None and decoded.entry.key == "100/1815356"
    assert [(n.event_index, n.entry.key if n.entry else None) for n in decoded.nested] == [
        (0, "2804030"),
        (3, "100/2804003"),
    ]


def test_log_line_with_embedded_json() -> None:
    line = f"2026-11-27 10:00:01 ERROR capi send failed status=400 body={F1} retry=no"
    decoded = decode(line, CATALOG)
    assert decoded.status == "graph_error" and decoded.subcode == 2804003


def test_escaped_json_inside_a_log_string() -> None:
    line = "msg=" + json.dumps(F1)  # the body logged as a JSON string: {\"error\":...}
    decoded = decode(line, CATALOG)
    assert decoded.status == "graph_error" and decoded.fbtrace_id == "A6UyEgg_HdoiRX9duxcBOjb"


def test_sdk_exception_text_with_hash_code() -> None:
    text = "FacebookRequestError: (#2635) You are calling a deprecated version of the Ads API."
    decoded = decode(text, CATALOG)
    assert decoded.status == "graph_error" and decoded.entry == CATALOG.get("2635")


@pytest.mark.parametrize(
    ("page", "key"),
    [
        ("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>", "http:5xx-html"),
        ("<!DOCTYPE html><html><title>503 Service Unavailable</title></html>", "http:5xx-html"),
        ("<html><title>407 Proxy Authentication Required</title></html>", "http:proxy"),
        ("<html><body>Access blocked by Zscaler</body></html>", "http:proxy"),
    ],
)  # fmt: skip
def test_html_pages_are_explained(page: str, key: str) -> None:
    decoded = decode(page, CATALOG)
    assert decoded.status == "not_graph" and decoded.entry is not None
    assert decoded.entry.key == key and decoded.http_hint


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("httpx.ReadTimeout: timed out", "http:timeout"),
        ("[Errno -2] Name or service not known", "http:dns"),
        ("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed", "http:tls"),
        ("ConnectionResetError: [Errno 104] Connection reset by peer", "http:connection-reset"),
    ],
)
def test_transport_error_text(text: str, key: str) -> None:
    decoded = decode(text, CATALOG)
    assert decoded.status == "not_graph" and decoded.entry == CATALOG.get(key)


def test_truncated_json_keeps_what_is_readable() -> None:
    cut = F1[: F1.index('"error_user_title"') + 10]
    decoded = decode(cut, CATALOG)
    assert decoded.status == "graph_error"
    assert (decoded.code, decoded.subcode) == (100, 2804003)
    assert "cut off" in decoded.note
    # a number cut mid-way is not trusted
    half = decode('{"error":{"type":"OAuthException","code":100,"error_subcode":28040', CATALOG)
    assert half.code == 100 and half.subcode is None


def test_truncated_json_without_code_is_unreadable() -> None:
    decoded = decode('{"error":{"message":"Inva', CATALOG)
    assert decoded.status == "unreadable" and decoded.entry == CATALOG.get("http:truncated-json")


@pytest.mark.parametrize("raw", ["", "   \n", b"", b"\xef\xbb\xbf"])
def test_empty_input(raw: str | bytes) -> None:
    decoded = decode(raw, CATALOG)
    assert decoded.status == "unreadable" and "Nothing to decode" in decoded.note


@pytest.mark.parametrize("raw", ["hello world", '{"foo": 1}', "[1, 2, 3]", "42"])
def test_readable_but_not_graph(raw: str) -> None:
    assert decode(raw, CATALOG).status == "not_graph"


def test_ten_megabyte_pastes_are_bounded() -> None:
    cases = [
        "x" * 10_000_000,
        json.dumps({"blob": "y" * 10_000_000}),
        "noise " * 1_700_000 + F1,
        '{"error":' * 1_000_000,
        "[" * 5_000_000,
    ]
    for raw in cases:
        started = time.perf_counter()
        decoded = decode(raw, CATALOG)
        assert time.perf_counter() - started < 2.0
        assert isinstance(decoded, DecodedError)


def test_unknown_codes_say_so() -> None:
    decoded = decode('{"error":{"code":424242,"message":"x","fbtrace_id":"abcd"}}', CATALOG)
    assert decoded.entry is None and "not in the catalogue" in decoded.note
    sub = decode('{"error":{"code":100,"error_subcode":2809999,"message":"x"}}', CATALOG)
    assert sub.entry == CATALOG.get("100") and "2809999" in sub.note


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=300), st.binary(max_size=300)))
def test_never_raises_on_text(raw: str | bytes) -> None:
    assert decode(raw, CATALOG).status in ("graph_error", "success", "not_graph", "unreadable")


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(
        st.sampled_from(["error", "code", "error_subcode", "error_data", "event_index", "body",
                         "fbtrace_id", "events_received", "messages", "blame_field_specs", "x"]),
        children,
        max_size=5,
    ),
    max_leaves=20,
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(_JSON)
def test_never_raises_on_json_shapes(value: object) -> None:
    decoded = decode(json.dumps(value), CATALOG)
    assert isinstance(decoded, DecodedError)
    if isinstance(value, dict):
        assert isinstance(decode(value, CATALOG), DecodedError)


def test_support_summary_has_identifiers_and_no_secrets() -> None:
    body = json.loads(F1)
    body["error"]["error_user_msg"] = "Bad value for jane.doe@example.com"
    body["error"]["message"] = "access_token=test-token-123 rejected"
    decoded = decode(json.dumps(body), CATALOG)
    when = datetime(2026, 11, 27, 15, 4, 5, tzinfo=timezone(timedelta(hours=2)))
    text = support_summary(decoded, when)
    for needle in ("Code: 100", "Subcode: 2804003", "Event timestamp too old", "A6UyEgg_HdoiRX9duxcBOjb",
                   "2026-11-27 13:04:05 UTC"):  # fmt: skip
        assert needle in text
    assert "jane.doe" not in text and "test-token-123" not in text


def test_support_summary_for_non_graph_and_naive_time() -> None:
    decoded = decode("<html><title>502 Bad Gateway</title></html>", CATALOG)
    text = support_summary(decoded, datetime(2026, 1, 2, 3, 4, 5))
    assert "not a Graph API error" in text and "2026-01-02 03:04:05 UTC" in text
    assert "fbtrace_id: none" in text
    assert support_summary(
        decode(Path(GRAPH / "success.json").read_text(), CATALOG), datetime.now(UTC)
    )


def test_error_without_a_numeric_code_says_so() -> None:
    decoded = decode('{"error":{"code":true,"message":"hm"}}', CATALOG)
    assert decoded.status == "graph_error" and decoded.code is None and decoded.entry is None
    assert "no numeric code" in decoded.note


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_files_decode(encoding: str) -> None:
    body = (SHARED_FIXTURES / "graph" / "error_190_decrypt.json").read_text()
    decoded = decode(body.encode(encoding), CATALOG)
    assert decoded.status == "graph_error" and decoded.code == 190
