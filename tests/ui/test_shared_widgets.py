"""ui/widgets: the one notice, badge, Graph error view and code label, as every panel uses them."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QListWidget, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from capi_desktop.ui.theme import SEVERITY_COLORS
from capi_desktop.ui.widgets.badge import Badge, badge_html, status_color
from capi_desktop.ui.widgets.code_label import code_words, title_with_code
from capi_desktop.ui.widgets.graph_error_view import (
    CATALOGUE,
    COMPACT,
    REPORT,
    ErrorParts,
    graph_error_html,
)
from capi_desktop.ui.widgets.notice import Notice


def test_a_framed_notice_rests_hidden_and_shows_a_message_with_an_action(qtbot: QtBot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    notice = Notice(parent=host, framed=True)
    assert notice.isHidden() and notice.text() == ""
    notice.show_message("error", "<b>Could not save</b>", "Retry")
    assert not notice.isHidden() and notice.kind == "error"
    assert notice.text() == "<b>Could not save</b>" and not notice.action.isHidden()
    assert SEVERITY_COLORS["error"] in notice.styleSheet()
    notice.show_message("ok", "Saved")
    assert notice.action.isHidden() and SEVERITY_COLORS["ok"] in notice.styleSheet()
    notice.clear()
    assert notice.isHidden() and notice.text() == "" and notice.title.isHidden()


def test_a_soft_notice_shows_at_once_and_takes_label_calls(qtbot: QtBot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    notice = Notice("Nothing sent yet.", host, kind="warning")
    assert not notice.isHidden() and notice.text() == "Nothing sent yet."
    assert SEVERITY_COLORS["warning"] in notice.styleSheet()
    notice.setText("Other words")
    notice.setWordWrap(False)
    assert notice.label.text() == "Other words" and not notice.label.wordWrap()
    notice.show_message("info", "detail", title="Heading")
    assert notice.title.text() == "Heading" and not notice.title.isHidden()


def test_a_notice_keeps_its_height_and_its_button_at_the_top(qtbot: QtBot) -> None:
    """Above a list that takes the spare height (Send & Compare's banner over its tabs) the
    notice stays as tall as its text, with or without its button, and the button sits at the
    top of a two-line message."""
    host = QWidget()
    qtbot.addWidget(host)
    layout = QVBoxLayout(host)
    notice, below = Notice(framed=True), QListWidget()
    layout.addWidget(notice)
    layout.addWidget(below)
    host.resize(900, 600)
    host.show()
    notice.show_message("error", "One line.")
    qtbot.waitExposed(host)
    QApplication.processEvents()
    assert notice.height() == notice.sizeHint().height()
    notice.show_message("error", "First line.<br>Second line.", "Retry")
    QApplication.processEvents()
    assert notice.height() == notice.sizeHint().height()  # not a share of the spare height
    assert below.height() > 400
    assert notice.action.y() <= notice.label.y() + 2  # at the top, not centred


def test_badges_colour_by_status(qtbot: QtBot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    badge = Badge(host, large=True)
    assert badge.isHidden()
    badge.set_state("double_counted", "Double counted")
    assert not badge.isHidden() and badge.property("status") == "double_counted"
    assert SEVERITY_COLORS["error"] in badge.styleSheet() and "18px" in badge.styleSheet()
    assert status_color("some_risk") == "#d08b1c" and status_color("odd") == "#8a8d93"
    html = badge_html("<x> & y", "warning")
    assert "&lt;x&gt; &amp; y" in html and SEVERITY_COLORS["warning"] in html


def test_code_label_words() -> None:
    assert title_with_code("Too old <b>", 100, 2804003) == "Too old &lt;b&gt; (#100/2804003)"
    assert title_with_code("Network", None, None) == "Network"
    assert code_words(190, 463) == "code 190 / subcode 463"
    assert code_words(None, None) == "code missing"
    assert code_words(100, 33, between=" · ") == "code 100 · subcode 33"


PARTS = ErrorParts(
    title="Event timestamp too old",
    code=100,
    subcode=2804003,
    said="The timestamp <script> is too old",
    meaning="More than 7 days ago.",
    fixes=("Check event_time", "Resend"),
    doc_url="https://developers.facebook.com/docs/x?a=1&b='2'",
    trace="ABC",
    fields=("data[].event_time",),
)


def test_every_look_titles_with_the_code_and_escapes_metas_words() -> None:
    for look in (COMPACT, REPORT, CATALOGUE):
        html = graph_error_html(PARTS, look)
        assert "Event timestamp too old (#100/2804003)" in html
        assert "<script>" not in html
        assert "a=1&amp;b=&#x27;2&#x27;" in html  # the doc link cannot break out of its quotes
    compact = graph_error_html(PARTS, COMPACT)
    assert compact.index("Meta says: The timestamp &lt;script&gt;") < compact.index("More than")
    assert "<li>Check event_time</li><li>Resend</li>" in compact and "Meta documentation" in compact
    report = graph_error_html(PARTS, REPORT)
    assert "fbtrace_id: <code>ABC</code>" in report and "Meta docs</a></p>" in report
    assert report.index("How to fix it") < report.index("Meta says")
    catalogue = graph_error_html(PARTS, CATALOGUE)
    assert "<b>Related fields:</b> <code>data[].event_time</code>" in catalogue


def test_empty_parts_are_left_out() -> None:
    bare = ErrorParts(title="Could not reach the Graph API")
    assert graph_error_html(bare, COMPACT) == "<b>Could not reach the Graph API</b>"
    report = graph_error_html(bare, REPORT)
    assert "How to fix" not in report and "Meta said" not in report and "fbtrace" not in report
