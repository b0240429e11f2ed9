"""The Composer through links.py: ComposerPort for other panels, a send asked via Links."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from capi_desktop.backend.settings import Settings
from capi_desktop.services import Services
from capi_desktop.ui.links import ComposerPort, Links
from capi_desktop.ui.panels.composer import ComposerPanel


class Host:
    """A main window stand-in: records which panels were built and shown."""

    def __init__(self, composer: ComposerPanel | None = None) -> None:
        self.composer = composer
        self.built: list[str] = []
        self.shown: list[str] = []

    def panel(self, key: str) -> Any:
        self.built.append(key)
        if key == "composer":
            return self.composer
        raise KeyError(key)  # no Send panel in this window

    def show_panel(self, key: str) -> Any:
        self.shown.append(key)
        return self.panel(key)

    def built_panel(self, key: str) -> Any:
        return self.composer if key == "composer" else None


def test_send_goes_through_links_with_the_body_the_preview_shows(
    qtbot: QtBot, tmp_path: Path
) -> None:
    links = Links()
    host = Host()
    links.attach(host)
    panel = ComposerPanel(Services(settings=Settings(tmp_path / "s.json")), links=links)
    qtbot.addWidget(panel)
    host.composer = panel
    assert isinstance(panel, ComposerPort)
    body = {"data": [{"event_name": "Lead", "action_source": "system_generated"}]}
    body["data"][0]["custom_data"] = {"z": 1, "a": 2}
    panel.load_request(body)
    via_links: list[Any] = []
    links.send_requested.connect(via_links.append)
    panel.send_guard.hand_over()
    assert host.built == ["send"]  # asked to build the Send panel before the signal
    assert len(via_links) == 1  # handed over exactly once
    shown = json.loads(panel.preview.toPlainText(), object_pairs_hook=list)
    assert json.loads(json.dumps(via_links[0]), object_pairs_hook=list) == shown
    assert panel.status.text() == "Handed to Send & Compare."


def test_other_panels_open_a_request_and_a_field_through_links(
    qtbot: QtBot, tmp_path: Path
) -> None:
    links = Links()
    panel = ComposerPanel(Services(settings=Settings(tmp_path / "s.json")), links=links)
    qtbot.addWidget(panel)
    host = Host(panel)
    links.attach(host)
    assert links.open_in_composer({"data": [{"event_name": "Contact"}, {"event_name": "Lead"}]})
    assert links.composer_body()["data"][1]["event_name"] == "Lead"
    assert links.open_field("data[1].event_name")
    assert panel.event_index == 1 and host.shown == ["composer", "composer"]
