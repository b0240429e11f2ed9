"""Browser-side input: every accepted format decodes into the same PixelHit fields."""

from __future__ import annotations

import json

import pytest

from capi_desktop.domain.pixel.request import (
    ParseProblem,
    PixelHit,
    hit_from_har_entry,
    is_pixel_url,
    parse_browser_input,
)

EM_HASH = "a" * 64
QUERY = (
    "id=1005535387858009&ev=Purchase&eid=ord-1001&dl=https%3A%2F%2Fshop.example%2Fthanks%23top"
    "&rl=https%3A%2F%2Fshop.example%2Fcart&if=false&ts=1749743935460"
    "&cd[content_ids]=%5B%22190%22%5D&cd[value]=3.50&cd[currency]=MYR"
    "&cd[contents]=%5B%7B%22id%22%3A%22190%22%2C%22quantity%22%3A1%2C%22item_price%22%3A3.5%7D%5D"
    "&cd[num_items]=1&cd[content_name]=Gold&fbp=fb.1.1749651650057.639940942831715561"
    "&fbc=fb.1.1749651650000.AbCdEfGh&ud[em]="
    + EM_HASH
    + "&udff[em]="
    + "b" * 64
    + "&udff[ph]="
    + "c" * 64
    + "&dpo=LDU&dpoco=0&dpost=0&it=1749743935000&v=2.9.207&rqm=GET"
)
URL = "https://www.facebook.com/tr/?" + QUERY


def _ok(text: str) -> PixelHit:
    result = parse_browser_input(text)
    assert isinstance(result, PixelHit), result
    return result


def _assert_purchase(hit: PixelHit) -> None:
    assert hit.pixel_id == "1005535387858009"
    assert hit.event_name == "Purchase"
    assert hit.event_id == "ord-1001"
    assert hit.event_time == 1749743935
    assert hit.event_time_ms == 1749743935460
    assert hit.event_source_url == "https://shop.example/thanks#top"
    assert hit.referrer_url == "https://shop.example/cart"
    assert hit.fbp == "fb.1.1749651650057.639940942831715561"
    assert hit.fbc == "fb.1.1749651650000.AbCdEfGh"
    assert hit.custom_data["value"] == 3.5
    assert hit.custom_data["currency"] == "MYR"
    assert hit.custom_data["content_ids"] == ["190"]
    assert hit.custom_data["contents"] == [{"id": "190", "quantity": 1, "item_price": 3.5}]
    assert hit.custom_data["num_items"] == 1
    # ud[] wins over udff[] for the same key; udff fills keys ud lacks
    assert hit.user_data == {"em": EM_HASH, "ph": "c" * 64}
    assert hit.data_processing_options == ("LDU",)
    assert hit.data_processing_options_country == 0
    assert hit.data_processing_options_state == 0
    assert hit.raw_params["v"] == "2.9.207"
    assert hit.raw_params["it"] == "1749743935000"


def test_get_url() -> None:
    hit = _ok(URL)
    _assert_purchase(hit)
    assert hit.source_kind == "url" and hit.method == "GET"


def test_tr_without_trailing_slash_and_without_scheme() -> None:
    assert _ok("https://www.facebook.com/tr?" + QUERY).event_id == "ord-1001"
    assert _ok("www.facebook.com/tr?" + QUERY).event_id == "ord-1001"


def test_post_form_body() -> None:
    hit = _ok(QUERY)
    _assert_purchase(hit)
    assert hit.source_kind == "form" and hit.method == "POST"


def test_curl_bash_keeps_no_cookie() -> None:
    text = (
        "curl 'https://www.facebook.com/tr/' \\\n"
        "  -H 'accept: */*' \\\n"
        "  -H 'cookie: c_user=100001; xs=canary-cookie-secret' \\\n"
        "  -b 'sb=canary-cookie-2' \\\n"
        "  -H 'content-type: application/x-www-form-urlencoded' \\\n"
        f"  --data-raw '{QUERY}'"
    )
    hit = _ok(text)
    _assert_purchase(hit)
    assert hit.source_kind == "curl" and hit.method == "POST"
    assert "canary" not in repr(hit)


def test_curl_bash_get_with_ansi_c_quoting() -> None:
    hit = _ok(f"curl $'{URL}' -H $'cookie: a=canary'")
    _assert_purchase(hit)
    assert hit.method == "GET" and "canary" not in repr(hit)


def test_curl_cmd_flavour() -> None:
    # Chrome's cmd.exe escaping: ^" quotes, ^ before specials, %^ before env-like names
    escaped = URL.replace("%", "^%^").replace("[", "^[").replace("]", "^]").replace("&", "^&")
    text = (
        f'curl ^"{escaped}^" ^\n  -H ^"accept: */*^" ^\n  -H ^"cookie: xs=canary^" ^\n'
        "  --compressed"
    )
    hit = _ok(text)
    _assert_purchase(hit)
    assert hit.source_kind == "curl" and "canary" not in repr(hit)


