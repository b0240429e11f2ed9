"""CompareController without widgets: both inputs, the verdict, HAR hits, the Composer's body,
and that no verdict outlives the inputs it was made from."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from capi_desktop.ui.panels.send_compare.controllers import compare as compare_module
from capi_desktop.ui.panels.send_compare.controllers.compare import NOT_READ, CompareController

PIXEL = "1005535387858009"


def url(event_id: str, name: str = "Purchase") -> str:
    return (
        f"https://www.facebook.com/tr/?id={PIXEL}&ev={name}&eid={event_id}&ts=1764000000000"
        "&fbp=fb.1.1763990000000.42"
    )


def server_event(event_id: str, name: str = "Purchase") -> dict[str, Any]:
    return {
        "event_name": name,
        "event_id": event_id,
        "event_time": 1764000020,
        "action_source": "website",
        "user_data": {"fbp": "fb.1.1763990000000.42"},
    }


class FakeComposer:
    def __init__(self, body: Any = None) -> None:
        self.body = body
        self.asked: list[bool] = []

    def composer_body(self, *, build: bool = False) -> Any:
        self.asked.append(build)
        return self.body


def controller(default_pixel: str = "", composer: FakeComposer | None = None) -> CompareController:
    return CompareController(composer or FakeComposer(), lambda: default_pixel)


def test_verdict_from_both_sides_and_the_pixel_rule() -> None:
    c = controller()
    assert c.compare().comparison is None and c.compare().problem == ""  # both empty: no word
    c.browser_changed(url("ord-1"))
    c.server_changed(json.dumps({"data": [server_event("ord-1")]}))
    unread = c.compare().comparison
    assert unread is not None and unread.verdict == "unknown"  # no pixel given: not assumed
    c.pixel_text = PIXEL
    assert c.compare().comparison is not None
    assert c.comparison is not None and c.comparison.verdict == "deduplicated"
    assert controller(PIXEL).compare().comparison is None  # the profile's pixel alone: no inputs
    with_profile = controller(PIXEL)
    with_profile.browser_changed(url("ord-1"))
    with_profile.server_changed(json.dumps(server_event("ord-1")))
    outcome = with_profile.compare()
    assert outcome.comparison is not None and outcome.comparison.verdict == "deduplicated"


def test_a_failed_read_drops_the_previous_verdict(monkeypatch: pytest.MonkeyPatch) -> None:
    c = controller(PIXEL)
    c.browser_changed(url("ord-1"))
    c.server_changed(json.dumps({"data": [server_event("ord-1")]}))
    assert c.compare().comparison is not None
    c.browser_changed("https://[x/tr?id=1&ev=Lead")
    c.server_changed("{not json")
    outcome = c.compare()
    assert outcome.comparison is None and c.comparison is None
    assert outcome.problem.startswith("Browser side: ") and "\nServer side: " in outcome.problem

    def broken(_text: str) -> Any:
        raise IndexError("parser bug")

    monkeypatch.setattr("capi_desktop.domain.pixel.request.parse_browser_input", broken)
    c.browser_changed(url("ord-1"))
    assert c.compare().problem == NOT_READ  # no Python text on screen


def test_the_server_event_matching_the_hit_is_picked_first() -> None:
    c = controller(PIXEL)
    c.browser_changed(url("ord-2", "Lead"))
    body = {"data": [server_event("ord-1"), server_event("ord-2", "Lead"), "not an event"]}
    c.server_changed(json.dumps(body))
    assert c.event_labels() == ["data[0]: Purchase · ord-1", "data[1]: Lead · ord-2"]
    assert c.event_index == 1
    assert c.compare().comparison is not None and c.comparison.verdict == "deduplicated"
    c.select_event(0)
    assert c.compare().comparison.verdict == "double_counted"


def _har(path: Path, *event_ids: str) -> Path:
    entries = [
        {
            "request": {
                "method": "GET",
                "url": url(eid),
                "cookies": [{"name": "c_user", "value": "secret-cookie"}],
            }
        }
        for eid in event_ids
    ]
    path.write_text(json.dumps({"log": {"entries": entries}}), encoding="utf-8")
    return path


def test_har_hits_pick_the_matching_one_until_the_user_types(tmp_path: Path) -> None:
    c = controller(PIXEL)
    c.server_changed(json.dumps({"data": [server_event("ord-2")]}))
    assert asyncio.run(c.load_har(str(_har(tmp_path / "a.har", "ord-1", "ord-2", "ord-3")))) == ""
    assert len(c.hits) == 3 and c.hit_index == 1
    assert c.hit_labels()[1] == f"Purchase · eid ord-2 · pixel {PIXEL}"
    assert not c.browser_changed(c.har_placeholder())  # the placeholder shown keeps the hits
    assert c.compare().comparison.verdict == "deduplicated"
    c.select_hit(0)
    assert c.compare().comparison.verdict == "double_counted"
    assert c.browser_changed(url("ord-2"))  # typed over it: the hits are gone
    assert c.hits == [] and c.compare().comparison.verdict == "deduplicated"
    empty = asyncio.run(c.load_har(str(_har(tmp_path / "b.har"))))
    assert "no Meta Pixel request" in empty
    broken = tmp_path / "c.har"
    broken.write_text("{not json", encoding="utf-8")
    assert asyncio.run(c.load_har(str(broken))).startswith("Could not read the HAR file: ")
    assert asyncio.run(c.load_har(str(tmp_path / "gone.har"))).startswith("Could not read")


def test_composer_body_and_why_there_is_none() -> None:
    body = {"data": [server_event("ord-1")]}
    composer = FakeComposer(body)
    assert controller(composer=composer).composer_body() == (body, "")
    assert composer.asked == [True]  # a Composer not opened yet is built, as before
    none = controller(composer=FakeComposer()).composer_body()
    assert none == (None, "The Composer is not available.")
    assert json.loads(CompareController.body_text(body)) == body


def test_server_file_too_big_or_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    c = controller()
    path = tmp_path / "server.json"
    path.write_text(json.dumps(server_event("ord-1")), encoding="utf-8")
    text, problem = asyncio.run(c.read_server_file(str(path)))
    assert problem == "" and text is not None and "ord-1" in text
    monkeypatch.setattr(compare_module, "SERVER_FILE_LIMIT", 10)
    text, problem = asyncio.run(c.read_server_file(str(path)))
    assert text is None and "larger than" in problem
    text, problem = asyncio.run(c.read_server_file(str(tmp_path / "gone.json")))
    assert text is None and problem.startswith("Could not open ")
