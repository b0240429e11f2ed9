"""SendController without widgets: a recording fake view, a scripted Graph client, real stores."""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, cast

import pytest

from capi_desktop.backend.credentials import CredentialStore
from capi_desktop.backend.graph_client import GraphClient
from capi_desktop.backend.graph_errors import from_graph_error, network_error
from capi_desktop.backend.graph_models import ChunkResult, SendResult
from capi_desktop.backend.history import HistoryEntry, HistoryStore
from capi_desktop.backend.retry import RetryNotice
from capi_desktop.backend.settings import Settings
from capi_desktop.domain.profile import Profile
from capi_desktop.services import Services
from capi_desktop.ui.links import ActiveProfile
from capi_desktop.ui.panels.send_compare.controllers.send import SendController

TOKEN = "unit-token-0f3a"


def _event(event_id: str | None, name: str = "Purchase") -> dict[str, Any]:
    event: dict[str, Any] = {"event_name": name, "event_time": 1_767_225_600}
    if event_id is not None:
        event["event_id"] = event_id
    return event


def _chunk(events: int, *, ok: bool = True, error: Any = None, delivery: str = "answered") -> Any:
    return ChunkResult(
        index=0, events=events, ok=ok, http_status=200 if ok else 400,
        events_received=events if ok else 0, messages=(), fbtrace_id="UnitTrace",
        error=error, attempts=1, duration_s=0.01, request_body_redacted="{}",
        response_text=f'{{"events_received": {events}}}' if ok else "", delivery=delivery,
    )  # fmt: skip


def accepted(body: Mapping[str, Any]) -> SendResult:
    n = len(body["data"])
    return SendResult(
        ok=True, chunks=[_chunk(n)], events_sent=n, events_received=n, duration_s=0.01
    )


def _refused(body: Mapping[str, Any], code: int, subcode: int, message: str) -> SendResult:
    raw = json.dumps({"error": {"code": code, "error_subcode": subcode, "message": message}})
    error = from_graph_error(json.loads(raw)["error"], 400, raw)
    n = len(body["data"])
    chunk = _chunk(n, ok=False, error=error)
    return SendResult(ok=False, chunks=[chunk], events_sent=n, events_received=0, duration_s=0.01)


def rejected(body: Mapping[str, Any]) -> SendResult:
    return _refused(body, 100, 2804003, "too old")


def throttled(body: Mapping[str, Any]) -> SendResult:
    return _refused(body, 17, 2446079, "slow down")


def reset_mid_body(body: Mapping[str, Any]) -> SendResult:
    error = network_error(ConnectionResetError("reset by peer"))
    n = len(body["data"])
    chunk = _chunk(n, ok=False, error=error, delivery="unknown")
    return SendResult(ok=False, chunks=[chunk], events_sent=n, events_received=0, duration_s=0.01)


class FakeGraph:
    """Answers each send with `answer(body)`; remembers what was sent and with which code."""

    def __init__(self, answer: Callable[[Mapping[str, Any]], SendResult] = accepted) -> None:
        self.answer = answer
        self.sent: list[tuple[dict[str, Any], str | None]] = []
        self.notice: RetryNotice | None = None  # announced before answering, like a retry

    async def send_events(
        self, profile: Profile, token: Any, body: Mapping[str, Any], *,
        test_event_code: str | None, on_progress: Any = None, on_retry: Any = None,
    ) -> SendResult:  # fmt: skip
        assert token == TOKEN
        self.sent.append((dict(body), test_event_code))
        if self.notice is not None and on_retry is not None:
            on_retry(self.notice)
        return self.answer(body)


