"""The one rich-text view of a Graph error: title (#code/sub), Meta's words, meaning, fixes, docs, fields."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from html import escape

from capi_desktop.ui.theme import SEVERITY_COLORS
from capi_desktop.ui.widgets.code_label import title_with_code

MUTED = "#8a8f98"  # readable on both the light and the dark palette


@dataclass(frozen=True)
class ErrorParts:
    """What a place knows about one error; empty parts are left out of the view."""

    title: str
    code: int | None = None  # with a code the title ends in "(#100/2804003)"
    subcode: int | None = None
    said: str = ""  # Meta's (or our transport's) own words, already redacted
    said_by: str = "Meta says"
    meaning: str = ""
    causes: tuple[str, ...] = ()
    fixes: tuple[str, ...] = ()
    retry: str = ""
    fields: tuple[str, ...] = ()
    doc_url: str = ""
    source: str = ""
    trace: str = ""  # fbtrace_id
    subtitle_html: str = ""  # rich text under the title (code words, badges)
    extra_html: str = ""  # rich text a place adds after the meaning (Verify's setup step)


@dataclass(frozen=True)
class Look:
    """Which parts a place shows, in which order, with which headings (`sections`: part name →
    template); `said_trace` / `said_doc` put the trace id and doc link inside Meta's words."""

    sections: Mapping[str, str]
    said_trace: str = ""
    said_doc: str = ""


# Send result box: short, Meta's words first.
COMPACT = Look(
    {
        "title": "<b>{title}</b>",
        "said": "<p>{by}: {said}</p>",
        "meaning": "<p>{meaning}</p>",
        "fixes": "<b>Fix:</b><ol>{items}</ol>",
        "doc": '<a href="{url}">Meta documentation</a>',
    }
)
# Verify report: what failed, what it means, what to do, then what Meta said.
REPORT = Look(
    {
        "title": '<p style="color:{error}; font-size:large;"><b>✖ {title}</b></p>',
        "meaning": "<p>{meaning}</p>",
        "extra": "{html}",
        "fixes": "<p><b>How to fix it</b></p><ol>{items}</ol>",
        "said": '<p style="color:gray;">{by}: {said}{trace}{doc}</p>',
    },
    said_trace="<br>fbtrace_id: <code>{trace}</code>",
    said_doc=' · <a href="{url}">Meta docs</a>',
)
# Error lookup: the whole catalogue entry.
CATALOGUE = Look(
    {
        "title": "<h2 style='margin-bottom:2px'>{title}</h2>",
        "subtitle": "{html}",
        "meaning": "<h4>Meaning</h4><p>{meaning}</p>",
        "causes": "<h4>Likely causes</h4><ul>{items}</ul>",
        "fixes": "<h4>How to fix</h4><ol>{items}</ol>",
        "retry": "<p><b>Retry:</b> {retry}</p>",
        "fields": "<p><b>Related fields:</b> {fields}</p>",
        "doc": f"<p style='color:{MUTED}'>Source: {{source}}<br>Docs: <a href='{{url}}'>{{text}}</a></p>",
    }
)


def fields_html(fields: tuple[str, ...]) -> str:
    """Field names as code, comma-separated."""
    return ", ".join(f"<code>{escape(name)}</code>" for name in fields)


def _items(lines: tuple[str, ...]) -> str:
    return "".join(f"<li>{escape(line)}</li>" for line in lines)


def graph_error_html(parts: ErrorParts, look: Look) -> str:
    """The error as rich text for a QLabel or QTextBrowser, escaped here and only here."""
    url = escape(parts.doc_url, quote=True)
    trace = look.said_trace.format(trace=escape(parts.trace)) if parts.trace else ""
    said_doc = look.said_doc.format(url=url) if parts.doc_url else ""
    values: dict[str, tuple[bool, dict[str, str]]] = {
        "title": (True, {"title": title_with_code(parts.title, parts.code, parts.subcode)}),
        "subtitle": (bool(parts.subtitle_html), {"html": parts.subtitle_html}),
        "said": (
            bool(parts.said),
            {
                "by": escape(parts.said_by),
                "said": escape(parts.said),
                "trace": trace,
                "doc": said_doc,
            },
        ),
        "meaning": (bool(parts.meaning), {"meaning": escape(parts.meaning)}),
        "extra": (bool(parts.extra_html), {"html": parts.extra_html}),
        "causes": (bool(parts.causes), {"items": _items(parts.causes)}),
        "fixes": (bool(parts.fixes), {"items": _items(parts.fixes)}),
        "retry": (bool(parts.retry), {"retry": escape(parts.retry)}),
        "fields": (bool(parts.fields), {"fields": fields_html(parts.fields)}),
        "doc": (
            bool(parts.doc_url),
            {"url": url, "text": escape(parts.doc_url), "source": escape(parts.source)},
        ),
    }
    out: list[str] = []
    for name, template in look.sections.items():
        shown, fill = values[name]
        if shown:
            out.append(template.format(error=SEVERITY_COLORS["error"], **fill))
    return "".join(out)
