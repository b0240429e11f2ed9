"""`capi-desktop --self-test`: passes on a complete install, fails loudly on a broken one."""

from __future__ import annotations

import shutil
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from capi_desktop import resources, self_test
from capi_desktop.cli import main

REAL_RESOURCES = Path(resources.__file__).resolve().parent.parent / "resources"


@pytest.fixture
def resource_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: object) -> Path:
    """A complete copy of resources/ that the self-test reads instead of the real one."""
    copy = tmp_path / "resources"
    shutil.copytree(REAL_RESOURCES, copy)
    monkeypatch.setattr(resources, "resources_dir", lambda: copy)
    return copy


def _lines(out: str) -> dict[str, str]:
    """Check name -> status tag, from the self-test's `[tag] Name: detail` lines."""
    result = {}
    for line in out.splitlines():
        if line.startswith("["):
            tag, rest = line[1:].split("]", 1)
            result[rest.strip().split(":", 1)[0]] = tag.strip()
    return result


def test_passes_on_complete_install(
    resource_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--self-test"]) == 0
    out = capsys.readouterr().out
    statuses = _lines(out)
    assert set(statuses) == {name for name, _ in self_test.CHECKS}
    assert all(tag == "ok" for tag in statuses.values()), out
    assert "self-test passed" in out
    assert "platform plugin" in out.lower() and "offscreen" in out
    assert str(resource_copy) in out


def test_passes_against_the_real_checkout(qapp: object, capsys: pytest.CaptureFixture[str]) -> None:
    assert self_test.run_self_test() == 0, capsys.readouterr().out


@pytest.mark.parametrize(
    ("remove", "check"),
    [
        ("error_codes.json", "Error catalogue"),
        ("field_contract.json", "Field contract"),
        ("standard_events.json", "Standard events"),
        ("icons/capi-desktop.svg", "Icons"),
        ("icons/hicolor", "Icons"),
    ],
)
def test_missing_resource_fails_with_non_zero_exit(
    resource_copy: Path, capsys: pytest.CaptureFixture[str], remove: str, check: str
) -> None:
    target = resource_copy / remove
    if target.is_dir():
        shutil.rmtree(target)
    else:
        target.unlink()
    assert main(["--self-test"]) == 1
    out = capsys.readouterr().out
    assert _lines(out)[check] == "FAIL"
    assert "self-test FAILED (1 failed" in out


def test_corrupt_catalogue_fails(resource_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (resource_copy / "error_codes.json").write_text("{not json", encoding="utf-8")
    assert self_test.run_self_test() == 1
    assert _lines(capsys.readouterr().out)["Error catalogue"] == "FAIL"


def test_broken_png_icon_fails(resource_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    png = next((resource_copy / "icons" / "hicolor").glob("48x48/apps/*.png"))
    png.write_bytes(b"not a png")
    assert self_test.run_self_test() == 1
    out = capsys.readouterr().out
    assert _lines(out)["Icons"] == "FAIL" and "48x48" in out


def test_lost_keyring_metadata_fails(
    resource_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # What a frozen build without copy_metadata("keyring") looks like.
    monkeypatch.setattr(self_test, "_keyring_entry_points", list)
    assert self_test.run_self_test() == 1
    out = capsys.readouterr().out
    assert _lines(out)["Keyring"] == "FAIL" and "entry-point metadata" in out


def test_no_os_keyring_is_a_warning_not_a_failure(
    resource_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keyring.set_keyring(fail.Keyring())  # the autouse memory_keyring fixture restores it
    assert self_test.run_self_test() == 0
    out = capsys.readouterr().out
    assert _lines(out)["Keyring"] == "warn" and "session-only" in out


def test_unwritable_dir_fails(
    resource_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = resource_copy / "no-such-dir"  # NamedTemporaryFile cannot create a file here
    checks = tuple(
        (name, self_test._dir_check(lambda: missing)) if name == "Log dir" else (name, check)
        for name, check in self_test.CHECKS
    )
    monkeypatch.setattr(self_test, "CHECKS", checks)
    assert self_test.run_self_test() == 1
    assert _lines(capsys.readouterr().out)["Log dir"] == "FAIL"


def test_no_display_falls_back_to_offscreen(monkeypatch: pytest.MonkeyPatch) -> None:
    # Over SSH Qt would abort the whole process; the self-test must still report.
    monkeypatch.setattr(self_test.sys, "platform", "linux")
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    assert self_test._no_display()
    monkeypatch.setenv("DISPLAY", ":0")
    assert not self_test._no_display()
    monkeypatch.delenv("DISPLAY")
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    assert not self_test._no_display()