class FakeView:
    """SendForm + SendPanes + SendQuestions, recording every call; answers are scripted."""

    def __init__(self) -> None:
        self.request = ""
        self.code = ""
        self.spacing = 0.0
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self.live_answer = False
        self.resend_answer = True
        self.repeat_answer = "cancel"
        self.problem: str | None = None
        self.progress = ""
        self.history_problem: str | None = None
        self.profiles: list[Profile] = []
        self.index = -1

    def __getattr__(self, name: str) -> Callable[..., None]:
        """Panes (show_*, bisect_*, journey_*) just record."""
        if not name.startswith(("show_", "bisect_", "journey_")):
            raise AttributeError(name)
        return lambda *args, **kwargs: self.calls.append((name, (*args, *kwargs.values())))

    def named(self, name: str) -> list[tuple[Any, ...]]:
        return [args for called, args in self.calls if called == name]

    def request_text(self) -> str:
        return self.request

    def set_request(self, body: Mapping[str, Any]) -> None:
        self.request = json.dumps(body)

    def test_code_text(self) -> str:
        return self.code

    def set_test_code(self, code: str) -> None:
        self.code = code

    def journey_spacing(self) -> float:
        return self.spacing

    def show_profiles(self, profiles: Sequence[Profile], index: int) -> None:
        self.profiles, self.index = list(profiles), index

    def show_problem(self, text: str | None) -> None:
        self.problem = text

    def show_progress(self, text: str) -> None:
        self.progress = text

    def show_history_problem(self, text: str | None) -> None:
        self.history_problem = text

    async def ask_live_send(self, profile: Profile) -> bool:
        self.calls.append(("ask_live_send", (profile.pixel_id,)))
        return self.live_answer

    async def ask_resend(self, events: int, without_id: int) -> bool:
        self.calls.append(("ask_resend", (events, without_id)))
        return self.resend_answer

    async def ask_repeats(self, pixel_id: str, repeats: Sequence[Any]) -> str:
        self.calls.append(("ask_repeats", (pixel_id, [r.event_id for r in repeats])))
        return self.repeat_answer


class Setup:
    def __init__(self, tmp_path: Path, answer: Callable[[Mapping[str, Any]], SendResult]) -> None:
        self.credentials = CredentialStore(tmp_path / "profiles.json")
        self.profile = self.credentials.add("Unit shop", "1234567890", test_event_code="TESTP")
        self.credentials.set_token_sync(self.profile.id, TOKEN)
        self.graph = FakeGraph(answer)
        self.history = HistoryStore(tmp_path / "history.sqlite3")
        self.services = Services(
            settings=Settings(tmp_path / "settings.json"),
            graph=cast(GraphClient, self.graph),
            credentials=self.credentials,
            history=self.history,
        )
        self.view = FakeView()
        self.active = ActiveProfile()
        self.controller = SendController(
            self.services,
            (self.view, self.view, self.view),
            self.active,  # type: ignore[arg-type]
        )
        self.finished: list[str] = []
        self.controller.send_finished.connect(self.finished.append)

    async def load(self) -> None:
        await _run(self.controller.profiles.reload())

    async def send(self, body: dict[str, Any], code: str = "TEST1") -> str:
        self.view.request, self.view.code = json.dumps(body), code
        await _run(self.controller.send())
        return self.finished[-1] if self.finished else ""

    def rows(self) -> list[Any]:
        return self.history.search()


async def _run(task: Any) -> None:
    if task is not None:
        await task


@pytest.fixture
def make(tmp_path: Path, qapp: Any) -> Any:
    made: list[Setup] = []

    def build(answer: Callable[[Mapping[str, Any]], SendResult] = accepted) -> Setup:
        made.append(Setup(tmp_path, answer))
        return made[-1]

    yield build
    for setup in made:
        setup.history.close()
    made.clear()
    # The QObjects made here (ActiveProfile, the controller) are freed now, on the GUI thread,
    # not by a later collection on a worker thread (tests/ui/conftest.py says why).
    gc.collect()


@pytest.mark.asyncio
async def test_saved_profiles_until_the_credentials_side_publishes(make: Any) -> None:
    s = make()
    other = s.credentials.add("Other", "9876543210")
    s.services.settings.set("active_profile", other.id)
    await s.load()
    assert [p.id for p in s.view.profiles] == [s.profile.id, other.id]
    assert s.controller.current_profile() == other and s.view.index == 1
    assert s.view.code == ""  # Other has no test code

    s.controller.profiles.choose(0)  # the user picks Unit shop: its test code fills the empty field
    assert s.view.code == "TESTP"
    s.view.code = "MINE"
    s.controller.profiles.choose(1)
    assert s.view.code == "MINE"  # typed by the user: kept

    published = Profile(id="pub", name="Published", pixel_id="5555555555")
    s.active.publish([published], "One profile file could not be read.")
    await _run(s.controller.profiles.reload())
    assert s.view.profiles == [published] and s.controller.current_profile() == published
    assert s.view.problem == "One profile file could not be read."


