"""How a Graph error's code is written for people: "(#100/2804003)" and "100/2804003", one place."""

from __future__ import annotations


def code_text(code: int | None, subcode: int | None) -> str:
    """ "100/2804003", "190", or "no code" when the response carried none."""
    if code is None:
        return f"no code, subcode {subcode}" if subcode else "no code"
    return f"{code}/{subcode}" if subcode else str(code)


def code_label(code: int | None, subcode: int | None) -> str:
    """The suffix put after a title: " (#100/2804003)", or "" without a code."""
    if code is None:
        return ""
    return f" (#{code_text(code, subcode)})"
