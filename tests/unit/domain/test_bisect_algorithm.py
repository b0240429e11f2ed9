"""Batch bisect: finds the rejected events within a bounded number of sends."""

from __future__ import annotations

import asyncio

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from capi_desktop.domain.request.bisect import bisect, max_sends


def _checker(bad: set[int]):
    sent: list[list[int]] = []

    async def check(events: list[int]) -> bool:
        sent.append(events)
        return not (set(events) & bad)

    return check, sent


def test_single_bad_event() -> None:
    check, sent = _checker({5})
    result = asyncio.run(bisect(list(range(8)), check))
    assert result.offending == (5,)
    assert not result.exhausted
    assert result.sends == len(sent) == 6  # 2 per level, 3 levels
    assert [s.accepted for s in result.steps].count(False) == 3


def test_two_bad_events_and_values_map_to_indices() -> None:
    check, _ = _checker({"c", "f"})  # type: ignore[arg-type]
    result = asyncio.run(bisect(list("abcdefgh"), check))  # type: ignore[arg-type]
    assert result.offending == (2, 5)


def test_group_that_only_fails_together() -> None:
    async def check(events: list[int]) -> bool:
        return not {1, 2} <= set(events)

    result = asyncio.run(bisect([0, 1, 2, 3], check))
    # halves {0,1} and {2,3} pass: the whole group is reported
    assert result.offending == (0, 1, 2, 3)


def test_budget_is_respected() -> None:
    check, sent = _checker(set(range(16)))
    result = asyncio.run(bisect(list(range(16)), check, budget=6))
    assert len(sent) <= 6
    assert result.exhausted and result.unresolved
    assert set(result.offending) | set(result.unresolved) == set(range(16))


def test_not_known_rejected_sends_whole_batch_first() -> None:
    check, sent = _checker(set())
    result = asyncio.run(bisect([1, 2, 3], check, known_rejected=False))
    assert result.offending == () and len(sent) == 1


def test_empty_and_single() -> None:
    check, sent = _checker({0})
    assert asyncio.run(bisect([], check)).offending == ()
    assert asyncio.run(bisect(["x"], check)).offending == (0,)
    assert sent == []
    assert max_sends(1) == 1 and max_sends(1000) <= 2000


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 64).flatmap(
        lambda n: st.tuples(st.just(n), st.sets(st.integers(0, n - 1), min_size=1, max_size=3))
    )
)
def test_finds_exactly_the_bad_ones(case: tuple[int, set[int]]) -> None:
    n, bad = case
    check, sent = _checker(bad)
    result = asyncio.run(bisect(list(range(n)), check, budget=10_000))
    assert set(result.offending) == bad
    # bound: at most 2 sends per bad event per halving level
    assert len(sent) <= 2 * len(bad) * max(1, n.bit_length())


@pytest.mark.parametrize("n", [2, 10, 50, 1000])
def test_default_budget_isolates_one_bad_event(n: int) -> None:
    check, sent = _checker({n - 1})
    result = asyncio.run(bisect(list(range(n)), check))
    assert result.offending == (n - 1,) and not result.exhausted
    assert len(sent) <= max_sends(n)
