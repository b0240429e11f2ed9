"""The cheaper PySide6 import scan (ui/pyside_import_scan) gives PySide6's own answers."""

from __future__ import annotations

import importlib
import inspect
import sys
from types import ModuleType

import PySide6.QtCore  # noqa: F401  # installs the scan being replaced
import pytest

from capi_desktop.ui import pyside_import_scan
from capi_desktop.ui.pyside_import_scan import source_mentions_pyside


def _pyside_rule(module: ModuleType) -> bool:
    """PySide6's `_mod_uses_pyside` as it reads (6.4-6.11): getsource, then a substring test."""
    try:
        source = inspect.getsource(module)
    except (TypeError, OSError, SyntaxError):
        return False
    return "PySide6" in source


def test_the_same_answer_as_pyside_for_every_kind_of_module() -> None:
    names = [
        "capi_desktop.ui.theme",  # says PySide6
        "capi_desktop.ui.widgets.notice",
        "capi_desktop.domain.values",  # pure Python, never mentions it
        "capi_desktop.app",
        "json",  # stdlib package
        "json.decoder",
        "_json",  # extension module
        "sys",  # built-in
        "PySide6",  # package __init__.py
        "shiboken6",
    ]
    for name in names:
        module = importlib.import_module(name)
        assert source_mentions_pyside(module) is _pyside_rule(module), name
    assert source_mentions_pyside(ModuleType("made_up")) is False  # no file at all


def test_install_replaces_pyside_scan_and_keeps_it_replaced(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    feature = sys.modules["shibokensupport.feature"]
    # PySide6's own scan, as before any install (importing capi_desktop.app installs ours);
    # both are restored after the test
    own = getattr(feature, "_capi_original_mod_uses_pyside", None) or feature._mod_uses_pyside
    monkeypatch.setattr(feature, "_mod_uses_pyside", own)
    monkeypatch.setattr(feature, "_capi_original_mod_uses_pyside", None, raising=False)
    assert pyside_import_scan.install() is True
    assert feature._mod_uses_pyside is source_mentions_pyside
    assert pyside_import_scan.install() is True  # twice is harmless
    assert feature._mod_uses_pyside is source_mentions_pyside
    original = feature._capi_original_mod_uses_pyside
    assert original is not source_mentions_pyside
    module = importlib.import_module("capi_desktop.ui.theme")
    assert original(module) is source_mentions_pyside(module)  # PySide6's own, still there


def test_without_pyside_scan_nothing_is_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "shibokensupport.feature")
    assert pyside_import_scan.install() is False
