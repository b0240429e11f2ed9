"""docs/lint-rules.md, generated from the rule table, its examples and the field contract.

`python -m capi_desktop.domain.lint.rules_doc > docs/lint-rules.md`
"""

from __future__ import annotations

import json
from typing import Any

from capi_desktop.domain.lint.engine import lint
from capi_desktop.domain.lint.findings import RULES, Finding
from capi_desktop.domain.lint.rule_examples import (
    EXAMPLE_NOW,
    EXAMPLES,
    VALUE_EXAMPLES,
    example_request,
)
from capi_desktop.domain.lint.value_verdicts import judge_value, verdict_findings
from capi_desktop.domain.normalize import NormalizeContext
from capi_desktop.domain.request.event_model import CapiRequest
from capi_desktop.domain.request.field_contract import META_SEVERITY, META_WORDING, field_contract


def example_finding(rule: str) -> Finding | None:
    """The first finding of `rule` its documented example produces (None: the example is broken)."""
    if rule in VALUE_EXAMPLES:
        key, raw = VALUE_EXAMPLES[rule]
        found = verdict_findings(0, [(None, judge_value(key, raw, NormalizeContext()))])
    else:
        found = lint(CapiRequest(example_request(rule)), now=EXAMPLE_NOW)
    return next((f for f in found if f.rule == rule), None)


def _answer(predicted: Any) -> str:
    if not predicted:
        return ""
    text = f"code {predicted['code']}"
    return text + (f" / {predicted['subcode']}" if predicted.get("subcode") else "")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _example_text(rule: str) -> str:
    if rule in VALUE_EXAMPLES:
        key, raw = VALUE_EXAMPLES[rule]
        return f"typed `{key}` = `{raw}`"
    edits = EXAMPLES[rule]
    if not edits:
        return "the clean Purchase as is"
    parts = []
    for path, value in edits:
        shown = "(removed)" if value is not None and value.__class__ is object else _short(value)
        parts.append(f"`{path}` = {shown}")
    return "; ".join(parts)


def _short(value: Any) -> str:
    if isinstance(value, list) and "@event" in value:
        return f"`[{len(value)} events]`"
    text = json.dumps(value, ensure_ascii=False)
    return f"`{text if len(text) <= 50 else text[:47] + '…'}`"


def rules_markdown() -> str:
    lines = [
        "# Lint rules",
        "",
        "Generated from `capi_desktop/domain/lint/findings.py`, `rule_examples.py` and "
        "`resources/field_contract.json` "
        "(`python -m capi_desktop.domain.lint.rules_doc > docs/lint-rules.md`). Do not edit by hand.",
        "",
        "## Severity follows what Meta does",
        "",
        "| What Meta does | Severity | Wording in the finding |",
        "|---|---|---|",
    ]
    for meta, severity in META_SEVERITY.items():
        lines.append(f"| {meta} | {severity} | {META_WORDING[meta]}. |")
    lines += [
        "",
        "Only an **error** predicts a Graph error (code/subcode): it is what Meta refuses, and the "
        "local emulator refuses exactly the same requests (`backend/emulator/validate.py` answers "
        "with lint's first error). A warning is something Meta accepts but drops, ignores, cannot "
        "match or flags in Diagnostics; info is advice. Where Meta's answer is not documented the "
        "finding says so instead of guessing.",
        "",
        "## Rules, each with one example",
        "",
        "Each example is the clean Purchase of `rule_examples.py` changed as shown; the finding "
        "is what `capi-desktop lint` prints for it (a test checks every example still triggers).",
        "",
        "| Rule | Severity | What | Meta's answer | Example | Finding (path: message) |",
        "|---|---|---|---|---|---|",
    ]
    for rule, spec in RULES.items():
        found = example_finding(rule)
        shown = f"`{found.path or '(request)'}`: {found.message}" if found else "(no example)"
        lines.append(
            f"| `{rule}` | {spec.severity} | [{spec.title}]({spec.doc_url}) | "
            f"{_answer(spec.predicted_error)} | {_cell(_example_text(rule))} | {_cell(shown)} |"
        )
    lines += _contract_lines()
    return "\n".join(lines) + "\n"


def _contract_lines() -> list[str]:
    contract = field_contract()
    lines = [
        "",
        "## Field contract",
        "",
        f"{len(contract.rows)} fields from `resources/field_contract.json`. `field.*` findings "
        "come from these rows; a row *checked by* a named rule is validated by that rule "
        "(it needs more than the value's type and format). Invalid → what Meta does with a value "
        "that breaks the row.",
        "",
        "| Path | Type | Format / values | Required when | Hashed | Invalid → | Checked by | Source |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in contract.rows:
        fmt = row.fmt or ""
        if row.enum:
            fmt = (fmt + " " if fmt else "") + ", ".join(str(v) for v in row.enum)
        if row.items:
            fmt = (fmt + " " if fmt else "") + f"items: {row.items}"
        required = "; ".join(
            f"{r.condition_text} ({r.meta}{', ' + _answer(r.code) if r.code else ''})"
            for r in row.required
        )
        invalid = row.invalid_meta + (f", {_answer(row.code)}" if row.code else "")
        lines.append(
            f"| [`{row.path}`]({row.doc}) | {' or '.join(row.types)} | {_cell(fmt)} | "
            f"{_cell(required)} | {row.hashed or ''} | {invalid} | {row.checked_by or 'contract'} | "
            f"{_cell(row.source)} |"
        )
    lines += ["", "Left out of the contract:", ""]
    lines += [f"- {item['fields']}: {item['why']}." for item in contract.left_out]
    return lines


if __name__ == "__main__":
    print(rules_markdown(), end="")
