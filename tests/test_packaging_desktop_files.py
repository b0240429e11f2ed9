"""Linux desktop integration: .desktop file, AppStream metainfo and hicolor icons agree with the app."""

from __future__ import annotations

import configparser
import importlib.util
import shutil
import struct
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

from capi_desktop.config import APP_ID, APP_NAME, VERSION
from capi_desktop.ui.panels.registry import panel_keys

ROOT = Path(__file__).resolve().parents[1]
DESKTOP = ROOT / "resources" / "desktop" / f"{APP_ID}.desktop"
METAINFO = ROOT / "resources" / "desktop" / f"{APP_ID}.metainfo.xml"
HICOLOR = ROOT / "resources" / "icons" / "hicolor"
HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment, method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def _screenshot_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_screenshots", ROOT / "scripts" / "make_screenshots.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_desktop_entry_names_the_app_and_its_executable() -> None:
    entry = _desktop_entry()
    gui_scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "gui-scripts"
    ]
    assert entry["Name"] == APP_NAME
    assert entry["Icon"] == APP_ID
    assert entry["Exec"].split()[0] in gui_scripts
    assert entry["Type"] == "Application" and entry["Terminal"] == "false"


def test_metainfo_ids_release_and_screenshots_match_the_app() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("name") == APP_NAME
    assert root.findtext("launchable") == DESKTOP.name
    assert VERSION in [release.get("version") for release in root.iter("release")]
    assert root.find("content_rating") is not None
    script = _screenshot_script()
    names = {
        script.screenshot_name(key, theme, w, h)
        for key in panel_keys()
        for theme in script.THEMES
        for (w, h) in script.SIZES
    }
    urls = [image.text or "" for image in root.iter("image")]
    assert urls, "metainfo has no screenshots"
    for url in urls:
        assert url.startswith("https://") and "/docs/screenshots/" in url
        assert url.rsplit("/", 1)[1] in names, f"{url} is not a file make_screenshots.py writes"


@pytest.mark.parametrize("size", HICOLOR_SIZES)
def test_hicolor_icon_exists_at_its_size(size: int) -> None:
    png = HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (size, size)


def test_windows_and_macos_icons_exist() -> None:
    icons = ROOT / "resources" / "icons"
    assert (icons / "capi-desktop.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert (icons / "capi-desktop.icns").read_bytes()[:4] == b"icns"


def _validate(tool: str, *args: str) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed (apt-get install desktop-file-utils appstream)")
    done = subprocess.run([tool, *args], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


def test_desktop_file_validates() -> None:
    _validate("desktop-file-validate", str(DESKTOP))


def test_metainfo_validates() -> None:
    _validate("appstreamcli", "validate", "--no-net", str(METAINFO))
