""" "Which implementation sent this?": a captured hashed value + a raw guess → who produces that hash."""

from __future__ import annotations

from dataclasses import dataclass

from capi_desktop.domain.normalize.hashed import hash_part, parse_param_builder_value
from capi_desktop.domain.normalize.keys import HASHED_KEYS, canonical_key
from capi_desktop.domain.normalize.model import NormalizeContext, Variant
from capi_desktop.domain.normalize.variants import which_variant

_DEFAULT_CONTEXT = NormalizeContext()


@dataclass(frozen=True)
class WhoSent:
    """The answer: matching implementations (docs first) and one sentence that says it."""

    captured: str
    raw: str
    key: str | None
    matches: tuple[Variant, ...]
    problem: str | None
    appendix: str | None  # what a parameter-builder appendix on the captured value says

    @property
    def verified(self) -> tuple[Variant, ...]:
        """Matches whose model was checked against the real package (or Meta's docs)."""
        return tuple(m for m in self.matches if not m.provenance.endswith("not run"))

    def summary(self) -> str:
        """One sentence for the UI and the CLI."""
        if self.problem is not None:
            return self.problem
        tail = f" The value's appendix says: {self.appendix}." if self.appendix else ""
        if not self.matches:
            return (
                "No implementation we know turns this value into that hash: the captured hash "
                "was made from a different value (or spelling), or by a tool we do not model."
                + tail
            )
        return "Matches: " + "; ".join(self._name(m) for m in self.matches) + "." + tail

    def _name(self, match: Variant) -> str:
        name = match.label
        if self.key is None and match.note.startswith("as "):
            name += f" (as {match.note[3:].partition(':')[0]})"
        if match.provenance.endswith("not run"):
            name += " — modelled, not run"
        return name


def who_sent(
    captured: str,
    raw: str,
    context: NormalizeContext = _DEFAULT_CONTEXT,
    *,
    key: str | None = None,
) -> WhoSent:
    """Which implementations' output for `raw` (as `key`, or any hashed key) equals `captured`."""
    captured = captured.strip() if isinstance(captured, str) else ""
    canonical = canonical_key(key) if key else None
    if key and canonical is None:
        return WhoSent(captured, raw, key, (), f"{key!r} is not a user_data key.", None)
    if canonical is not None and canonical not in HASHED_KEYS:
        problem = f"{canonical} is sent in clear text, never hashed: compare the values directly."
        return WhoSent(captured, raw, canonical, (), problem, None)
    if not captured:
        return WhoSent(captured, raw, canonical, (), "Paste the hashed value you captured.", None)
    if hash_part(captured) is None:
        problem = (
            "That is not a SHA-256 hash (64 hex characters, optionally with a "
            "parameter-builder '.<appendix>'): nothing to match."
        )
        return WhoSent(captured, raw, canonical, (), problem, None)
    if not isinstance(raw, str) or not raw.strip():
        return WhoSent(
            captured, raw, canonical, (), "Type the raw value you think was hashed.", None
        )
    built = parse_param_builder_value(captured)
    appendix = built.appendix.describe() if built is not None else None
    matches = tuple(which_variant(captured, raw, context, key=canonical))
    return WhoSent(captured, raw, canonical, matches, None, appendix)
