"""A cheaper answer to PySide6's "does this module use PySide6?" check, run after every import."""

from __future__ import annotations

import sys
from types import ModuleType

# WORKAROUND(https://github.com/napari/napari/issues/8584): once PySide6.QtCore is imported,
# PySide6 (6.4 to at least 6.11, PYSIDE-2029) replaces `__import__` and classifies every module
# imported from then on with `shibokensupport.feature._mod_uses_pyside`, which calls
# `inspect.getsource(module)`. `getsource` goes through `inspect.getmodule`, which walks all of
# sys.modules, so each of the ~300 modules the app imports before its first panel paints pays
# a walk over all the others (~20 ms of start-up). The replacement answers the same question
# (does the module's source file mention "PySide6"?) by reading the file. Remove when PySide6
# stops scanning modules on import. tests/ui/test_pyside_import_scan.py checks both agree.
_FEATURE_MODULE = "shibokensupport.feature"
_ORIGINAL = "_capi_original_mod_uses_pyside"


def source_mentions_pyside(module: ModuleType) -> bool:
    """PySide6's rule, without inspect: a module with a .py source file that says "PySide6"."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False  # built-in, extension or source-less: getsource has no text either
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def install() -> bool:
    """Swap in the cheaper check (once PySide6.QtCore is imported); False when PySide6 has
    no such check (another version): then nothing is changed."""
    feature = sys.modules.get(_FEATURE_MODULE)
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original):
        return False
    if original is not source_mentions_pyside:  # once: keep PySide6's own for tests
        setattr(feature, _ORIGINAL, original)
        feature._mod_uses_pyside = source_mentions_pyside  # type: ignore[attr-defined]
    return True
