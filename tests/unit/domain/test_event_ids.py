"""new_event_id() gives what str(uuid.uuid4()) gives: random RFC 4122 version-4 UUIDs as text."""

from __future__ import annotations

import uuid

from capi_desktop.domain.request import event_ids
from capi_desktop.domain.request.event_ids import new_event_id


def test_ids_parse_as_version_4_rfc_4122_uuids_in_canonical_form() -> None:
    for _ in range(2000):
        text = new_event_id()
        parsed = uuid.UUID(text)
        assert parsed.version == 4
        assert parsed.variant == uuid.RFC_4122
        assert str(parsed) == text  # lower-case hex, 8-4-4-4-12


def test_ids_are_the_random_bytes_with_only_the_version_and_variant_bits_set(monkeypatch) -> None:
    for raw in (bytes(16), b"\xff" * 16, bytes(range(16))):
        monkeypatch.setattr(event_ids.os, "urandom", lambda n, raw=raw: raw)
        assert new_event_id() == str(uuid.UUID(bytes=raw, version=4))  # the stdlib's own rule


def test_ids_do_not_repeat() -> None:
    assert len({new_event_id() for _ in range(5000)}) == 5000
