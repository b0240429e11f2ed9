"""The Send tab's profile list and selection, and the test code it filled in (Qt-free)."""

from __future__ import annotations

from collections.abc import Sequence

from capi_desktop.domain.profile import Profile


class ProfileChoice:
    """Which profile a send goes through; keeps the choice when the list is replaced."""

    def __init__(self) -> None:
        self.profiles: list[Profile] = []
        self.index = -1
        self.wanted = ""  # an id asked for before the list held it (a new profile)
        self.auto_code = ""  # the test code filled in from the profile (replaced on a switch)

    def current(self) -> Profile | None:
        return self.profiles[self.index] if 0 <= self.index < len(self.profiles) else None

    def find(self, profile_id: str) -> int:
        return next((i for i, p in enumerate(self.profiles) if p.id == profile_id), -1)

    def replace(self, profiles: Sequence[Profile], remembered: str = "") -> int:
        """Take a new list; keep the wanted, else the current, else the remembered profile,
        else the first. Returns the index to show (-1 for an empty list)."""
        previous = self.current()
        wanted = self.wanted or (previous.id if previous is not None else remembered)
        self.wanted = ""
        self.profiles = list(profiles)
        self.index = max(self.find(wanted), 0) if self.profiles else -1
        return self.index

    def select(self, index: int) -> None:
        self.index = index if 0 <= index < len(self.profiles) else -1

    def code_for(self, typed: str) -> str | None:
        """The test code to show after a profile switch: the profile's own, unless the user
        typed a different one (None: leave the field alone)."""
        profile = self.current()
        typed = typed.strip()
        if profile is None or (typed and typed != self.auto_code):
            return None
        self.auto_code = profile.test_event_code
        return self.auto_code


def profile_label(profile: Profile) -> str:
    return f"{profile.name} — pixel {profile.pixel_id}"
