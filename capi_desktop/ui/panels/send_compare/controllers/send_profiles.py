"""Which profile the Send tab sends through: the published or saved list, the test code it fills."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import QObject

from capi_desktop.domain.profile import Profile
from capi_desktop.services import Services
from capi_desktop.ui.async_qt import async_slot
from capi_desktop.ui.links import ActiveProfile
from capi_desktop.ui.panels.send_compare.controllers.profile_choice import ProfileChoice

log = logging.getLogger(__name__)

ACTIVE_SETTING = "active_profile"  # written by the Credentials panel


class ProfileForm(Protocol):
    def show_profiles(self, profiles: Sequence[Profile], index: int) -> None: ...

    def show_problem(self, text: str | None) -> None: ...

    def test_code_text(self) -> str: ...

    def set_test_code(self, code: str) -> None: ...


class SendProfiles(QObject):
    """Follows links.active_profile; reads the saved profiles while nothing is published."""

    def __init__(
        self,
        services: Services,
        form: ProfileForm,
        active: ActiveProfile,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.form = form
        self.active = active
        self.choice = ProfileChoice()
        active.profiles_changed.connect(self.reload)
        active.changed.connect(self.select)

    @async_slot(cancel_previous=True)
    async def reload(self) -> None:
        """The Credentials side's published profiles; the saved ones until it publishes."""
        profiles, problem = self.active.profiles(), self.active.load_problem
        credentials = self.services.credentials
        if not profiles and credentials is not None:
            try:
                profiles = credentials.list_profiles()
            except Exception as exc:
                log.warning("could not list profiles: %s", exc)
            problem = credentials.load_problem
        self.show(profiles)
        if problem:
            self.form.show_problem(problem)

    def show(self, profiles: Sequence[Profile]) -> None:
        """Replace the list, keeping the choice (else the active, else the first profile)."""
        saved = self.services.settings.get(ACTIVE_SETTING)
        remembered = self.active.current_id or (saved if isinstance(saved, str) else "")
        index = self.choice.replace(profiles, remembered)
        self.form.show_profiles(self.choice.profiles, index)
        self._fill_test_code()

    def choose(self, index: int) -> None:
        """The user picked the profile at this index of the list."""
        self.choice.select(index)
        self._fill_test_code()

    def select(self, profile_id: str) -> None:
        """Follow the active profile chosen in the Credentials panel."""
        index = self.choice.find(profile_id)
        if index < 0:
            self.choice.wanted = profile_id
            self.reload()  # a new profile: the list is stale
            return
        self.choice.select(index)
        self.form.show_profiles(self.choice.profiles, index)
        self._fill_test_code()

    def current(self) -> Profile | None:
        return self.choice.current()

    def _fill_test_code(self) -> None:
        code = self.choice.code_for(self.form.test_code_text())
        if code is not None:
            self.form.set_test_code(code)