def test_fetch_browser_flavour_post() -> None:
    text = (
        'fetch("https://www.facebook.com/tr/", {\n'
        '  "headers": {"accept": "*/*", "content-type": "application/x-www-form-urlencoded"},\n'
        '  "referrer": "https://shop.example/",\n'
        f'  "body": {json.dumps(QUERY)},\n'
        '  "method": "POST",\n  "mode": "no-cors",\n  "credentials": "include"\n});'
    )
    hit = _ok(text)
    _assert_purchase(hit)
    assert hit.source_kind == "fetch" and hit.method == "POST"


def test_fetch_node_flavour_with_cookie_header() -> None:
    text = (
        f'fetch("{URL}", {{\n  "headers": {{\n    "cookie": "xs=canary-node"\n  }},\n'
        '  "body": null,\n  "method": "GET"\n});'
    )
    hit = _ok(text)
    _assert_purchase(hit)
    assert "canary" not in repr(hit)


def test_fbq_call_lenient_literal() -> None:
    text = """
    fbq('init', '1005535387858009', {em: 'Jane.Doe@Example.com', external_id: "u-1",});
    fbq('track', 'Purchase', {
        value: 3.5, currency: 'MYR',   // trailing comma and comment
        content_ids: ['190',],
        contents: [{id: '190', quantity: 1, item_price: 3.5}],
    }, {eventID: 'ord-1001'});
    """
    hit = _ok(text)
    assert hit.source_kind == "fbq"
    assert (hit.pixel_id, hit.event_name, hit.event_id) == (
        "1005535387858009",
        "Purchase",
        "ord-1001",
    )
    assert hit.custom_data["content_ids"] == ["190"]
    assert hit.custom_data["contents"][0]["item_price"] == 3.5
    assert hit.user_data == {"em": "Jane.Doe@Example.com", "external_id": "u-1"}
    assert hit.event_time is None


def test_fbq_track_single_takes_pixel_from_call() -> None:
    hit = _ok("fbq('trackSingle', '42', 'Lead', {}, {eventID: 7});")
    assert (hit.pixel_id, hit.event_name, hit.event_id) == ("42", "Lead", "7")


def test_fbq_without_init_warns_pixel_unknown() -> None:
    hit = _ok("fbq('track', 'Lead')")
    assert hit.pixel_id is None and hit.event_id is None
    assert any("pixel id unknown" in w for w in hit.warnings)


def test_fbq_with_variable_explains() -> None:
    result = parse_browser_input("fbq('track', 'Purchase', {value: order.total})")
    assert isinstance(result, ParseProblem)
    assert "variable" in result.message


def _har_entry(method: str = "GET") -> dict[str, object]:
    request: dict[str, object] = {
        "method": method,
        "url": URL if method == "GET" else "https://www.facebook.com/tr/",
        "headers": [{"name": "Cookie", "value": "xs=canary-har"}],
        "cookies": [{"name": "xs", "value": "canary-har"}],
    }
    if method == "POST":
        request["postData"] = {"mimeType": "application/x-www-form-urlencoded", "text": QUERY}
    return {"request": request, "response": {"status": 200}}


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_har_entry_and_full_har(method: str) -> None:
    hit = hit_from_har_entry(_har_entry(method))
    assert hit is not None
    _assert_purchase(hit)
    assert "canary" not in repr(hit)
    pageview = {
        "request": {"method": "GET", "url": "https://www.facebook.com/tr/?id=1&ev=PageView"}
    }
    other = {"request": {"method": "GET", "url": "https://cdn.example/app.js"}}
    har = {"log": {"version": "1.2", "entries": [other, pageview, _har_entry(method)]}}
    chosen = _ok(json.dumps(har))
    assert chosen.event_name == "Purchase" and chosen.source_kind == "har"
    assert any("2 Pixel hits" in w for w in chosen.warnings)
    assert _ok(json.dumps(_har_entry(method))).event_id == "ord-1001"


def test_har_post_params_without_text() -> None:
    entry = {
        "request": {
            "method": "POST",
            "url": "https://www.facebook.com/tr/",
            "postData": {
                "mimeType": "multipart/form-data",
                "params": [{"name": "id", "value": "9"}, {"name": "ev", "value": "Lead"}],
            },
        }
    }
    hit = hit_from_har_entry(entry)
    assert hit is not None and (hit.pixel_id, hit.event_name) == ("9", "Lead")