@pytest.mark.asyncio
async def test_accepted_send_is_shown_recorded_and_announced(make: Any) -> None:
    s = make()
    await s.load()
    changed: list[bool] = []
    s.controller.history_changed.connect(lambda: changed.append(True))
    assert await s.send({"data": [_event("a-1")]}) == "accepted"
    assert s.graph.sent == [({"data": [_event("a-1")]}, "TEST1")]
    assert [args[0].ok for args in s.view.named("show_result")] == [True]
    (row,) = s.rows()
    assert row.result == "accepted" and row.test_event_code == "TEST1" and changed == [True]
    assert [args[0] for args in s.view.named("show_busy")] == [True, False]
    assert not s.controller.is_busy() and s.controller.sends_started == 1


@pytest.mark.asyncio
async def test_no_test_code_asks_and_a_no_sends_nothing(make: Any) -> None:
    s = make()
    await s.load()
    s.view.code = ""
    s.controller.profiles.choose(0)  # fills TESTP; the user clears it
    assert await s.send({"data": [_event("live-1")]}, code="") == ""
    assert s.view.named("ask_live_send") == [("1234567890",)]
    assert s.graph.sent == [] and s.view.progress == "Not sent."
    s.view.live_answer = True
    assert await s.send({"data": [_event("live-1")]}, code="") == "accepted"
    assert s.graph.sent[-1][1] is None  # live: no test_event_code


@pytest.mark.asyncio
async def test_unparsable_or_profile_less_requests_are_explained(make: Any) -> None:
    s = make()
    s.view.request = "{not json"
    await _run(s.controller.send())
    assert s.view.problem is not None and "Not a usable request" in s.view.problem
    s.view.request = json.dumps({"data": [_event("x")]})
    await _run(s.controller.send())  # profiles never loaded
    assert s.view.problem is not None and "Choose a profile" in s.view.problem
    assert s.graph.sent == []


@pytest.mark.asyncio
async def test_a_repeated_accepted_event_id_is_asked_about(make: Any) -> None:
    s = make()
    await s.load()
    body = {"data": [_event("order-7")]}
    assert await s.send(body) == "accepted"
    s.finished.clear()
    assert await s.send(body) == ""  # answered Cancel
    assert s.view.named("ask_repeats") == [("1234567890", ["order-7"])]
    assert len(s.graph.sent) == 1 and s.view.progress == "Not sent."
    s.view.repeat_answer = "new"
    assert await s.send(body) == "accepted"
    fresh = s.graph.sent[-1][0]["data"][0]["event_id"]
    assert fresh != "order-7"
    assert json.loads(s.view.request)["data"][0]["event_id"] == fresh  # the editor shows it
    s.view.repeat_answer = "same"
    assert await s.send(body) == "accepted"
    assert s.graph.sent[-1][0]["data"][0]["event_id"] == "order-7"


@pytest.mark.asyncio
async def test_a_rejected_batch_is_bisected_and_every_send_recorded(make: Any) -> None:
    def answer(body: Mapping[str, Any]) -> SendResult:
        bad = any(e.get("event_id") == "bad" for e in body["data"])
        return rejected(body) if bad else accepted(body)

    s = make(answer)
    await s.load()
    events = [_event(f"e-{i}") for i in range(5)]
    events[3] = _event("bad")
    assert await s.send({"data": events}) == "rejected"
    assert s.controller.can_bisect()
    assert s.view.named("show_busy")[-1] == (False, "", True)  # the bisect button is offered
    await _run(s.controller.find_offending())
    ((outcome, _events, reasons),) = s.view.named("bisect_finished")
    assert outcome.offending == (3,) and "(#100/2804003)" in reasons[3]
    assert {code for _body, code in s.graph.sent} == {"TEST1"}
    assert len(s.rows()) == len(s.graph.sent)  # bisect sends are history too


@pytest.mark.asyncio
async def test_a_throttle_is_not_a_rejection(make: Any) -> None:
    s = make(throttled)
    await s.load()
    assert await s.send({"data": [_event("t-1"), _event("t-2")]}) == "throttled"
    assert not s.controller.can_bisect()
    (row,) = s.rows()
    assert row.result == "error"
    assert row.error_message.startswith("Throttled by Meta (rate limit), not rejected.")


