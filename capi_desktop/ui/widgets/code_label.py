"""How a Graph error code is written on screen: the "(#100/2804003)" title and the code words."""

from __future__ import annotations

from html import escape

from capi_desktop.domain.error_catalog.labels import code_label


def title_with_code(title: str, code: int | None, subcode: int | None) -> str:
    """Escaped rich text: "Event timestamp too old (#100/2804003)"; no suffix without a code."""
    return escape(title + code_label(code, subcode))


def code_words(code: int | None, subcode: int | None, *, between: str = " / ") -> str:
    """ "code 100 / subcode 2804003"; "code missing" when a response carried none."""
    words = f"code {code if code is not None else 'missing'}"
    return words + (f"{between}subcode {subcode}" if subcode is not None else "")
