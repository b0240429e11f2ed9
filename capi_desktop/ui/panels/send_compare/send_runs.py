"""The Send tab's runs: one send, batch bisect and the journey test (UI updates included)."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtWidgets import QMessageBox

from capi_desktop.domain.journey import build_journey
from capi_desktop.domain.lint.live_send import no_test_code_warning
from capi_desktop.domain.redact import redact
from capi_desktop.domain.request.bisect import bisect
from capi_desktop.domain.request.delivery import events_without_id, resend_warning
from capi_desktop.domain.request.send_outcome import EffectiveTestCode, effective_test_code
from capi_desktop.domain.wording import plural
from capi_desktop.ui.async_dialogs import confirm
from capi_desktop.ui.panels.send_compare import send_flow
from capi_desktop.ui.panels.send_compare.repeat_guard import confirm_repeats

if TYPE_CHECKING:
    from capi_desktop.backend.graph_client import GraphClient
    from capi_desktop.ui.panels.send_compare.send_tab import SendTab

SPACING_SETTING = "send.journey_spacing_s"


class BisectStopped(Exception):
    """A bisect send failed without Meta judging the events: the search cannot conclude."""


async def run_send(tab: SendTab) -> None:
    """Send the editor's request through the chosen profile; confirm first without a test code."""
    prepared = tab.prepare()
    if prepared is None:
        return
    profile, body = prepared
    checked = await confirm_repeats(tab, profile, body)
    if checked is None:
        tab.progress.setText("Not sent.")
        return
    body = checked
    test = effective_test_code(tab.test_code.text(), body)
    if test.live:
        agreed = await confirm(
            tab.dialogs,
            tab,
            "Send without a test event code?",
            no_test_code_warning(profile.graph_url, profile.pixel_id),
            "Send live events",
            detail="Cancel and enter the code from Events Manager → Test Events to test.",
            icon=QMessageBox.Icon.Warning,
            role=QMessageBox.ButtonRole.AcceptRole,
        )
        if not agreed:
            tab.progress.setText("Not sent.")
            return
    await _send(tab, profile, body, test)


async def resend_after_unknown(tab: SendTab) -> None:
    """Resend the last request after a failure Meta may have received, once warned."""
    body, profile = tab.last_body, tab.last_profile
    if tab.is_busy() or body is None or profile is None:
        return
    events = body.get("data") or []
    agreed = await confirm(
        tab.dialogs,
        tab,
        "Resend the same request?",
        resend_warning(len(events), events_without_id(events)),
        "Resend",
        detail="Check Events Manager → Test Events (or Overview) first if you can.",
        icon=QMessageBox.Icon.Warning,
        role=QMessageBox.ButtonRole.AcceptRole,
    )
    if agreed:
        await _send(tab, profile, body, effective_test_code(tab.test_code.text(), body))


async def _send(tab: SendTab, profile: Any, body: dict[str, Any], test: EffectiveTestCode) -> None:
    code = test.code or ""
    tab.sends_started += 1
    tab.set_busy(True, f"Sending with {test.describe()}…")
    tab.result_view.clear()
    tab.results.setCurrentWidget(tab.result_view)
    tab.last_body, tab.last_profile = body, profile
    secret = ""
    kind = "error"
    try:
        token = await tab.token_for(profile)
        secret = send_flow.token_text(token)
        result = await cast("GraphClient", tab.services.graph).send_events(
            profile, token, body, test_event_code=code or None,
            on_progress=tab.on_progress, on_retry=tab.on_retry,
        )  # fmt: skip
        tab.last_result = result
        kind = send_flow.result_kind(result)
        tab.retry_status.stop()
        tab.result_view.show_result(result, sent_at=time.time(), events=body.get("data") or [])
        await tab.record(send_flow.history_entry(profile, body, result, code), secret)
    except asyncio.CancelledError:
        kind = "cancelled"
        tab.result_view.show_failure(
            "Cancelled. A request already on the wire may still reach Meta."
        )
        raise
    except Exception as exc:  # no token, refused URL, bad body: show, record, keep going
        message = redact(str(exc), secret) or type(exc).__name__
        tab.result_view.show_failure(message)
        await tab.record(send_flow.failure_entry(profile, body, message, code), secret)
    finally:
        tab.retry_status.stop()
        tab.set_busy(False, "")
        tab.progress.setText({"cancelled": "Cancelled."}.get(kind, ""))
        tab.send_finished.emit(kind)


