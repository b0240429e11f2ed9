"""Report export: HTML/Markdown/CSV content, self-contained HTML, and PII/cookie/token redaction."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from datetime import UTC, datetime

import pytest

from capi_desktop import __version__
from capi_desktop.domain.audit.har_audit import ServerEvent, audit_events
from capi_desktop.domain.audit.report import render_report
from capi_desktop.domain.audit.report_redact import redact_cell
from capi_desktop.domain.pixel.hit import hit_from_params

EMAIL = "jane.doe@example.com"
PHONE = "+1 650 555 1212"
FBP = "fb.1.1763990000000.9988776655"
FBC = "fb.1.1763990000000.IwAR0SecretClickId"
TOKEN = "access_token=canary-token-123"
EM_HASH = hashlib.sha256(EMAIL.encode()).hexdigest()
WHEN = datetime(2026, 11, 27, 15, 30, tzinfo=UTC)


def _report():  # type: ignore[no-untyped-def]
    hits = [
        hit_from_params(
            [
                ("id", "1"),
                ("ev", "Purchase"),
                ("eid", EMAIL),  # people do use emails as event IDs
                ("ts", "1764000000000"),
                ("fbp", FBP),
                ("fbc", FBC),
                ("ud[em]", EM_HASH),
                ("dl", f"https://shop.example/thanks?email={EMAIL}&{TOKEN}"),
                ("cd[value]", "10"),
            ],
            "har",
        ),
        hit_from_params([("id", "1"), ("ev", "Lead"), ("eid", "lead-1")], "har"),
    ]
    server = ServerEvent(
        {
            "event_name": "Purchase",
            "event_id": EMAIL,
            "event_time": 1764000000 + 400,
            "event_source_url": f"https://shop.example/other?phone={PHONE}",
            "user_data": {"em": EMAIL.upper(), "ph": PHONE, "fbp": FBP + "1", "fbc": FBC.lower()},
            "custom_data": {"value": 12},
        },
        "1",
        "line 1",
    )
    report = audit_events(hits, [server])
    return report.__class__(
        **{**report.__dict__, "sources": {"har": "shop.har", "server": "server.jsonl"}}
    )


@pytest.mark.parametrize("fmt", ["html", "md", "csv"])
def test_no_pii_cookie_or_token_in_any_format(fmt: str) -> None:
    text = render_report(_report(), fmt, generated_at=WHEN)  # type: ignore[arg-type]
    lowered = text.lower()
    for secret in (EMAIL, PHONE, "650 555", "9988776655", "IwAR0SecretClickId".lower(), "canary"):
        assert secret.lower() not in lowered, (fmt, secret)
    assert EM_HASH not in text and EM_HASH[:8] in text
    assert not re.search(r"[0-9a-f]{20,}", text)


def test_html_is_self_contained_and_has_header() -> None:
    text = render_report(_report(), "html", generated_at=WHEN)
    assert text.startswith("<!DOCTYPE html>")
    assert f"CAPI Desktop {__version__}" in text and "2026-11-27 15:30 UTC" in text
    for external in ("<script", "<link", "src=", "@import", "url("):
        assert external not in text
    assert "shop.har" in text and "Double counted" in text and "What to fix" in text


def test_markdown_counts_and_fix_list() -> None:
    text = render_report(_report(), "md", generated_at=WHEN)
    assert text.startswith("# Meta Pixel / Conversions API dedup audit")
    assert f"CAPI Desktop {__version__}" in text
    assert "| All events | 0 | 1 | 0 | 0 | 1 | 0 | 0 | 50.0% |" in text
    assert "- **At risk: time_gap (1)**" in text and "- **Browser only (1)**" in text


def test_csv_has_one_line_per_row() -> None:
    report = _report()
    rows = list(csv.DictReader(io.StringIO(render_report(report, "csv"))))
    assert len(rows) == len(report.rows) == 2
    risky = next(r for r in rows if r["category"] == "at_risk")
    assert risky["event_id"] == "[email]"
    assert "fbp" in risky["problem_fields"].split()
    assert "fb.1.1763990000000.…" in risky["details"]


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown report format"):
        render_report(_report(), "pdf")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a" * 64, "aaaaaaaa…"),
        (f"{'b' * 64}.AQICAQMC", "bbbbbbbb…"),
        (FBP, "fb.1.1763990000000.…"),
        ("https://x.example/p?email=a@b.co#f", "https://x.example/p?…"),
        ("mail me at a.b@c.example", "mail me at [email]"),
        ("call +44 20 7946 0958 now", "call [phone] now"),
        ("from 203.0.113.9", "from [ip]"),
        ("2026-11-27 15:30:00 UTC", "2026-11-27 15:30:00 UTC"),
        ("ord-1001", "ord-1001"),
        (None, ""),
    ],
)
def test_redact_cell(value: str | None, expected: str) -> None:
    assert redact_cell(value).startswith(expected)


def test_fix_list_puts_double_counting_first() -> None:
    def hit(event_id: str):  # type: ignore[no-untyped-def]
        return hit_from_params(
            [("id", "1"), ("ev", "Lead"), ("eid", event_id), ("ts", "1700000000000")], "har"
        )

    def event(event_id: str, ts: int) -> ServerEvent:
        return ServerEvent({"event_name": "Lead", "event_id": event_id, "event_time": ts}, "1", "x")

    T = 1_700_000_000
    report = audit_events(
        [hit("a"), hit("b"), hit("c")],
        [event("a", T + 600), event("b", T + 600), event("C", T)],
    )
    text = render_report(report, "md")
    assert text.index("- **Double counted: event_id (1)**") < text.index(
        "- **At risk: time_gap (2)**"
    )
    assert "Seen (2×, for example)" in text
    assert "| Double counted | Lead | c |" in text
