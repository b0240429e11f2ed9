"""Lenient reader for JavaScript literals pasted from pages and DevTools (fbq calls, fetch options)."""

from __future__ import annotations

import re
from collections.abc import Callable

_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_IDENT = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
_CONSTANTS: dict[str, object] = {
    "true": True,
    "false": False,
    "null": None,
    "undefined": None,
}
_MAX_DEPTH = 200  # no Pixel call nests deeper; Python's own stack ends near 1,000
_GTM_VARIABLE = re.compile(r"\{\{[^{}\n]{1,200}\}\}")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


class JsSyntaxError(ValueError):
    """A literal could not be read; `pos` is the character offset in the source."""

    def __init__(self, message: str, pos: int) -> None:
        super().__init__(message)
        self.pos = pos


class JsReader:
    """Reads JSON-like JavaScript values: unquoted keys, single quotes, trailing commas, comments."""

    def __init__(self, text: str, pos: int = 0) -> None:
        self.text = text
        self.pos = pos
        self.depth = 0

    def skip(self) -> None:
        text = self.text
        while self.pos < len(text):
            ch = text[self.pos]
            if ch.isspace():
                self.pos += 1
            elif text.startswith("//", self.pos):
                end = text.find("\n", self.pos)
                self.pos = len(text) if end < 0 else end + 1
            elif text.startswith("/*", self.pos):
                end = text.find("*/", self.pos + 2)
                self.pos = len(text) if end < 0 else end + 2
            else:
                return

    def peek(self) -> str:
        self.skip()
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def expect(self, ch: str) -> None:
        if self.peek() != ch:
            found = self.peek() or "end of text"
            raise JsSyntaxError(f"expected '{ch}' but found '{found}'", self.pos)
        self.pos += 1

    def value(self) -> object:
        ch = self.peek()
        if ch == "{":
            gtm = _GTM_VARIABLE.match(self.text, self.pos)
            if gtm:  # a GTM variable left in a Custom HTML tag: keep it as text to flag it
                self.pos = gtm.end()
                return gtm.group()
            return self._nested(self._object)
        if ch == "[":
            return self._nested(self._array)
        if ch and ch in "'\"`":  # "" (end of text) is in every string
            return self.string()
        match = _NUMBER.match(self.text, self.pos)
        if match:
            self.pos = match.end()
            literal = match.group()
            is_int = not any(c in literal for c in ".eE")
            return int(literal) if is_int else float(literal)
        match = _IDENT.match(self.text, self.pos)
        if match and match.group() in _CONSTANTS:
            self.pos = match.end()
            return _CONSTANTS[match.group()]
        if match:
            raise JsSyntaxError(
                f"'{match.group()}' is a variable, not a value: paste the values the page"
                " actually sent (e.g. from the Pixel request URL)",
                self.pos,
            )
        raise JsSyntaxError(f"unexpected '{ch or 'end of text'}'", self.pos)

    def _nested(self, read: Callable[[], object]) -> object:
        if self.depth >= _MAX_DEPTH:
            raise JsSyntaxError(f"the value is nested more than {_MAX_DEPTH} levels deep", self.pos)
        self.depth += 1
        try:
            return read()
        finally:
            self.depth -= 1

    def string(self) -> str:
        quote = self.text[self.pos]
        start = self.pos
        self.pos += 1
        out: list[str] = []
        text = self.text
        while self.pos < len(text):
            ch = text[self.pos]
            if ch == quote:
                self.pos += 1
                return "".join(out)
            if ch == "\\":
                self.pos += 1
                out.append(self._escape())
                continue
            if quote == "`" and text.startswith("${", self.pos):
                raise JsSyntaxError("template literal with ${...} cannot be evaluated", self.pos)
            out.append(ch)
            self.pos += 1
        raise JsSyntaxError("unterminated string", start)

    def _escape(self) -> str:
        text = self.text
        if self.pos >= len(text):
            raise JsSyntaxError("unterminated escape", self.pos)
        ch = text[self.pos]
        self.pos += 1
        if ch in "ux":
            width = 4 if ch == "u" else 2
            digits = text[self.pos : self.pos + width]
            try:
                code = int(digits, 16)
            except ValueError:
                raise JsSyntaxError(f"bad \\{ch} escape", self.pos) from None
            self.pos += width
            return chr(code)
        if ch == "\n":  # line continuation inside a string
            return ""
        return _ESCAPES.get(ch, ch)

    def _key(self) -> str:
        ch = self.peek()
        if ch and ch in "'\"`":  # "" (end of text) is in every string
            return self.string()
        match = _IDENT.match(self.text, self.pos) or _NUMBER.match(self.text, self.pos)
        if not match:
            raise JsSyntaxError(f"expected a property name but found '{ch or 'end'}'", self.pos)
        self.pos = match.end()
        return match.group()

    def _object(self) -> dict[str, object]:
        self.expect("{")
        result: dict[str, object] = {}
        while self.peek() != "}":
            key = self._key()
            self.expect(":")
            result[key] = self.value()
            if self.peek() == ",":
                self.pos += 1
            elif self.peek() != "}":
                raise JsSyntaxError(f"expected ',' or '}}' after '{key}'", self.pos)
        self.pos += 1
        return result

    def _array(self) -> list[object]:
        self.expect("[")
        result: list[object] = []
        while self.peek() != "]":
            result.append(self.value())
            if self.peek() == ",":
                self.pos += 1
            elif self.peek() != "]":
                raise JsSyntaxError("expected ',' or ']' in a list", self.pos)
        self.pos += 1
        return result

    def arguments(self) -> list[object]:
        """Read `(a, b, ...)` starting at an opening parenthesis."""
        self.expect("(")
        args: list[object] = []
        while self.peek() != ")":
            args.append(self.value())
            if self.peek() == ",":
                self.pos += 1
            elif self.peek() != ")":
                raise JsSyntaxError("expected ',' or ')' between arguments", self.pos)
        self.pos += 1
        return args


def parse_js_value(text: str) -> object:
    """Parse one literal value; trailing text other than ';' is an error."""
    reader = JsReader(text)
    value = reader.value()
    reader.skip()
    rest = text[reader.pos :].strip().rstrip(";").strip()
    if rest:
        raise JsSyntaxError(f"unexpected text after the value: '{rest[:20]}'", reader.pos)
    return value
