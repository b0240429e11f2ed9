"""One profile's form: name, pixel ID, token, API version, test code, notes, Graph URL."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from capi_desktop.config import DEFAULT_GRAPH_URL
from capi_desktop.domain.profile import Profile
from capi_desktop.domain.request.graph_versions import DEFAULT_API_VERSION, VERSIONS, version_status
from capi_desktop.ui.panels.credentials.controllers.emulator import is_emulator_url
from capi_desktop.ui.panels.credentials.token_field import TokenField
from capi_desktop.ui.panels.credentials.widgets import Collapsible
from capi_desktop.ui.widgets.inline_hint import InlineHint

_NON_DIGITS = re.compile(r"\D")
_TOKEN_CHARS = re.compile(r"[A-Za-z0-9_\-|.]+")
FIELDS = ("name", "pixel_id", "api_version", "graph_url", "test_event_code", "notes")


def _hint(label: InlineHint, level: str, text: str) -> None:
    label.set_message(level, text)


class ProfileForm(QWidget):
    """Edits a copy of a profile; `is_dirty()` compares with the last loaded/saved one."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._saved: dict[str, str] = dict.fromkeys(FIELDS, "")
        self._stripped = ""  # the last "non-digits removed" note, kept until a reload
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("e.g. Shop — production")
        self.pixel_edit = QLineEdit()
        self.pixel_edit.setMaxLength(20)
        self.pixel_edit.setPlaceholderText("Digits only, from Events Manager → Data sources")
        self.pixel_edit.textEdited.connect(self._pixel_edited)
        self.pixel_hint = InlineHint(lines=2)
        self.token = TokenField()
        self.version_combo = QComboBox()
        for name, _released, expires in VERSIONS:
            self._add_version(name, expires.isoformat() if expires else "")
        self.version_combo.currentIndexChanged.connect(self._version_changed)
        self.version_hint = InlineHint(lines=2)
        self.test_code_edit = QLineEdit()
        self.test_code_edit.setPlaceholderText("e.g. TEST12345 (Events Manager → Test events)")
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setPlaceholderText("Anything your team should know about this profile")
        self.notes_edit.setFixedHeight(56)
        self.notes_edit.setTabChangesFocus(True)  # a form field: Tab moves on, never a tab char
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText(DEFAULT_GRAPH_URL)
        self.url_edit.textChanged.connect(self._url_changed)
        self.url_hint = InlineHint(lines=2)

        advanced_body = QWidget()
        advanced_form = QFormLayout(advanced_body)
        advanced_form.setContentsMargins(16, 0, 0, 0)
        advanced_form.addRow("Graph base URL", self.url_edit)
        advanced_form.addRow("", self.url_hint)
        self.advanced = Collapsible("Advanced: Graph base URL", advanced_body)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Profile name", self.name_edit)
        form.addRow("Pixel (dataset) ID", self.pixel_edit)
        form.addRow("", self.pixel_hint)
        form.addRow("Access token", self.token)
        form.addRow("API version", self.version_combo)
        form.addRow("", self.version_hint)
        form.addRow("Test event code", self.test_code_edit)
        form.addRow("Notes", self.notes_edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.advanced)
        for edit in (self.name_edit, self.pixel_edit, self.test_code_edit, self.url_edit):
            edit.textChanged.connect(lambda _t: self.changed.emit())
        self.notes_edit.textChanged.connect(self.changed.emit)
        self.token.edited.connect(self.changed.emit)
        self.token.edited.connect(self._token_hint)
        self.load(None)

    # ----- values -------------------------------------------------------------------------
    def _add_version(self, name: str, expires: str) -> None:
        state = version_status(name).state
        label = {
            "expired": f"{name}  (expired {expires})",
            "near-expiry": f"{name}  (expires {expires})",
        }
        text = label.get(state) or (f"{name}  (newest)" if name == DEFAULT_API_VERSION else name)
        self.version_combo.addItem(text, name)

    def _set_version(self, version: str) -> None:
        index = self.version_combo.findData(version)
        if index < 0:
            self._add_version(version, "")
            index = self.version_combo.count() - 1
        self.version_combo.setCurrentIndex(index)
        self._version_changed()

    def fields(self) -> dict[str, str]:
        return {
            "name": self.name_edit.text().strip(),
            "pixel_id": self.pixel_edit.text().strip(),
            "api_version": str(self.version_combo.currentData() or DEFAULT_API_VERSION),
            "graph_url": (self.url_edit.text().strip() or DEFAULT_GRAPH_URL).rstrip("/"),
            "test_event_code": self.test_code_edit.text().strip(),
            "notes": self.notes_edit.toPlainText().strip(),
        }

    def load(self, profile: Profile | None) -> None:
        """Show a profile (None: a blank new one); forgets any typed token."""
        values = (
            profile.to_json()
            if profile
            else {"api_version": DEFAULT_API_VERSION, "graph_url": DEFAULT_GRAPH_URL}
        )
        widgets = (self.name_edit, self.pixel_edit, self.test_code_edit, self.url_edit)
        for widget in (*widgets, self.notes_edit, self.version_combo):
            widget.blockSignals(True)
        self.name_edit.setText(values.get("name", ""))
        self.pixel_edit.setText(values.get("pixel_id", ""))
        self.test_code_edit.setText(values.get("test_event_code", ""))
        url = values.get("graph_url", DEFAULT_GRAPH_URL)
        self.url_edit.setText("" if url == DEFAULT_GRAPH_URL else url)
        self.notes_edit.setPlainText(values.get("notes", ""))
        self._set_version(values.get("api_version", DEFAULT_API_VERSION))
        for widget in (*widgets, self.notes_edit, self.version_combo):
            widget.blockSignals(False)
        self.token.clear_typed()
        self._stripped = ""
        self._saved = self.fields()
        self.advanced.set_expanded(url != DEFAULT_GRAPH_URL)
        self._pixel_hint()
        self._url_changed()
        self.changed.emit()

    def mark_saved(self, profile: Profile) -> None:
        """After a save or rename: the saved values become the baseline, typed edits stay."""
        self._saved = {k: v for k, v in profile.to_json().items() if k in FIELDS}
        self.changed.emit()

    def set_name(self, name: str) -> None:
        self.name_edit.setText(name)

    def is_dirty(self) -> bool:
        return self.fields() != self._saved or self.token.has_typed()

    def build_profile(self, profile_id: str) -> Profile:
        """The profile as typed; ValueError (and inline hints) when something is invalid."""
        self._pixel_hint(strict=True)
        profile = Profile(id=profile_id, **self.fields())
        return profile.validated()

    # ----- inline validation --------------------------------------------------------------
    def _pixel_edited(self, text: str) -> None:
        digits = _NON_DIGITS.sub("", text)
        if digits != text:
            cursor = self.pixel_edit.cursorPosition() - (len(text) - len(digits))
            self.pixel_edit.setText(digits)
            self.pixel_edit.setCursorPosition(max(cursor, 0))
            removed = "".join(dict.fromkeys(c for c in text if not c.isdigit() and c != " "))
            self._stripped = f"A Pixel ID has digits only (removed {removed!r})." if removed else ""
        self._pixel_hint()

    def _pixel_hint(self, *, strict: bool = False) -> None:
        pixel = self.pixel_edit.text()
        note = self._stripped
        if not pixel:
            text = "Required: copy it from Events Manager → Data sources." if strict else note
            _hint(self.pixel_hint, "error", text)
        elif len(pixel) < 5:
            _hint(self.pixel_hint, "error", f"{note} Too short: it has 5 to 20 digits.".strip())
        else:
            _hint(self.pixel_hint, "warning", note)

    def _version_changed(self, _index: int = -1) -> None:
        status = version_status(str(self.version_combo.currentData() or ""))
        level = {"expired": "error", "near-expiry": "warning", "unknown": "warning"}
        _hint(self.version_hint, level.get(status.state, "ok"), status.message)
        self.changed.emit()

    def _url_changed(self, _text: str = "") -> None:
        url = self.fields()["graph_url"]
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            _hint(self.url_hint, "error", "Start with https:// (or http:// for a local emulator).")
        elif is_emulator_url(url):
            _hint(self.url_hint, "warning", "Local emulator on this machine — not Meta.")
        elif parts.scheme == "http":
            _hint(self.url_hint, "error", "Plain http:// would expose the token: use https://.")
        elif url != DEFAULT_GRAPH_URL:
            _hint(self.url_hint, "warning", "Not Meta's Graph API: a proxy or a mock server.")
        else:
            _hint(self.url_hint, "plain", "")

    def _token_hint(self) -> None:
        token = self.token.token()
        if not token or self.is_emulator():
            self.token.set_hint("")
        elif len(token) < 40:
            self.token.set_hint(
                "Shorter than Meta tokens usually are (well over 100 characters): check that "
                "nothing was cut off when copying."
            )
        elif not _TOKEN_CHARS.fullmatch(token):
            self.token.set_hint(
                "Contains characters Meta tokens do not have: check for stray quotes or "
                "punctuation around it."
            )
        else:
            self.token.set_hint("")

    def is_emulator(self) -> bool:
        return is_emulator_url(self.fields()["graph_url"])
