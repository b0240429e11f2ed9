"""Undo/redo of document snapshots; quick edits of one kind merge into one step, as in editors."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Generic, TypeVar

State = TypeVar("State")

MERGE_SECONDS = 1.0  # typing a word is one step, not one per debounced keystroke
MAX_STEPS = 200
# Steps that hold a state of their own (a body parsed from JSON text) count their text size:
# 200 steps of a 5 MB paste would hold gigabytes. Older steps go first; the last one stays.
MAX_SIZE = 64 * 1024 * 1024


class UndoHistory(Generic[State]):
    """States before each edit (`undo` side) and after each undo (`redo` side)."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        merge_seconds: float = MERGE_SECONDS,
        max_steps: int = MAX_STEPS,
        max_size: int = MAX_SIZE,
    ) -> None:
        self._clock = clock
        self._merge_seconds = merge_seconds
        self._max_steps = max_steps
        self._max_size = max_size
        self._undo: list[State] = []
        self._redo: list[State] = []
        self._sizes: dict[int, int] = {}  # id(state) -> size, for states recorded with one
        self._last: tuple[str, float] | None = None  # (what, when) of the last recorded edit

    def record(self, before: State, what: str, size: int = 0) -> None:
        """An edit of kind `what` is about to replace `before` (`size`: how much memory the
        state holds that no other step shares, e.g. its JSON text length); clears redo."""
        now = self._clock()
        merge = (
            self._last is not None
            and self._last[0] == what
            and now - self._last[1] <= self._merge_seconds
            and bool(self._undo)
        )
        if not merge:
            self._undo.append(before)
            if size:
                self._sizes[id(before)] = size
            del self._undo[: -self._max_steps]
            while len(self._undo) > 1 and self._total() > self._max_size:
                del self._undo[0]
            self._forget_sizes()
        self._redo.clear()
        self._forget_sizes()
        self._last = (what, now)

    def _total(self) -> int:
        return sum(self._sizes.get(id(state), 0) for state in self._undo + self._redo)

    def _forget_sizes(self) -> None:
        alive = {id(state) for state in self._undo + self._redo}
        self._sizes = {key: size for key, size in self._sizes.items() if key in alive}

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
        self._sizes.clear()
        self._last = None

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)
