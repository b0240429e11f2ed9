"""Dedup verdicts: every path of issue 7's rules, with the row that explains it."""

from __future__ import annotations

import copy
import hashlib
from typing import Any

import pytest

from capi_desktop.domain.dedup.compare import Comparison, best_match, compare
from capi_desktop.domain.pixel.request import PixelHit, parse_browser_input

PIXEL = "1005535387858009"
TS_MS = 1_764_000_000_123
EM = "jane.doe@example.com"
EM_HASH = hashlib.sha256(EM.encode()).hexdigest()
FBP = "fb.1.1763990000000.1234567890"
FBC = "fb.1.1763990000000.IwAR0AbCdEfGhIj"
APPENDIX = "AQICAQMC"  # Python param builder 1.3.2, net new (capi.md §5.5)


def _url(**changes: str) -> str:
    params = {
        "id": PIXEL,
        "ev": "Purchase",
        "eid": "ord-1001",
        "ts": str(TS_MS),
        "dl": "https://shop.example/thanks?utm_source=x#done",
        "fbp": FBP,
        "fbc": FBC,
        "cd[value]": "49.90",
        "cd[currency]": "EUR",
        "cd[content_ids]": '["sku-1","sku-2"]',
        "cd[contents]": '[{"id":"sku-1","quantity":1,"item_price":19.95},'
        '{"id":"sku-2","quantity":1,"item_price":29.95}]',
        "ud[em]": EM_HASH,
        "ud[external_id]": hashlib.sha256(b"user-77").hexdigest(),
    }
    params.update(changes)
    from urllib.parse import urlencode

    return "https://www.facebook.com/tr/?" + urlencode(params)


def _hit(**changes: str) -> PixelHit:
    hit = parse_browser_input(_url(**changes))
    assert isinstance(hit, PixelHit)
    return hit


SERVER: dict[str, Any] = {
    "event_name": "Purchase",
    "event_id": "ord-1001",
    "event_time": TS_MS // 1000 + 30,
    "action_source": "website",
    "event_source_url": "https://shop.example/thanks",
    "user_data": {
        "em": [EM_HASH],
        "external_id": hashlib.sha256(b"user-77").hexdigest(),
        "fbp": FBP,
        "fbc": FBC,
        "client_user_agent": "Mozilla/5.0",
    },
    "custom_data": {
        "value": 49.9,
        "currency": "eur",
        "content_ids": ["sku-2", "sku-1"],
        "contents": [
            {"id": "sku-2", "quantity": 1, "item_price": 29.95},
            {"id": "sku-1", "quantity": 1, "item_price": 19.95},
        ],
    },
}


def _server(**changes: Any) -> dict[str, Any]:
    event = copy.deepcopy(SERVER)
    for path, value in changes.items():
        target = event
        *parents, leaf = path.split("__")
        for parent in parents:
            target = target[parent]
        if value is None:
            target.pop(leaf, None)
        else:
            target[leaf] = value
    return event


def _cmp(hit: PixelHit | None = None, server: dict[str, Any] | None = None) -> Comparison:
    return compare(hit or _hit(), server or _server(), server_pixel_id=PIXEL)


def _status(result: Comparison, field: str) -> str:
    row = result.row(field)
    assert row is not None, f"no row {field}"
    return row.status


def test_deduplicated_when_everything_agrees() -> None:
    result = _cmp()
    assert result.verdict == "deduplicated", [r for r in result.rows if r.status != "match"]
    fields = [r.field for r in result.rows]
    for field in (
        "pixel_id",
        "event_name",
        "event_id",
        "time_gap",
        "fbp",
        "fbc",
        "external_id",
        "user_data.em",
        "event_source_url",
        "value",
        "currency",
        "content_ids",
        "contents",
        "LDU",
    ):
        assert field in fields
    assert _status(result, "event_source_url") == "info"  # query/fragment only
    assert "currency" in fields and "case" in (result.row("currency").reason or "")  # type: ignore[union-attr]
    assert result.to_json()["verdict"] == "deduplicated"
    assert set(result.to_json()["rows"][0]) == {"field", "browser", "server", "status", "reason"}


