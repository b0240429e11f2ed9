"""Small file helpers for the tabs (always called through asyncio.to_thread)."""

from __future__ import annotations


def read_text(path: str, limit: int) -> str:
    """The file's text, refusing anything over `limit` characters (a paste box is no viewer)."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read(limit + 1)
    if len(text) > limit:
        raise ValueError(f"the file is larger than {limit // 1_000_000} MB")
    return text


def write_text(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
