"""The Error lookup's controller without widgets: search words, decode (latest wins), what is copied."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

from pytestqt.qtbot import QtBot

from capi_desktop.domain.error_catalog import DecodedError
from capi_desktop.ui.panels.errors.controller import SYNC_DECODE_LIMIT, ErrorLookupController
from capi_desktop.ui.panels.errors.panel import DEMO_RESPONSE

TOKEN_190 = json.dumps({"error": {"code": 190, "error_subcode": 463, "message": "expired"}})


def _recorder(controller: ErrorLookupController) -> list[DecodedError | None]:
    seen: list[DecodedError | None] = []
    controller.decoded_changed.connect(seen.append)
    return seen


def _huge(body: str) -> str:
    return "noise line\n" * (SYNC_DECODE_LIMIT // 10) + body


def test_search_says_what_it_found(qtbot: QtBot) -> None:
    controller = ErrorLookupController()
    everything = controller.search("")
    assert len(everything.entries) == len(controller.catalog.entries)
    assert everything.count_text.endswith("entries — type to filter")
    assert not everything.pick_first
    found = controller.search("2804003")
    assert found.entries[0].key == "100/2804003" and found.pick_first
    assert found.count_text in ("1 match", f"{len(found.entries)} matches")
    nothing = controller.search("zzzz qqqq")
    assert nothing.entries == () and nothing.count_text.startswith("No match.")
    assert controller.is_response(DEMO_RESPONSE) and not controller.is_response("{not json")


def test_a_small_paste_is_decoded_at_once_and_is_what_gets_copied(qtbot: QtBot) -> None:
    controller = ErrorLookupController()
    seen = _recorder(controller)
    controller.decode(DEMO_RESPONSE)
    assert not controller.pending
    assert len(seen) == 1 and seen[0] is controller.decoded is controller.shown
    assert controller.decoded is not None and controller.decoded.subcode == 2804003
    assert controller.can_copy and not controller.shows_entry
    summary = controller.support_summary()
    assert "Subcode: 2804003" in summary and "A6UyEgg_HdoiRX9duxcBOjb" in summary


def test_an_empty_or_unreadable_paste_has_nothing_to_copy(qtbot: QtBot) -> None:
    controller = ErrorLookupController()
    seen = _recorder(controller)
    controller.decode("   \n")
    assert seen == [None] and controller.decoded is None and not controller.can_copy
    assert controller.support_summary() == ""
    controller.decode("\x00\x01 garbage")
    decoded = controller.decoded
    assert decoded is not None
    assert controller.can_copy == (decoded.status != "unreadable")


def test_picking_an_entry_replaces_what_is_copied(qtbot: QtBot) -> None:
    controller = ErrorLookupController()
    controller.decode(DEMO_RESPONSE)
    entry = controller.entry("190/463")
    assert entry is not None
    controller.show_entry(entry)
    assert controller.shows_entry and controller.can_copy
    summary = controller.support_summary()
    assert "Code: 190" in summary and "2804003" not in summary
    assert controller.decoded is not None and controller.decoded.code == 100  # still decoded


def test_a_huge_paste_is_decoded_off_the_gui_thread(qtbot: QtBot) -> None:
    pool = ThreadPoolExecutor(max_workers=1)
    controller = ErrorLookupController(executor=pool)
    seen = _recorder(controller)
    controller.decode(_huge(DEMO_RESPONSE))
    assert controller.pending and seen == []
    qtbot.waitUntil(lambda: not controller.pending, timeout=10_000)
    assert len(seen) == 1 and controller.decoded is not None
    assert controller.decoded.subcode == 2804003
    controller.shutdown()
    pool.shutdown(wait=True)


def test_a_slow_old_decode_never_replaces_a_newer_paste(qtbot: QtBot) -> None:
    pool = ThreadPoolExecutor(max_workers=1)
    controller = ErrorLookupController(executor=pool)
    seen = _recorder(controller)
    controller.decode(_huge(DEMO_RESPONSE))  # slow, on the worker
    controller.decode(TOKEN_190)  # typed over it: done at once
    assert controller.decoded is not None and controller.decoded.code == 190
    pool.shutdown(wait=True)  # the old decode has finished and sent its result
    qtbot.wait(50)  # ...which arrives on the GUI thread, and is dropped
    assert len(seen) == 1 and controller.decoded.code == 190 and not controller.pending


def test_shutdown_drops_a_running_decode(qtbot: QtBot) -> None:
    pool = ThreadPoolExecutor(max_workers=1)
    controller = ErrorLookupController(executor=pool)
    seen = _recorder(controller)
    controller.decode(_huge(DEMO_RESPONSE))
    controller.shutdown()
    pool.shutdown(wait=True)
    qtbot.wait(50)
    assert seen == [] and controller.decoded is None
