"""Side pane for one customer-information row: steps, warnings and the cross-implementation view."""

from __future__ import annotations

import html
from functools import lru_cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from capi_desktop.domain.normalize import KEY_LABELS, FieldResult, NormalizeContext, Variant
from capi_desktop.domain.request.customer_rows import UserRow, output_for
from capi_desktop.ui.panels.composer.catalog import field_doc_url
from capi_desktop.ui.panels.composer.customer_model import status_text
from capi_desktop.ui.theme import SEVERITY_COLORS

DIFF_BACKGROUND = "rgba(214, 69, 69, 0.22)"  # translucent red: readable on both palettes
_NOTHING = {"null": "sends null", "omitted": "not sent", "error": "raises (event lost)"}


@lru_cache(maxsize=512)
def variants_for(key: str, raw: str, country: str) -> tuple[Variant, ...]:
    # Normalization's engine loads with the first row shown, not with the Composer (issue 14).
    from capi_desktop.domain.normalize import variants

    return tuple(variants(key, raw, NormalizeContext(default_country=country or None)))


class RowDetails(QTabWidget):
    """Explains the selected row: what we did to the value, and what other tools would send."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.explain = QTextBrowser()
        self.explain.setOpenExternalLinks(True)
        self.addTab(self.explain, "Steps and warnings")

        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 4, 0, 0)
        self.variants_note = QLabel()
        self.variants_note.setWordWrap(True)
        layout.addWidget(self.variants_note)
        # Rich text rather than a table: it wraps, so it reads at 1024 px as well as at 1920.
        self.variants_view = QTextBrowser()
        layout.addWidget(self.variants_view, 1)
        self.addTab(holder, "Variants (other implementations)")
        self.addTab(self._who_sent_tab(), "Who sent this hash?")
        self.shown_variants: tuple[Variant, ...] = ()
        self._guess: tuple[str, str, str] | None = None
        self._mono = QFont("monospace")
        self._mono.setStyleHint(QFont.StyleHint.Monospace)
        self.show_row(None, None, "")

    def _who_sent_tab(self) -> QWidget:
        """ "Which implementation sent this?": the selected row's value is the raw guess."""
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 4, 0, 0)
        intro = QLabel(
            "Paste a hash captured in a request (Pixel ud[…], CAPI body, log) to see which "
            "implementation turns the selected row's input into exactly that hash."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.captured = QLineEdit()
        self.captured.setPlaceholderText("64 hex characters, or <hash>.<appendix>")
        self.captured.setClearButtonEnabled(True)
        self.captured.textChanged.connect(self._match_captured)
        layout.addWidget(self.captured)
        self.who_sent_label = QLabel()
        self.who_sent_label.setWordWrap(True)
        self.who_sent_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.who_sent_label)
        layout.addStretch(1)
        return tab

    def show_row(self, row: UserRow | None, result: FieldResult | None, country: str) -> None:
        self._guess = (row.key, row.raw, country) if row is not None and row.raw else None
        self._match_captured()
        if row is None:
            self.explain.setHtml("<p><i>Select a row to see how its value is normalized.</i></p>")
            self._fill_variants(())
            self.variants_note.setText("Select a row to compare implementations.")
            return
        label = KEY_LABELS.get(row.key, "not a Meta user_data key")
        if result is None:
            self.explain.setHtml(
                f"<p><b>{html.escape(row.key)}</b> — {html.escape(label)}</p>"
                "<p><i>Empty. Type a value in the Input column.</i></p>"
            )
            self._fill_variants(())
            self.variants_note.setText("Type a value to compare implementations.")
            return
        self.explain.setHtml(self._explain_html(row, result, label))
        found = variants_for(row.key, row.raw, country)
        self._fill_variants(found)
        differing = sum(v.differs_from_docs for v in found)
        self.variants_note.setText(
            f"What each implementation would send for this input. {differing} of {len(found)} "
            "differ from Meta's documented rules (highlighted): a browser/server hash mismatch."
            if differing
            else "Every implementation agrees with Meta's documented rules for this input."
        )

    @staticmethod
    def _explain_html(row: UserRow, result: FieldResult, label: str) -> str:
        out = output_for(result)
        parts = [
            f"<p><b>{html.escape(row.key)}</b> — {html.escape(label)} · "
            f"<i>{html.escape(status_text(result.status, long=True))}</i></p>",
            "<table cellspacing=0 cellpadding=2>",
            f"<tr><td width=90>Input</td><td><code>{html.escape(repr(row.raw))}</code></td></tr>",
            f"<tr><td>Normalized</td><td><code>{html.escape(result.normalized or '—')}</code></td></tr>",
            f"<tr><td>Sent</td><td><code>{html.escape(out or 'nothing (invalid)')}</code></td></tr>",
            "</table>",
        ]
        if result.steps:
            parts.append("<p><b>Steps applied</b></p><ol>")
            parts += [f"<li>{html.escape(step)}</li>" for step in result.steps]
            parts.append("</ol>")
        url = field_doc_url("user_data", row.key)
        if url:
            parts.append(
                f"<p><small>Meta's rule for {html.escape(row.key)}: "
                f"<a href='{html.escape(url)}'>{html.escape(url)}</a></small></p>"
            )
        if result.warnings:
            color = SEVERITY_COLORS["error" if result.status == "error" else "warning"]
            parts.append("<p><b>Warnings</b></p><ul>")
            parts += [
                f"<li><span style='color:{color}'>{html.escape(w.message)}</span>"
                f" <small>({html.escape(w.id)})</small></li>"
                for w in result.warnings
            ]
            parts.append("</ul>")
        return "".join(parts)

    def _match_captured(self) -> None:
        text = self.captured.text().strip()
        if not text:
            self.who_sent_label.setText("")
        elif self._guess is None:
            self.who_sent_label.setText("Select a row with a value: it is the raw guess.")
        else:
            from capi_desktop.domain.normalize import who_sent  # see variants_for

            key, raw, country = self._guess
            context = NormalizeContext(default_country=country or None)
            self.who_sent_label.setText(who_sent(text, raw, context, key=key).summary())

    def _fill_variants(self, found: tuple[Variant, ...]) -> None:
        self.shown_variants = found
        rows = []
        for variant in found:
            style = (
                f" style='background-color:{DIFF_BACKGROUND}'" if variant.differs_from_docs else ""
            )
            mark = " ≠ docs" if variant.differs_from_docs else ""
            value = (
                f"<code>{html.escape(variant.normalized)}</code>"
                if variant.normalized is not None
                else f"<i>{_NOTHING.get(variant.outcome, 'rejected')}</i>"
            )
            digest = f"<code>{variant.sha256[:12]}…</code>" if variant.sha256 else "—"
            source = (
                f"<br><small><i>{html.escape(variant.provenance)}</i></small>"
                if variant.provenance.endswith("not run")
                else ""
            )
            rows.append(
                f"<tr{style}><td><b>{html.escape(variant.label)}</b>"
                f"<b style='color:{SEVERITY_COLORS['error']}'>{mark}</b><br>"
                f"{value} · {digest}<br><small>{html.escape(variant.note)}</small>{source}</td></tr>"
            )
        self.variants_view.setHtml(
            "<table width='100%' cellspacing='0' cellpadding='4'>" + "".join(rows) + "</table>"
        )
