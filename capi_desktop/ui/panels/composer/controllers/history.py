"""Undo/redo of document snapshots; quick edits of one kind merge into one step, as in editors."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Generic, TypeVar

State = TypeVar("State")

MERGE_SECONDS = 1.0  # typing a word is one step, not one per debounced keystroke
MAX_STEPS = 200


class UndoHistory(Generic[State]):
    """States before each edit (`undo` side) and after each undo (`redo` side)."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        merge_seconds: float = MERGE_SECONDS,
        max_steps: int = MAX_STEPS,
    ) -> None:
        self._clock = clock
        self._merge_seconds = merge_seconds
        self._max_steps = max_steps
        self._undo: list[State] = []
        self._redo: list[State] = []
        self._last: tuple[str, float] | None = None  # (what, when) of the last recorded edit

    def record(self, before: State, what: str) -> None:
        """An edit of kind `what` is about to replace `before`; a new edit clears redo."""
        now = self._clock()
        merge = (
            self._last is not None
            and self._last[0] == what
            and now - self._last[1] <= self._merge_seconds
            and bool(self._undo)
        )
        if not merge:
            self._undo.append(before)
            del self._undo[: -self._max_steps]
        self._redo.clear()
        self._last = (what, now)

    def undo(self, current: State) -> State | None:
        """The state to go back to (None: nothing to undo); `current` becomes redoable."""
        if not self._undo:
            return None
        self._redo.append(current)
        self._last = None  # the next edit starts a new step
        return self._undo.pop()

    def redo(self, current: State) -> State | None:
        if not self._redo:
            return None
        self._undo.append(current)
        self._last = None
        return self._redo.pop()

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()
        self._last = None

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)