@pytest.mark.parametrize(
    ("server_changes", "hit_changes", "field", "words"),
    [
        ({"event_id": "ORD-1001"}, {}, "event_id", "upper/lower case"),
        ({"event_id": "ord-1001 "}, {}, "event_id", "spaces"),
        ({"event_id": " ord-1001"}, {}, "event_id", "spaces"),
        (
            {"event_id": None, "user_data__fbp": None, "user_data__external_id": None},
            {},
            "event_id",
            "No event ID on the server",
        ),
        (
            {"user_data__fbp": None, "user_data__external_id": None},
            {"eid": ""},
            "event_id",
            "nothing lets Meta pair",
        ),
        ({"event_id": "001001"}, {"eid": "1001"}, "event_id", "leading zeros"),
        ({"event_name": "purchase"}, {}, "event_name", "upper/lower case"),
        ({"event_name": "Purchase "}, {}, "event_name", "spaces"),
        ({"event_name": "Lead"}, {}, "event_name", "different values"),
        ({"event_time": TS_MS // 1000 + 49 * 3600}, {}, "time_gap", "48-hour"),
        ({"event_time": TS_MS // 1000 - 3 * 86400}, {}, "time_gap", "48-hour"),
    ],
)
def test_double_counted(
    server_changes: dict[str, Any], hit_changes: dict[str, str], field: str, words: str
) -> None:
    result = _cmp(_hit(**hit_changes), _server(**server_changes))
    assert result.verdict == "double_counted"
    row = result.row(field)
    assert row is not None and row.impact == "double_counted"
    assert words in row.reason
    assert "count both" in result.summary or "both are counted" in result.summary


def test_different_pixel_is_double_counted() -> None:
    result = compare(_hit(), _server(), server_pixel_id="999")
    assert result.verdict == "double_counted"
    assert _status(result, "pixel_id") == "differs"


def test_unknown_server_pixel_gives_no_verdict() -> None:
    result = compare(_hit(), _server(), server_pixel_id=None)
    assert result.verdict == "unknown"
    assert _status(result, "pixel_id") == "unread"
    assert result.reason.startswith("pixel_id: The server side does not say")


@pytest.mark.parametrize("pixel", ["${FB_PIXEL_ID}", "PIXEL_ID", "XXXXXXXXX", "{{Pixel ID}}"])
def test_unreadable_browser_pixel_is_never_deduplicated(pixel: str) -> None:
    result = compare(_hit(id=pixel), _server(), server_pixel_id=PIXEL)
    assert result.verdict == "unknown"
    assert "cannot be read" in result.reason and "never deduplicate" in result.reason


@pytest.mark.parametrize(
    ("server_changes", "key"),
    [
        ({"event_id": None, "user_data__external_id": None}, "fbp"),
        ({"event_id": None, "user_data__fbp": None}, "external_id"),
        ({"event_id": None}, "fbp and external_id"),
    ],
)
def test_no_event_id_with_fallback_key_is_at_risk(server_changes: dict[str, Any], key: str) -> None:
    result = _cmp(_hit(), _server(**server_changes))
    assert result.verdict == "at_risk"
    row = result.row("event_id")
    assert row is not None and f"same {key}" in row.reason and "first" in row.reason


def test_placeholder_event_id_on_both_sides_is_at_risk() -> None:
    result = _cmp(_hit(eid="{{DL - Event ID}}"), _server(event_id="{{DL - Event ID}}"))
    assert result.verdict == "at_risk"
    assert "tag-manager variable" in (result.row("event_id") or result).reason


def test_placeholder_in_server_user_data_is_flagged_with_its_path() -> None:
    result = _cmp(_hit(), _server(custom_data__currency="%%CURRENCY%%"))
    row = result.row("custom_data.currency")
    assert row is not None and row.impact == "at_risk" and "%%" in row.reason


def test_url_without_ts_does_not_blame_fbq() -> None:
    """Issue 18 item 11: the time-gap note names what was pasted."""
    hit = _hit()
    from dataclasses import replace

    row = compare(replace(hit, event_time=None), _server(), server_pixel_id=PIXEL).row("time_gap")
    assert row is not None and "fbq" not in row.reason and "ts parameter" in row.reason


@pytest.mark.parametrize(
    ("server_changes", "field"),
    [
        ({"user_data__fbp": "fb.1.1763990000000.999"}, "fbp"),
        ({"user_data__fbc": FBC.lower()}, "fbc"),
        ({"custom_data__value": 59.9}, "value"),
        ({"custom_data__value": None}, "value"),
        ({"custom_data__currency": "USD"}, "currency"),
        ({"custom_data__content_ids": ["sku-1"]}, "content_ids"),
        (
            {"custom_data__contents": [{"id": "sku-1", "quantity": 2, "item_price": 19.95}]},
            "contents",
        ),
        ({"event_time": TS_MS // 1000 + 6 * 60}, "time_gap"),
        ({"user_data__external_id": "user-77"}, "external_id"),
        ({"user_data__em": EM}, "user_data.em"),
        ({"user_data__em": hashlib.sha256(b"other@example.com").hexdigest()}, "user_data.em"),
        ({"event_source_url": "https://shop.example/checkout"}, "event_source_url"),
        ({"data_processing_options": ["LDU"], "data_processing_options_country": 0}, "LDU"),
        ({"event_id": 1001}, "event_id"),
        ({"action_source": "app"}, "action_source"),
    ],
)
def test_at_risk(server_changes: dict[str, Any], field: str) -> None:
    hit = _hit(eid="1001") if field == "event_id" else _hit()
    server = _server(**server_changes)
    if field != "event_id":
        assert hit.event_id == server["event_id"]
    result = _cmp(hit, server)
    assert result.verdict == "at_risk", result.rows
    row = result.row(field)
    assert row is not None and row.impact == "at_risk", row
    assert field in result.summary


def test_fbc_case_change_is_explained() -> None:
    row = _cmp(server=_server(user_data__fbc=FBC.lower())).row("fbc")
    assert row is not None and "case-sensitive" in row.reason


def test_param_builder_appendices_are_stripped() -> None:
    server = _server(
        user_data__fbp=f"{FBP}.{APPENDIX}",
        user_data__fbc=f"{FBC}.{APPENDIX}",
        user_data__em=[f"{EM_HASH}.{APPENDIX}"],
        event_source_url=f"https://shop.example/thanks.{APPENDIX}",
    )
    result = _cmp(server=server)
    assert result.verdict == "deduplicated", [r for r in result.rows if r.impact != "deduplicated"]
    for field in ("fbp", "fbc", "user_data.em"):
        assert _status(result, field) == "match"
    assert "appendix" in result.row("fbp").reason  # type: ignore[union-attr]


def test_raw_server_value_is_hashed_and_flagged() -> None:
    row = _cmp(server=_server(user_data__em="  Jane.Doe@Example.com")).row("user_data.em")
    assert row is not None and row.status == "risk"
    assert row.reason.startswith("Same value once hashed")
    assert row.server == "raw → " + EM_HASH[:8] + "…"
    assert "Jane" not in (row.server or "") + row.reason


def test_fbq_browser_raw_values_hashed_here() -> None:
    text = (
        f"fbq('init', '{PIXEL}', {{em: 'Jane.Doe@Example.com'}});"
        "fbq('track', 'Purchase', {value: 49.9, currency: 'EUR', content_ids: ['sku-1', 'sku-2'],"
        " contents: [{id: 'sku-1', quantity: 1, item_price: 19.95},"
        " {id: 'sku-2', quantity: 1, item_price: 29.95}]}, {eventID: 'ord-1001'});"
    )
    hit = parse_browser_input(text)
    assert isinstance(hit, PixelHit)
    server = _server(user_data__fbp=None, user_data__fbc=None, user_data__external_id=None)
    result = _cmp(hit, server)
    assert result.verdict == "deduplicated", [r for r in result.rows if r.impact != "deduplicated"]
    assert _status(result, "user_data.em") == "match"
    assert _status(result, "time_gap") == "info"
    assert result.row("event_source_url") is None


def test_missing_server_fbp_is_reported_but_not_a_risk() -> None:
    result = _cmp(server=_server(user_data__fbp=None))
    assert _status(result, "fbp") == "missing"
    assert result.verdict == "deduplicated"


def test_best_match_prefers_exact_keys_then_loose() -> None:
    hits = [_hit(eid="a", ev="PageView"), _hit(eid="ord-1001")]
    events = [_server(event_id="zzz"), _server()]
    pair = best_match(hits, events)
    assert pair is not None and pair[0].event_id == "ord-1001" and pair[1]["event_id"] == "ord-1001"
    loose = best_match([_hit()], [_server(event_id="ORD-1001 ")])
    assert loose is not None and loose[1]["event_id"] == "ORD-1001 "
    by_name = best_match([_hit(eid="x")], [_server(event_name="Lead"), _server(event_id="y")])
    assert by_name is not None and by_name[1]["event_id"] == "y"
    assert best_match([], [_server()]) is None


@pytest.mark.parametrize(
    ("gap", "verdict"),
    [
        (300, "deduplicated"),
        (301, "at_risk"),
        (48 * 3600, "at_risk"),
        (48 * 3600 + 1, "double_counted"),
    ],
)
def test_time_window_boundaries(gap: int, verdict: str) -> None:
    browser_s = TS_MS // 1000
    assert _cmp(server=_server(event_time=browser_s + gap)).verdict == verdict
    assert _cmp(server=_server(event_time=browser_s - gap)).verdict == verdict


def test_server_time_in_milliseconds_is_flagged() -> None:
    row = _cmp(server=_server(event_time=TS_MS + 1000)).row("time_gap")
    assert row is not None and row.impact == "at_risk" and "milliseconds" in row.reason


def test_missing_server_event_time() -> None:
    row = _cmp(server=_server(event_time=None)).row("time_gap")
    assert row is not None and row.status == "missing" and row.impact == "at_risk"


def test_referrer_row_only_when_the_server_sends_one() -> None:
    assert _cmp().row("referrer_url") is None
    hit = _hit(rl="https://shop.example/cart")
    same = _cmp(hit, _server(referrer_url="https://shop.example/cart.AQICAQMC"))
    assert _status(same, "referrer_url") == "match" and same.verdict == "deduplicated"
    other = _cmp(hit, _server(referrer_url="https://search.example/"))
    assert _status(other, "referrer_url") == "info" and other.verdict == "deduplicated"
