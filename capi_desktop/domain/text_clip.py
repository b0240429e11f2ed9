"""Keep the head and tail of a text too large to store, with its size said in between."""

from __future__ import annotations

MARK = "[CAPI Desktop: response clipped]"


def size_label(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1_000:
        return f"{size / 1_000:.1f} KB"
    return f"{size} bytes"


def clip_middle(head: str, tail: str, size: int, *, stopped: bool = False) -> str:
    """`head`, a line naming the total size, then `tail` (what a person needs to debug it)."""
    how = "stopped reading after" if stopped else "the whole response was"
    note = (
        f"\n\n{MARK} {how} {size_label(size)} ({size:,} bytes); the start and the end are kept.\n\n"
    )
    return head + note + tail


def clip_text(text: str, *, limit: int = 1_000_000, head: int = 64_000, tail: int = 16_000) -> str:
    """A text kept whole up to `limit` characters, else head … tail (history rows stay small)."""
    if len(text) <= limit:
        return text
    return clip_middle(text[:head], text[-tail:], len(text.encode("utf-8", "replace")))
