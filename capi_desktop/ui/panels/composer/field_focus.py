"""Route a JSON path (a lint finding's, or a score hint's key) to the form widget that edits it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from capi_desktop.domain.request.json_locate import locate_offset
from capi_desktop.ui.panels.composer.request_state import event_location

if TYPE_CHECKING:
    from capi_desktop.ui.panels.composer.composer_panel import ComposerPanel

EVENT_TAB, CUSTOMER_TAB, CUSTOM_TAB = range(3)
# Score keys that stand for several fields: the first one to fill in.
SCORE_KEY_FIELDS = {"ip_ua": "client_ip_address", "address": "ct", "name_zip": "fn"}


def focus_path(panel: ComposerPanel, path: str) -> bool:
    """Switch tab/event and focus the field; without a form field, the JSON editor's value."""
    index, rest = event_location(path)
    if index >= 0 and index != panel.event_index:
        panel.select_event(index)
    head = rest[0] if rest else None
    found = False
    if head == "user_data":
        panel.form_tabs.setCurrentIndex(CUSTOMER_TAB)
        key = rest[1] if len(rest) > 1 and isinstance(rest[1], str) else None
        occurrence = rest[2] if len(rest) > 2 and isinstance(rest[2], int) else 0
        found = panel.customer.focus_key(key, occurrence) if key else False
        if not found:
            panel.customer.table.setFocus()
            found = key is None
    elif head == "custom_data":
        panel.form_tabs.setCurrentIndex(CUSTOM_TAB)
        name = rest[1] if len(rest) > 1 and isinstance(rest[1], str) else None
        if name == "contents" and len(rest) > 2 and isinstance(rest[2], int):
            field = rest[3] if len(rest) > 3 and isinstance(rest[3], str) else "id"
            found = panel.custom_data.focus_content(rest[2], field)
        found = found or (panel.custom_data.focus_field(name) if name else False)
    elif head in ("app_data", "messaging_channel"):  # the kind's own fields (kind_section)
        panel.form_tabs.setCurrentIndex(EVENT_TAB)
        found = panel.kind_section.focus_path(rest)
    elif isinstance(head, str) and panel.event_section.field_widget(head) is not None:
        panel.form_tabs.setCurrentIndex(EVENT_TAB)
        found = panel.event_section.focus_field(head)
    if not found:
        panel.json_tabs.setCurrentWidget(panel.editor)
        offset = locate_offset(panel.editor.text(), path)
        if offset is not None:
            panel.editor.go_to_offset(offset)
            found = True
    return found


def focus_score_key(panel: ComposerPanel, key: str) -> None:
    """Open the customer row the match-key hint suggests, ready to type."""
    if key == "extinfo":  # app events: device info lives in app_data, on the Event tab
        panel.form_tabs.setCurrentIndex(EVENT_TAB)
        panel.kind_section.focus_path(["app_data", "extinfo", 0])
        return
    target = SCORE_KEY_FIELDS.get(key, key)
    panel.form_tabs.setCurrentIndex(CUSTOMER_TAB)
    row = panel.customer.model.row_of(target)
    if row < 0 and key in (
        "madid",
        "anon_id",
        "lead_id",
        "ctwa_clid",
        "page_scoped_user_id",
        "ig_sid",
    ):
        panel.customer.add_value(target)  # kind identifiers have no row until asked for
        row = panel.customer.model.row_of(target)
    if row >= 0:
        panel.customer.focus_row(row, edit=True)
