"""Every kind of Conversions API event (website, app, store, CRM, messaging, …) described once."""

from __future__ import annotations

from capi_desktop.domain.event_kinds.spec import (
    KINDS,
    MESSAGING_CHANNELS,
    EventKind,
    kind_of,
    resolve,
)

__all__ = ["KINDS", "MESSAGING_CHANNELS", "EventKind", "kind_of", "resolve"]
