"""A credential profile: where and as which pixel to send. The token lives only in the keyring."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from capi_desktop.config import DEFAULT_GRAPH_URL
from capi_desktop.domain.netloc import is_loopback_host
from capi_desktop.domain.request.graph_versions import DEFAULT_API_VERSION, is_valid_version

_PIXEL_RE = re.compile(r"^\d{5,20}$")


@dataclass(frozen=True)
class Profile:
    """No token field on purpose: a Profile can be logged, shown and saved freely."""

    id: str
    name: str
    pixel_id: str
    api_version: str = DEFAULT_API_VERSION
    graph_url: str = DEFAULT_GRAPH_URL
    test_event_code: str = ""
    notes: str = ""

    @classmethod
    def new(cls, name: str, pixel_id: str, **fields: Any) -> Profile:
        import uuid  # here: uuid imports platform (~2 ms), before the Credentials panel paints

        return cls(id=uuid.uuid4().hex, name=name, pixel_id=pixel_id, **fields).validated()

    def validated(self) -> Profile:
        """Return a normalised copy, or raise ValueError with a message for the user."""
        profile = replace(
            self,
            name=self.name.strip(),
            pixel_id=self.pixel_id.strip(),
            api_version=self.api_version.strip() or DEFAULT_API_VERSION,
            graph_url=(self.graph_url.strip() or DEFAULT_GRAPH_URL).rstrip("/"),
            test_event_code=self.test_event_code.strip(),
        )
        problems = profile_problems(profile)
        if problems:
            raise ValueError("; ".join(problems))
        return profile

    def to_json(self) -> dict[str, str]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Profile:
        known = {k: str(v) for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


def profile_problems(profile: Profile) -> list[str]:
    problems = []
    if not profile.name:
        problems.append("the profile needs a name")
    if not _PIXEL_RE.match(profile.pixel_id):
        problems.append("the pixel (dataset) ID must be 5 to 20 digits")
    if not is_valid_version(profile.api_version):
        problems.append("the API version must look like v26.0")
    parts = urlsplit(profile.graph_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        problems.append("the Graph URL must start with https:// (or http:// for a local emulator)")
    elif parts.scheme == "http" and not is_loopback_host(parts.hostname or ""):
        # Every send and verify would refuse it: say so when the profile is saved.
        problems.append(
            f"plain http:// to {parts.hostname} would expose the token; use https:// "
            "(plain http is only for this machine, e.g. the emulator)"
        )
    return problems
