"""A wrapper that keeps an access token out of reprs, str(), f-strings and tracebacks."""

from __future__ import annotations

from typing import NoReturn

from capi_desktop.domain.redact import remember_secret


class Secret:
    """Holds a secret string; only `reveal()` returns it (one grep-able place per use)."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        if isinstance(value, Secret):
            value = value.reveal()
        self._value = value.strip()
        remember_secret(self._value)

    def reveal(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return repr(self)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("Secret", self._value))

    def __reduce__(self) -> NoReturn:
        # Pickling would write the secret somewhere (a cache, a crash dump): refuse.
        raise TypeError("a Secret cannot be pickled")


def as_secret(token: str | Secret) -> Secret:
    return token if isinstance(token, Secret) else Secret(token)
