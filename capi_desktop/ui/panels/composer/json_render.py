"""The preview text of a request, re-serializing only the events that changed (big requests)."""

from __future__ import annotations

import json
import os
import re
from typing import Any

from capi_desktop.domain.request.event_model import CapiRequest, text_view_safe

# Below this many events one json.dumps is fast enough (a few ms).
INCREMENTAL_FROM = 20
EVENT_INDENT = "    "  # events sit two levels deep: {"data": [ <here> ]}


def _dumps(value: Any) -> str:
    return text_view_safe(json.dumps(value, indent=2, ensure_ascii=False))


class RequestRenderer:
    """`render(body)` == `CapiRequest(body).to_json()`, but a 1,000-event request costs one
    event's serialization per keystroke: unchanged event objects keep their cached text."""

    def __init__(self) -> None:
        self._cache: dict[int, tuple[Any, str]] = {}

    def render(self, body: dict[str, Any]) -> str:
        sendable = CapiRequest(body).sendable_body()
        data = sendable.get("data")
        if not isinstance(data, list) or len(data) < INCREMENTAL_FROM:
            self._cache.clear()
            return _dumps(sendable)
        token = os.urandom(16).hex()  # not uuid: its import costs ~2 ms of start
        skeleton = dict(sendable)
        skeleton["data"] = [f"\x00{token}:{i}" for i in range(len(data))]
        texts = [self._event_text(event) for event in data]
        self._cache = {id(event): (event, text) for event, text in zip(data, texts, strict=True)}
        pattern = re.compile(r'"\\u0000' + token + r':(\d+)"')
        return pattern.sub(lambda m: texts[int(m.group(1))], _dumps(skeleton))

    def _event_text(self, event: Any) -> str:
        cached = self._cache.get(id(event))
        if cached is not None and cached[0] is event:
            return cached[1]
        return _dumps(event).replace("\n", "\n" + EVENT_INDENT)