async def find_offending(tab: SendTab) -> None:
    """Re-send halves of the last rejected request (with the test code) to find the culprits."""
    if tab.is_busy() or tab.last_body is None or tab.last_profile is None:
        return
    body, profile = tab.last_body, tab.last_profile
    code = effective_test_code(tab.test_code.text(), body).code or ""
    if not code:
        tab.show_problem("Finding the offending event re-sends events: enter a test event code.")
        return
    events = list(body["data"])
    top = {k: v for k, v in body.items() if k != "data"}
    reasons: dict[int, str] = {}
    tab.results.setCurrentWidget(tab.bisect_view)
    tab.bisect_view.start(len(events))
    tab.set_busy(True, "Bisecting…")
    sends = 0
    try:
        token = await tab.token_for(profile)
        secret = send_flow.token_text(token)

        async def check(indices: list[int]) -> bool:
            nonlocal sends
            sends += 1
            tab.bisect_view.progress(sends)
            sub_body = {**top, "data": [events[i] for i in indices]}
            result = await cast("GraphClient", tab.services.graph).send_events(
                profile, token, sub_body, test_event_code=code
            )
            # Every request that reached Meta is history, bisect sends included.
            await tab.record(send_flow.history_entry(profile, sub_body, result, code), secret)
            if send_flow.result_kind(result) == "error":
                # Not Meta rejecting the events (network, server, throttle): no verdict from it.
                error = result.error
                raise BisectStopped(error.summary() if error else "the send failed")
            if not result.ok and len(indices) == 1:
                error = result.error
                reasons[indices[0]] = error.summary() if error else "rejected"
            return bool(result.ok)

        # Bisect over indices: equal events in one batch stay distinguishable.
        outcome = await bisect(list(range(len(events))), check)
        tab.bisect_view.show_result(outcome, events, reasons)
    except asyncio.CancelledError:
        tab.bisect_view.status.setText(f"Cancelled after {plural(sends, 'test send')}.")
        raise
    except BisectStopped as stopped:
        tab.bisect_view.status.setText(
            f"Stopped after {sends} test send(s), no verdict: a send failed for a reason other "
            f"than Meta rejecting the events ({redact(str(stopped))}). Try again later."
        )
    except Exception as exc:
        tab.bisect_view.status.setText(redact(str(exc)))
    finally:
        tab.set_busy(False, "")


async def run_journey(tab: SendTab) -> None:
    """Send the five journey steps, spaced apart, recording each and showing the checklist."""
    if tab.is_busy():
        return
    code = tab.test_code.text().strip()
    profile = tab.current_profile()
    if profile is None or tab.services.graph is None:
        tab.show_problem("Choose a profile (add one in the Credentials panel first).")
        return
    if not code:
        tab.show_problem("The journey test needs a test event code (Events Manager → Test Events).")
        return
    spacing = float(tab.spacing.value())
    tab.services.settings.set(SPACING_SETTING, spacing)
    plan = build_journey(int(time.time()), spacing_s=spacing)
    tab.results.setCurrentWidget(tab.journey_view)
    tab.journey_view.start(plan)
    tab.set_busy(True, "Journey test…")
    accepted = 0
    secret = ""
    try:
        token = await tab.token_for(profile)
        secret = send_flow.token_text(token)
        for step in plan.steps:
            if step.index and spacing > 0:
                await asyncio.sleep(spacing)
            tab.journey_view.step_running(step.index)
            body: dict[str, Any] = plan.request_for(step, code)
            result = await tab.services.graph.send_events(
                profile, token, body, test_event_code=code
            )
            kind = send_flow.result_kind(result)
            accepted += kind == "accepted"
            chunk = send_flow.first_chunk(result)
            tab.journey_view.step_done(
                step.index, kind, f"{result.events_received}/{result.events_sent}",
                getattr(chunk, "fbtrace_id", "") or "",
            )  # fmt: skip
            await tab.record(send_flow.history_entry(profile, body, result, code), secret)
        tab.journey_view.finish(
            f"Journey finished: {accepted} of {len(plan.steps)} steps accepted. Now check "
            "Test Events with the checklist below."
        )
    except asyncio.CancelledError:
        tab.journey_view.finish("Journey cancelled.", unfinished="cancelled")
        raise
    except Exception as exc:
        tab.journey_view.finish(
            f"Journey stopped: {redact(str(exc), secret)}", unfinished="not sent"
        )
    finally:
        tab.set_busy(False, "")
