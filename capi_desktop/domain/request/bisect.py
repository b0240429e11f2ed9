"""Find which events make Meta reject a batch by splitting it and re-sending the halves."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

# check(events) -> True when Meta accepts that sub-batch (sent with the test code).
Check = Callable[[list[T]], Awaitable[bool]]


@dataclass(frozen=True)
class BisectStep:
    """One send made while bisecting: which original indices, and whether they were accepted."""

    indices: tuple[int, ...]
    accepted: bool


@dataclass(frozen=True)
class BisectResult(Generic[T]):
    """Offending event indices (into the original list) and every send that was made."""

    offending: tuple[int, ...]
    steps: tuple[BisectStep, ...]
    exhausted: bool  # True when the send budget ran out before every group was resolved
    unresolved: tuple[int, ...] = ()

    @property
    def sends(self) -> int:
        return len(self.steps)


def max_sends(count: int) -> int:
    """A default budget: enough to isolate a few bad events, never more than 2·N."""
    if count <= 1:
        return 1
    return min(2 * count, 4 * max(1, count.bit_length()) + 4)


async def bisect(
    events: Sequence[T],
    check: Check[T],
    *,
    budget: int | None = None,
    known_rejected: bool = True,
) -> BisectResult[T]:
    """Split rejected groups in halves until single events remain.

    `known_rejected`: the full batch was already rejected (it is not re-sent). A group whose
    halves are both accepted is reported as offending as a whole: the events only fail together
    (e.g. duplicate event_id inside one batch).
    """
    limit = budget if budget is not None else max_sends(len(events))
    steps: list[BisectStep] = []
    offending: list[int] = []
    unresolved: list[int] = []

    async def send(indices: tuple[int, ...]) -> bool:
        accepted = await check([events[i] for i in indices])
        steps.append(BisectStep(indices, accepted))
        return accepted

    everything = tuple(range(len(events)))
    if not everything:
        return BisectResult((), (), False)
    if not known_rejected and await send(everything):
        return BisectResult((), tuple(steps), False)
    # A stack of groups known to be rejected (depth-first: finds the first culprit fast).
    stack: list[tuple[int, ...]] = [everything]
    while stack:
        group = stack.pop()
        if len(group) == 1:
            offending.append(group[0])
            continue
        if len(steps) + 2 > limit:
            unresolved.extend(group)
            continue
        mid = len(group) // 2
        left, right = group[:mid], group[mid:]
        # Both halves are sent: a rejected left half says nothing about the right one.
        left_ok = await send(left)
        right_ok = await send(right)
        if left_ok and right_ok:
            offending.extend(group)  # fails only as a whole
            continue
        if not right_ok:
            stack.append(right)
        if not left_ok:
            stack.append(left)  # popped first: report the earliest culprit first
    exhausted = bool(unresolved)
    return BisectResult(
        tuple(sorted(set(offending))), tuple(steps), exhausted, tuple(sorted(set(unresolved)))
    )
