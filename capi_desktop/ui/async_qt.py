"""Our one wrapper around qasync: run coroutines from Qt signals safely."""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import asyncio

log = logging.getLogger(__name__)
T = TypeVar("T")

_ErrorReporter = Callable[[BaseException], None]
_reporter: _ErrorReporter | None = None
# qasync 0.28.0 keeps no strong reference to tasks it starts; without ours they can be
# garbage-collected mid-flight.
_tasks: set[asyncio.Task[Any]] = set()


def set_error_reporter(reporter: _ErrorReporter | None) -> None:
    global _reporter
    _reporter = reporter


def _done(task: asyncio.Task[Any]) -> None:
    _tasks.discard(task)
    if task.cancelled():
        return
    exc = task.exception()
    if exc is not None:
        log.error("background task failed", exc_info=exc)
        if _reporter is not None:
            _reporter(exc)


def loop_running() -> bool:
    """Is an asyncio loop running here (the app's qasync loop; not in plain widget tests)?"""
    if "asyncio" not in sys.modules:  # no loop without it; panels built before the loop
        return False  # ask too, and importing asyncio for that would slow their first paint
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


async def in_thread(fn: Callable[..., T], *args: Any) -> T:
    """`asyncio.to_thread(fn, *args)` for modules that import asyncio only once it runs
    (panels are imported and painted before the app loads asyncio)."""
    import asyncio

    return await asyncio.to_thread(fn, *args)


def start_task(coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
    """Schedule a coroutine on the running (qasync) loop, keeping a reference to it."""
    import asyncio  # here, not at import: panels import this module before the loop exists

    task = asyncio.get_event_loop().create_task(coro)
    _tasks.add(task)
    task.add_done_callback(_done)
    return task


def async_slot(
    *, cancel_previous: bool = False
) -> Callable[[Callable[..., Coroutine[Any, Any, Any]]], Callable[..., asyncio.Task[Any] | None]]:
    """Decorate a bound coroutine method so a Qt signal can call it.

    Extra positional args from the signal are dropped if the method does not take them.
    `cancel_previous` cancels the method's earlier still-running call on the same object.
    """

    def decorate(
        method: Callable[..., Coroutine[Any, Any, Any]],
    ) -> Callable[..., asyncio.Task[Any] | None]:
        attr = f"_async_slot_task_{method.__name__}"

        @functools.wraps(method)
        def wrapper(self: Any, *args: Any) -> asyncio.Task[Any] | None:
            previous: asyncio.Task[Any] | None = getattr(self, attr, None)
            if previous is not None and not previous.done():
                if not cancel_previous:
                    return previous
                previous.cancel()
            try:
                coro = method(self, *args)
            except TypeError:
                coro = method(self)
            task = start_task(coro)
            setattr(self, attr, task)
            return task

        return wrapper

    return decorate


async def cancel_all() -> None:
    """Cancel every task started through this module and wait for them to end."""
    import asyncio

    pending = [t for t in _tasks if not t.done()]
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.gather(*pending, return_exceptions=True)


def use_plain_thread_executor(loop: asyncio.AbstractEventLoop) -> None:
    """Make `asyncio.to_thread` use Python threads instead of qasync's QThreadExecutor.

    qasync's default executor runs work on QThreads; with worker QThreads created and
    garbage-collected across many loops we saw intermittent segfaults in processEvents.
    Our worker functions never touch Qt, so plain threads are all they need.
    """
    from concurrent.futures import ThreadPoolExecutor

    loop.set_default_executor(ThreadPoolExecutor(max_workers=4, thread_name_prefix="capi-worker"))
