"""The event kinds and their lint rules as Markdown (`python -m capi_desktop.domain.lint.kind_rules_doc > docs/event-kinds.md`)."""

from __future__ import annotations

from capi_desktop.domain.event_kinds import KINDS
from capi_desktop.domain.lint.kind_rules import KIND_RULES

_PARTNER = {"browser_pixel": "browser Pixel", "app_sdk": "Facebook app SDK events", "none": "—"}


def kinds_markdown() -> str:
    lines = [
        "# Event kinds",
        "",
        "Generated from `capi_desktop/domain/event_kinds/` and "
        "`capi_desktop/domain/lint/kind_rules.py` "
        "(`python -m capi_desktop.domain.lint.kind_rules_doc > docs/event-kinds.md`).",
        "",
        "| Kind | action_source | Requires | Match keys | Pairs with | Window | Source |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind in KINDS.values():
        lines.append(
            f"| {kind.label} (`{kind.key}`) | `{kind.action_source}` | "
            + ", ".join(f"`{f}`" for f in kind.required)
            + " | "
            + ", ".join(f"`{k}`" for k in kind.match_keys)
            + f" | {_PARTNER[kind.dedup_partner]} | {kind.window_text} | [Meta]({kind.doc_url}) |"
        )
    lines += [
        "",
        "## Per-kind lint rules",
        "",
        "Meta documents no error subcode for these; where Meta says it rejects the event the "
        "predicted answer is code 100 (Invalid parameter), and the emulator "
        "(which answers with lint's first error) rejects the same cases.",
        "",
        "| Rule | Severity | What | Meta's answer |",
        "|---|---|---|---|",
    ]
    for rule, spec in KIND_RULES.items():
        code = spec.predicted_error.get("code") if spec.predicted_error else None
        answer = f"code {code}" if code is not None else ""
        lines.append(f"| `{rule}` | {spec.severity} | [{spec.title}]({spec.doc_url}) | {answer} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(kinds_markdown(), end="")