@pytest.mark.asyncio
async def test_unknown_delivery_resend_is_warned_with_the_missing_ids(make: Any) -> None:
    s = make(reset_mid_body)
    await s.load()
    assert await s.send({"data": [_event("ok-1")]}, code="TEST0") == "error"
    s.graph.answer = accepted
    assert await s.send({"data": [_event("ok-2")]}, code="TEST0") == "accepted"
    await _run(s.controller.resend_after_unknown())  # Meta answered: nothing to resend
    assert s.view.named("ask_resend") == [] and len(s.graph.sent) == 2
    s.graph.answer = reset_mid_body
    s.graph.notice = RetryNotice(0, 1, 4, 2.0, "nothing was sent", "reset")
    assert await s.send({"data": [_event("u-1"), _event(None)]}) == "error"
    assert (s.graph.notice,) in s.view.named("show_retry")  # the countdown was started
    assert s.view.named("show_retry")[-1] == (None,)  # and stopped
    s.graph.answer = accepted
    s.view.request = json.dumps({"data": []})  # the resend sends what was sent
    await _run(s.controller.resend_after_unknown())
    assert s.view.named("ask_resend") == [(2, 1)]
    assert s.finished[-1] == "accepted" and len(s.graph.sent[-1][0]["data"]) == 2


@pytest.mark.asyncio
async def test_a_missing_token_is_said_recorded_and_nothing_sent(make: Any) -> None:
    s = make()
    await s.load()
    s.credentials.forget_token_sync(s.profile.id)
    assert await s.send({"data": [_event("n-1")]}) == "error"
    ((message,),) = s.view.named("show_failure")
    assert "No access token available" in message and "keyring is locked" in message
    assert s.graph.sent == []
    (row,) = s.rows()
    assert row.result == "error" and "No access token" in row.error_message


@pytest.mark.asyncio
async def test_the_journey_needs_a_code_then_sends_five_recorded_steps(make: Any) -> None:
    s = make()
    await s.load()
    s.view.code = ""
    await _run(s.controller.run_journey())
    assert s.view.problem is not None and "test event code" in s.view.problem
    s.view.code = "TESTJ"
    await _run(s.controller.run_journey())
    done = s.view.named("journey_step_done")
    assert [args[1] for args in done] == ["accepted"] * 5
    assert "5 of 5" in s.view.named("journey_finished")[-1][0]
    assert len(s.rows()) == 5 and {code for _b, code in s.graph.sent} == {"TESTJ"}


@pytest.mark.asyncio
async def test_history_that_cannot_be_written_is_said(
    make: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = make()
    await s.load()

    def broken(entry: HistoryEntry, *, secrets: Any = ()) -> int:
        raise OSError(f"disk on fire near {TOKEN}")

    monkeypatch.setattr(s.history, "add", broken)
    assert await s.send({"data": [_event("h-1")]}) == "accepted"
    problem = s.view.history_problem
    assert problem is not None and "could not be written" in problem and TOKEN not in problem


def test_profile_choice_keeps_wanted_then_current_then_remembered_then_first() -> None:
    from capi_desktop.ui.panels.send_compare.controllers.profile_choice import ProfileChoice

    a, b, c = (Profile(id=i, name=i.upper(), pixel_id="1234567890") for i in "abc")
    choice = ProfileChoice()
    assert choice.replace([], "b") == -1 and choice.current() is None
    assert choice.replace([a, b], "b") == 1  # remembered (settings / active profile)
    assert choice.replace([c, b, a], "a") == 1  # the current one wins over the remembered
    choice.wanted = "c"
    assert choice.replace([a, b, c], "") == 2 and choice.wanted == ""
    assert choice.replace([a, b], "zzz") == 0  # gone: the first


@pytest.mark.asyncio
async def test_selecting_a_profile_not_listed_yet_reloads_and_selects_it(make: Any) -> None:
    s = make()
    await s.load()
    newer = s.credentials.add("Newer", "1111111111")
    s.active.select(newer.id)  # the Credentials side selected a profile saved after our load
    await _run(s.controller.profiles.reload())  # the reload that select started, awaited
    assert s.controller.current_profile() == newer and len(s.view.profiles) == 2
