"""The one typed place panels reach each other through: composer, send, error lookup, active profile."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from capi_desktop.domain.profile import Profile


class PanelHost(Protocol):
    """What the main window offers: build a panel on demand, show it, and say which are built."""

    def panel(self, key: str) -> QWidget: ...

    def show_panel(self, key: str) -> QWidget: ...

    def built_panel(self, key: str) -> QWidget | None: ...


@runtime_checkable
class ComposerPort(Protocol):
    """What other panels may ask of the Composer."""

    def request_body(self) -> Any: ...

    def load_request(self, body: Any) -> None: ...

    def focus_path(self, path: str) -> bool: ...


@runtime_checkable
class ErrorDecoderPort(Protocol):
    """What other panels may ask of the Error lookup panel."""

    def decode_text(self, text: str) -> None: ...


class ActiveProfile(QObject):
    """The profile the user works as, owned by the Credentials side and read by everyone else.

    Replaces reading another panel's selection: the profiles controller calls `publish` and
    `select`; the Send tab, Quality and Live connect to `profiles_changed` / `changed`.
    """

    profiles_changed = Signal()
    changed = Signal(str)  # the selected profile id, "" for none

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._profiles: list[Profile] = []
        self._current_id = ""
        self.load_problem: str | None = None  # why the saved profiles could not be read

    def publish(self, profiles: list[Profile], problem: str | None = None) -> None:
        self._profiles = list(profiles)
        self.load_problem = problem
        if self._current_id and all(p.id != self._current_id for p in self._profiles):
            self._current_id = ""
        self.profiles_changed.emit()

    def profiles(self) -> list[Profile]:
        return list(self._profiles)

    def select(self, profile_id: str) -> None:
        if profile_id == self._current_id:
            return
        self._current_id = profile_id
        self.changed.emit(profile_id)

    @property
    def current_id(self) -> str:
        return self._current_id

    def current(self) -> Profile | None:
        return next((p for p in self._profiles if p.id == self._current_id), None)


class Links(QObject):
    """Cross-panel requests with types; works unattached (tests, screenshots): then says no."""

    send_requested = Signal(object)  # a request body the Composer asks the Send tab to send

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._host: PanelHost | None = None
        self.active_profile = ActiveProfile(self)

    def attach(self, host: PanelHost) -> None:
        self._host = host

    @property
    def available(self) -> bool:
        return self._host is not None

    def show(self, key: str) -> bool:
        if self._host is None:
            return False
        self._host.show_panel(key)
        return True

    # ----- Composer -----------------------------------------------------------------------
    def composer(self, *, build: bool = True) -> ComposerPort | None:
        """The Composer, built on demand unless build=False; None when there is no window."""
        if self._host is None:
            return None
        widget = self._host.panel("composer") if build else self._host.built_panel("composer")
        return widget if isinstance(widget, ComposerPort) else None

    def composer_body(self, *, build: bool = False) -> Any:
        """The body being composed, or None when the Composer was never opened (build=True:
        opened now, as Compare's "From Composer" always did)."""
        composer = self.composer(build=build)
        return composer.request_body() if composer is not None else None

    def open_in_composer(self, body: Mapping[str, Any] | Any) -> bool:
        composer = self.composer()
        if composer is None:
            return False
        composer.load_request(body)
        self.show("composer")
        return True

    def open_field(self, path: str) -> bool:
        """Show the Composer with the field at this JSON path (data[0].user_data.fbc) focused."""
        composer = self.composer()
        if composer is None:
            return False
        self.show("composer")
        return composer.focus_path(path)

    # ----- Send and Error lookup ----------------------------------------------------------
    def request_send(self, body: Any) -> None:
        """Ask the Send tab to send `body`; the Send panel is built first so it is listening."""
        if self._host is not None:
            with contextlib.suppress(KeyError):  # a window without a Send panel
                self._host.panel("send")
        self.send_requested.emit(body)

    def decode_error(self, text: str) -> bool:
        """Open the Error lookup panel on this error text."""
        if self._host is None:
            return False
        panel = self._host.panel("errors")
        if not isinstance(panel, ErrorDecoderPort):
            return False
        self._host.show_panel("errors")
        panel.decode_text(text)
        return True


def panel_links(links: Links | None, panel: QObject) -> Links:
    """The window's Links, or (tests, screenshots) one of the panel's own, made its Qt child so
    it is deleted with the panel on the GUI thread, never by a collection on a worker thread."""
    return links if links is not None else Links(panel)