def test_multipart_body_text() -> None:
    body = (
        '------b\r\nContent-Disposition: form-data; name="id"\r\n\r\n9\r\n'
        '------b\r\nContent-Disposition: form-data; name="ev"\r\n\r\nLead\r\n'
        '------b\r\nContent-Disposition: form-data; name="eid"\r\n\r\nx 1\r\n------b--\r\n'
    )
    entry = {
        "request": {
            "method": "POST",
            "url": "https://www.facebook.com/tr/",
            "postData": {"mimeType": "multipart/form-data; boundary=----b", "text": body},
        }
    }
    hit = hit_from_har_entry(entry)
    assert hit is not None and hit.event_id == "x 1"


def test_pixel_url_recognition() -> None:
    assert is_pixel_url("https://www.facebook.com/tr?id=1")
    assert is_pixel_url("https://facebook.com/tr/")
    assert not is_pixel_url("https://www.facebook.com/tracking")
    assert not is_pixel_url("https://evil-facebook.com/tr")
    assert not is_pixel_url("https://connect.facebook.net/en_US/fbevents.js")


def test_seconds_timestamp_is_flagged() -> None:
    hit = _ok("https://www.facebook.com/tr?id=1&ev=Lead&ts=1749743935")
    assert hit.event_time == 1749743935
    assert any("seconds" in w for w in hit.warnings)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "nothing pasted"),
        ("hello world", "not a Pixel request"),
        ('{"log": ', "not valid (line 1"),
        ('{"a": 1}', "no Meta Pixel request"),
        ("https://shop.example/tr?ev=Purchase", "shop.example, not the Meta Pixel"),
        ("https://www.facebook.com/tr?id=1&noscript=1", "no 'ev'"),
        ("curl 'https://www.facebook.com/tr/?id=1&ev=Lead", "cut off"),
        ("curl -H 'a: b'", "no URL"),
        ("fetch(url)", "variable"),
    ],
)
def test_problems_are_explained(text: str, expected: str) -> None:
    result = parse_browser_input(text)
    assert isinstance(result, ParseProblem)
    assert expected in result.message
    assert result.hint


def test_problem_never_echoes_cookie() -> None:
    text = "curl 'https://shop.example/x' -H 'cookie: xs=canary-secret-cookie'"
    result = parse_browser_input(text)
    assert isinstance(result, ParseProblem)
    assert "canary" not in result.message + result.hint


def test_fbq_page_snippet_prefers_the_conversion_and_skips_unreadable_calls() -> None:
    text = """<script>
    !function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){n.callMethod?
    n.callMethod.apply(n,arguments):n.queue.push(arguments)};if(!f._fbq)f._fbq=n;
    }(window, document,'script','https://connect.facebook.net/en_US/fbevents.js');
    fbq('init', '555');
    fbq('set', 'autoConfig', false, pixelId);
    fbq('track', 'PageView');
    fbq('track', 'AddToCart', {value: 5, currency: 'EUR'}, {eventID: "atc-1"});
    </script>"""
    hit = _ok(text)
    assert (hit.pixel_id, hit.event_name, hit.event_id) == ("555", "AddToCart", "atc-1")
    assert _ok("fbq('init', '1'); fbq('track', 'PageView');").event_name == "PageView"


@pytest.mark.parametrize("text", ["fbq(", "fbq('track', ", "fetch(", "x fbq('track', 'Lead', {a: "])
def test_cut_off_calls_are_problems_not_crashes(text: str) -> None:
    result = parse_browser_input(text)
    assert isinstance(result, ParseProblem) and "end of text" in result.message


def test_huge_pastes_answer_quickly() -> None:
    import time

    started = time.perf_counter()
    assert isinstance(parse_browser_input("x" * 200_000), ParseProblem)  # was quadratic: ~100 s
    curl = "curl 'https://www.facebook.com/tr/?id=1&ev=Lead&eid=" + "é" * 300_000 + "'"
    result = parse_browser_input(curl)
    assert isinstance(result, ParseProblem) and "longer than any Pixel request" in result.message
    assert time.perf_counter() - started < 2
    url = "see https://www.facebook.com/tr/?id=123&ev=Lead&eid=e-1 " + "word " * 50_000
    hit = parse_browser_input("x" * 100_000 + " " + url)
    assert not isinstance(hit, ParseProblem) and hit.event_id == "e-1"
    assert time.perf_counter() - started < 2


def test_har_text_with_fetch_in_a_script_is_read_as_har() -> None:
    entry = {"request": {"method": "GET", "url": "https://www.facebook.com/tr/?id=1&ev=Lead&eid=h"}}
    other = {"request": {"method": "GET", "url": "https://shop.example/app.js"},
             "response": {"content": {"text": "fetch('/api'); fbq('track', 'X');"}}}  # fmt: skip
    result = parse_browser_input(json.dumps({"log": {"entries": [other, entry]}}))
    assert not isinstance(result, ParseProblem) and result.event_id == "h"
