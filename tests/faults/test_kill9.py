"""kill -9 during writes: settings, profiles, drafts parse and history keeps every committed row."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from capi_desktop.backend.app_files import tidy_app_dirs

CHILD = r"""
import sys, time
from pathlib import Path
from capi_desktop.backend.credentials import CredentialStore
from capi_desktop.backend.drafts import Draft, DraftStore
from capi_desktop.backend.history import HistoryEntry, HistoryStore
from capi_desktop.backend.settings import Settings

home = Path(sys.argv[1])
settings = Settings(home / "settings.json")
history = HistoryStore(home / "history.sqlite3")
drafts = DraftStore(home / "drafts")
profiles = CredentialStore(home / "profiles.json")
n = len(history.search(limit=100000))
print("START", n, flush=True)
while True:
    n += 1
    settings.set("counter", n)
    settings.set("blob", "x" * (n % 5000))
    settings.save()
    drafts.autosave(Draft(body={"data": [{"event_name": "Lead", "n": n}]}, editor_text="{" * (n % 50)))
    if n % 7 == 0:
        profiles.add(f"P{n}", "1234567890")
    history.add(HistoryEntry(request={"data": [{"event_name": "Lead", "event_id": f"k{n}"}]},
                             result="accepted", events_sent=1))
    print("COMMITTED", n, flush=True)
"""

_COMMITTED = re.compile(r"COMMITTED (\d+)")
ROUNDS = 150 if os.environ.get("CAPI_FUZZ_PROFILE") == "faults" else 8


@pytest.mark.timeout(60 + ROUNDS * 4)  # each round starts a Python child (~0.5 s)
def test_kill_9_loop_loses_nothing_committed(tmp_path: Path) -> None:
    rng = random.Random(18)
    committed = 0
    for _ in range(ROUNDS):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(tmp_path)],
            stdout=subprocess.PIPE,
            text=True,
            env=dict(os.environ, CAPI_DESKTOP_HOME=str(tmp_path / "home")),
        )
        try:
            assert child.stdout is not None
            start = child.stdout.readline()
            assert start.startswith("START"), start
            assert int(start.split()[1]) >= committed  # every row reported committed is there
            time.sleep(rng.uniform(0.02, 0.25))
        finally:
            child.send_signal(signal.SIGKILL)
            out = child.communicate(timeout=10)[0]
        # A kill can cut the last line ("COMMITTED" with no number, or half of it): only whole
        # lines count, and a cut number only understates what was committed.
        done = [int(m.group(1)) for m in map(_COMMITTED.fullmatch, out.splitlines()) if m]
        committed = max([committed, *done])
        for name in ("settings.json", "profiles.json", "drafts/autosave.capi.json"):
            path = tmp_path / name
            if path.exists():
                json.loads(path.read_text(encoding="utf-8"))  # whole, old or new, never half
        assert list(tmp_path.rglob("*.corrupt-*")) == []
    conn = sqlite3.connect(tmp_path / "history.sqlite3")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT COUNT(*) FROM sends").fetchone()[0] >= committed
    conn.close()
    # Temp files left by a kill are removed at the next start once old enough.
    old = time.time() - 3600
    for tmp in tmp_path.rglob(".*.tmp"):
        os.utime(tmp, (old, old))
    tidy_app_dirs([tmp_path])
    assert list(tmp_path.rglob(".*.tmp")) == []
