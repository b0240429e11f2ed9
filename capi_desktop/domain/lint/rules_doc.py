"""The lint rule table as Markdown (`python -m capi_desktop.domain.lint.rules_doc > docs/lint-rules.md`)."""

from __future__ import annotations

from capi_desktop.domain.lint.findings import RULES


def rules_markdown() -> str:
    lines = [
        "# Lint rules",
        "",
        "Generated from `capi_desktop/domain/lint/findings.py` "
        "(`python -m capi_desktop.domain.lint.rules_doc > docs/lint-rules.md`).",
        "",
        "Severity: **error** = Meta rejects it or it silently ruins matching; **warning** = a "
        "documented requirement Meta may still accept; **info** = advice. A warning or info "
        "rule may report a single case as a different severity (for example a numeric "
        "`event_time` string is only a warning).",
        "",
        "| Rule | Severity | What | Meta's answer |",
        "|---|---|---|---|",
    ]
    for rule, spec in RULES.items():
        predicted = spec.predicted_error or {}
        answer = ""
        if "code" in predicted:
            answer = f"code {predicted['code']}"
            if "subcode" in predicted:
                answer += f" / {predicted['subcode']}"
        lines.append(f"| `{rule}` | {spec.severity} | [{spec.title}]({spec.doc_url}) | {answer} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(rules_markdown(), end="")
