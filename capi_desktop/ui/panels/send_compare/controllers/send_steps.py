"""Runs of several sends for the Send controller: batch bisect and the journey test."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from capi_desktop.backend.graph_client import GraphClient
from capi_desktop.backend.graph_models import SendResult
from capi_desktop.backend.history import HistoryEntry
from capi_desktop.domain.journey import JourneyPlan
from capi_desktop.domain.profile import Profile
from capi_desktop.domain.redact import redact
from capi_desktop.domain.request.bisect import bisect
from capi_desktop.domain.secret import Secret
from capi_desktop.domain.wording import plural
from capi_desktop.ui.panels.send_compare.controllers.send_view import BisectPane, JourneyPane
from capi_desktop.ui.panels.send_compare.send_flow import (
    first_chunk,
    history_entry,
    result_kind,
    token_text,
)

Record = Callable[[HistoryEntry, str], Awaitable[None]]


class BisectStopped(Exception):
    """A bisect send failed without Meta judging the events: the search cannot conclude."""


@dataclass(frozen=True)
class Sender:
    """One profile, token and test code; every send it makes is written to the history."""

    graph: GraphClient
    profile: Profile
    token: str | Secret
    code: str
    record: Record

    @property
    def secret(self) -> str:
        return token_text(self.token)

    async def send(self, body: dict[str, Any]) -> SendResult:
        result = await self.graph.send_events(
            self.profile, self.token, body, test_event_code=self.code
        )
        # Every request that reached Meta is history, bisect and journey sends included.
        await self.record(history_entry(self.profile, body, result, self.code), self.secret)
        return result


OpenSender = Callable[[], Awaitable[Sender]]


async def find_offending(open_sender: OpenSender, body: dict[str, Any], view: BisectPane) -> None:
    """Re-send halves of a rejected request (with the test code) until the culprits remain."""
    events = list(body["data"])
    top = {k: v for k, v in body.items() if k != "data"}
    reasons: dict[int, str] = {}
    sends = 0
    view.bisect_started(len(events))
    try:
        sender = await open_sender()

        async def check(indices: list[int]) -> bool:
            nonlocal sends
            sends += 1
            view.bisect_progress(sends)
            result = await sender.send({**top, "data": [events[i] for i in indices]})
            error = result.error
            if result_kind(result) == "error":
                # Not Meta rejecting the events (network, server, throttle): no verdict from it.
                raise BisectStopped(error.summary() if error else "the send failed")
            if not result.ok and len(indices) == 1:
                reasons[indices[0]] = error.summary() if error else "rejected"
            return result.ok

        # Bisect over indices: equal events in one batch stay distinguishable.
        outcome = await bisect(list(range(len(events))), check)
        view.bisect_finished(outcome, events, reasons)
    except asyncio.CancelledError:
        view.bisect_stopped(f"Cancelled after {plural(sends, 'test send')}.")
        raise
    except BisectStopped as stopped:
        view.bisect_stopped(
            f"Stopped after {sends} test send(s), no verdict: a send failed for a reason other "
            f"than Meta rejecting the events ({redact(str(stopped))}). Try again later."
        )
    except Exception as exc:
        view.bisect_stopped(redact(str(exc)))


async def run_journey(
    open_sender: OpenSender, plan: JourneyPlan, spacing_s: float, view: JourneyPane
) -> None:
    """Send the journey's steps, spaced apart, showing each result and then the checklist."""
    view.journey_started(plan)
    accepted = 0
    secret = ""
    try:
        sender = await open_sender()
        secret = sender.secret
        for step in plan.steps:
            if step.index and spacing_s > 0:
                await asyncio.sleep(spacing_s)
            view.journey_step_running(step.index)
            result = await sender.send(plan.request_for(step, sender.code))
            kind = result_kind(result)
            accepted += kind == "accepted"
            chunk = first_chunk(result)
            view.journey_step_done(
                step.index,
                kind,
                f"{result.events_received}/{result.events_sent}",
                chunk.fbtrace_id if chunk is not None else "",
            )
        view.journey_finished(
            f"Journey finished: {accepted} of {len(plan.steps)} steps accepted. Now check "
            "Test Events with the checklist below."
        )
    except asyncio.CancelledError:
        view.journey_finished("Journey cancelled.", unfinished="cancelled")
        raise
    except Exception as exc:
        view.journey_finished(f"Journey stopped: {redact(str(exc), secret)}", unfinished="not sent")
