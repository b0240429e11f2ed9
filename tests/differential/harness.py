"""Differential check: our models of other implementations vs the real packages, on generated values.

Usage: python tests/differential/harness.py [--per-key 1000] [--install] [--write-docs docs/variants.md]
Runs facebook-business (throwaway venv) and the npm packages (node) from scripts/reference_impls.py,
prints key × implementation agreement with the first disagreements, and exits 1 when a cell is
below --min (default 99.5 %). Without node or the installs it prints why and exits 0 (1 under CI).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts"), str(HERE)]

import reference_impls  # noqa: E402
from generate import KEYS, generate  # noqa: E402

from capi_desktop.domain.normalize.impl_param_builder import PB_TYPES  # noqa: E402
from capi_desktop.domain.normalize.other_impls import OTHER_IMPLEMENTATIONS  # noqa: E402

NODE_IMPLS = {
    "node_sdk": "node_sdk",
    "param_builder_node": "param_builder_node",
    "param_builder_js": "param_builder_client",
}
Cell = tuple[int, int, list[tuple[str, str, str]]]


def _keys_for(impl: str) -> tuple[str, ...]:
    return tuple(k for k in KEYS if k in PB_TYPES) if impl.startswith("param_builder") else KEYS


def _run(command: list[str], cases: list[dict[str, str]], env: dict[str, str]) -> list[str]:
    done = subprocess.run(
        command, input=json.dumps(cases), capture_output=True, text=True, env=env, timeout=600,
        check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"{command[0]} failed: {done.stderr.strip()[-800:]}")
    answers: list[str] = json.loads(done.stdout)
    return answers


def real_outcomes(impl: str, cases: list[dict[str, str]], base: Path) -> list[str]:
    """Outcome strings from the real package for `cases`."""
    env = dict(os.environ)
    if impl == "python_sdk":
        exe = reference_impls.python_exe(base)
        return _run([str(exe), str(HERE / "run_python.py")], cases, env)
    env["NODE_PATH"] = str(reference_impls.node_dir(base) / "node_modules")
    return _run(["node", str(HERE / "run_node.js"), NODE_IMPLS[impl]], cases, env)


def _same(real: str, ours: str) -> bool:
    # Exceptions differ by class name across languages; that it raises is the finding.
    return real == ours or (real.startswith("error") and ours == "error")


def compare(per_key: int, seed: int, base: Path) -> dict[str, dict[str, Cell]]:
    """impl → key → (agree, total, first three disagreements (input, real, ours))."""
    table: dict[str, dict[str, Cell]] = {}
    for impl in ("python_sdk", *NODE_IMPLS):
        keys = _keys_for(impl)
        cases = [{"key": k, "value": v} for k in keys for _, v in generate(k, per_key, seed)]
        real = real_outcomes(impl, cases, base)
        model = OTHER_IMPLEMENTATIONS[impl].model
        cells: dict[str, Cell] = {k: (0, 0, []) for k in keys}
        for case, answer in zip(cases, real, strict=True):
            ours = model(case["key"], case["value"]).as_text()
            agree, total, misses = cells[case["key"]]
            if _same(answer, ours):
                agree += 1
            elif len(misses) < 3:
                misses.append((case["value"], answer, ours))
            cells[case["key"]] = (agree, total + 1, misses)
        table[impl] = cells
    return table


def _short(text: str, limit: int = 60) -> str:
    shown = json.dumps(text, ensure_ascii=True)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def render(table: dict[str, dict[str, Cell]]) -> list[str]:
    """Markdown lines: one row per key × implementation."""
    lines = ["| key | implementation | agree/total | % | first disagreements (input → real / ours) |",
             "|---|---|---|---|---|"]  # fmt: skip
    for impl, cells in table.items():
        for key, (agree, total, misses) in cells.items():
            shown = "; ".join(
                f"{_short(i)} → {_short(r, 40)} / {_short(o, 40)}" for i, r, o in misses
            )
            pct = 100.0 * agree / total if total else 100.0
            lines.append(f"| {key} | {impl} | {agree}/{total} | {pct:.1f} | {shown or '—'} |")
    return lines


# Inputs whose real outputs a consultant should know, shown in docs/variants.md from the real run.
SHOWCASE = (
    ("fn", "   "), ("em", "   "), ("fn", "\ufeffMary"), ("ph", "06.12.34.56.78"),
    ("ph", "1-800-FLOWERS"), ("ph", "\u0660\u0666\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668"),
    ("ge", "she"), ("zp", "9"), ("zp", "M1 1AE"), ("st", "Kansas City"), ("country", "UK"),
    ("country", "Jerusalem"), ("country", "Atlantis"), ("db", "20230231"), ("db", "16.02.1997"),
    ("ct", "Zürich"), ("external_id", " User-123 "),
)  # fmt: skip


def _quote(text: str) -> str:
    visible = text.isprintable() and "\ufeff" not in text and "\u200b" not in text
    return json.dumps(text, ensure_ascii=not visible)


def _shown(outcome: str, key: str, raw: str, impl: str) -> str:
    if outcome.startswith("error:"):
        return "raises " + outcome[6:]
    if not outcome.startswith("value:"):
        return {"null": "sends [null]", "omitted": "not sent"}.get(outcome, outcome)
    sent = outcome[6:]
    ours = OTHER_IMPLEMENTATIONS[impl].model(key, raw)
    if ours.normalized is not None and ours.as_text() == outcome:
        return f"hash of {_quote(ours.normalized)}" + (" + appendix" if "." in sent else "")
    return f"{_quote(sent)} as is (unhashed)"


def showcase(base: Path) -> list[str]:
    """Markdown table: real outputs of every runnable implementation for SHOWCASE inputs."""
    impls = ("python_sdk", *NODE_IMPLS)
    answers = {
        impl: real_outcomes(impl, [{"key": k, "value": v} for k, v in SHOWCASE], base)
        for impl in impls
    }
    lines = ["| key | input | " + " | ".join(impls) + " |", "|---|---|" + "---|" * len(impls)]
    for index, (key, raw) in enumerate(SHOWCASE):
        cells = [
            "—" if (key not in PB_TYPES and impl.startswith("param")) else
            _shown(answers[impl][index], key, raw, impl)
            for impl in impls
        ]  # fmt: skip
        lines.append(f"| {key} | {_short(raw)} | " + " | ".join(cells) + " |")
    return lines


EXTERNAL_ID = (
    "## external_id",
    "",
    "Meta's docs recommend hashing external_id and ask for the same format on every channel; "
    "they give no normalization rule. The tools disagree, which breaks matching and the "
    "fbp/external_id deduplication fallback when the browser and the server use different ones:",
    "",
    "- facebook-business (Python) and facebook-nodejs-business-sdk send it **unhashed, exactly "
    "as given** (not even trimmed).",
    "- Meta's parameter builders (Node and client JS) **remove all whitespace, lowercase and "
    "hash** it, with an appendix.",
    "- The PHP SDK (modelled) sends it as given; Stape's sGTM tag (modelled) trims, lowercases "
    "and hashes it; Meta's sGTM tag (modelled) copies x-fb-ud-external_id unhashed.",
    "- This app hashes it as typed (trimmed) and warns `external_id.consistency` always and "
    "`external_id.tools_differ` when capitals or spaces make the tools' outputs differ.",
)


def _rules_section() -> list[str]:
    lines: list[str] = []
    for impl in OTHER_IMPLEMENTATIONS.values():
        lines += ["", f"### {impl.label} (`{impl.id}`)", "", f"*{impl.provenance}*", ""]
        lines += [f"- {rule} — `{source}`" for rule, source in impl.rules]
    return lines


def write_docs(
    path: Path, table: dict[str, dict[str, Cell]], per_key: int, seed: int, base: Path
) -> None:
    pins = reference_impls.versions()
    newest = reference_impls.newest_published()

    def _latest(name: str, pinned: str) -> str:
        latest = newest.get(name)
        if latest is None:
            return "registry not reachable to check for a newer release"
        return "the newest published" if latest == pinned else f"NEWER RELEASE {latest} published"

    versions = [f"- PyPI `{n}=={v}` ({_latest(n, v)})" for n, v in pins["pypi"].items()]
    versions += [f"- npm `{n}@{v}` ({_latest(n, v)})" for n, v in pins["npm"].items()]
    node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False)
    today = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = [
        "# Variants: other implementations, verified", "",
        "Produced by `make differential` (tests/differential/harness.py) on "
        f"{today}, {per_key} generated values per key per implementation, seed {seed}, "
        f"node {node.stdout.strip()}, Python {sys.version.split()[0]}. Do not edit by hand.", "",
        "Versions run:", "", *versions, "",
        "The Node SDK model follows the npm release (dist/cjs.js), not its GitHub main, which is "
        "ahead. The PHP SDK and both sGTM tags cannot be run here: they are models of their "
        "published source, labelled *modelled from <repo>@<commit>, not run* in the app and CLI.",
        "", "## Agreement (real package vs this app's model)", "", *render(table), "",
        "## Outputs worth knowing (real packages, this run)", "", *showcase(base), "",
        *EXTERNAL_ID, "", "## Rules each model applies", *_rules_section(), "",
    ]  # fmt: skip
    path.write_text("\n".join(text), encoding="utf-8")


def _unavailable(why: str) -> int:
    print(f"differential: SKIPPED — {why}", file=sys.stderr)
    print("differential: install node + npm and network access to PyPI/npm, then run "
          "`make differential` (CI has them).", file=sys.stderr)  # fmt: skip
    return 1 if os.environ.get("CI") else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--per-key", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--min", type=float, default=99.5, help="minimum agreement %% per cell")
    parser.add_argument("--install", action="store_true", help="install the pinned packages first")
    parser.add_argument("--write-docs", type=Path, help="write the table to this markdown file")
    args = parser.parse_args(argv)
    if shutil.which("node") is None:
        return _unavailable("node is not on PATH")
    if args.install and reference_impls.main([]) != 0:
        return _unavailable("could not install the reference implementations")
    base = reference_impls.reference_dir()
    if not reference_impls.python_exe(base).exists() or not reference_impls.node_dir(base).exists():
        return _unavailable(f"reference implementations not installed in {base}")
    started = time.monotonic()
    table = compare(args.per_key, args.seed, base)
    print("\n".join(render(table)))
    if args.write_docs:
        write_docs(args.write_docs, table, args.per_key, args.seed, base)
        print(f"differential: wrote {args.write_docs}")
    low = [(impl, key) for impl, cells in table.items() for key, (a, t, _) in cells.items()
           if t and 100.0 * a / t < args.min]  # fmt: skip
    print(f"differential: {sum(len(c) for c in table.values())} cells, {len(low)} below "
          f"{args.min} %, {time.monotonic() - started:.0f} s")  # fmt: skip
    return 1 if low else 0


if __name__ == "__main__":
    raise SystemExit(main())
