"""What a panel may offer the main window: attach, start, unsaved work, shutdown, demo data.

Each capability is its own small runtime-checkable Protocol, so a panel implements only what
it needs and the window asks with `isinstance` (no getattr/hasattr). A panel class matches by
having the methods; nothing to inherit or register.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    pass


@runtime_checkable
class StartsWithApp(Protocol):
    """Background work to begin once the event loop runs (e.g. verify the active profile)."""

    def on_app_started(self) -> None: ...


@runtime_checkable
class HoldsUnsavedWork(Protocol):
    """Work that closing the window would lose: the window asks before closing."""

    def unsaved_changes(self) -> str | None:
        """What would be lost, in words ("Profile 'Shop' has unsaved edits"), or None."""
        ...

    async def save_unsaved(self) -> bool:
        """Save it; False (with the problem shown) keeps the window open."""
        ...


@runtime_checkable
class ShutsDown(Protocol):
    """Stop background work before the app closes its services (given 3 s)."""

    async def shutdown(self) -> None: ...


@runtime_checkable
class HasDemo(Protocol):
    """Synthetic content for screenshots, filled synchronously (there is no event loop)."""

    def load_demo(self) -> None: ...
