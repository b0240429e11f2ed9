"""domain/normalize's package loads each public name's module on first use (issue 14)."""

from __future__ import annotations

import subprocess
import sys
import types

import capi_desktop.domain.normalize as normalize_package


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def test_key_tables_load_without_the_engine_phonenumbers_or_pycountry() -> None:
    out = _run(
        "import sys\n"
        "from capi_desktop.domain.normalize import KEY_LABELS, MULTI_VALUE_KEYS\n"
        "heavy = ['phonenumbers', 'pycountry', 'capi_desktop.domain.normalize.engine']\n"
        "print([m for m in heavy if m in sys.modules], bool(KEY_LABELS), bool(MULTI_VALUE_KEYS))"
    )
    assert out == "[] True True"


def test_names_that_share_their_module_s_name_stay_the_functions() -> None:
    # Importing the submodule first binds it on the package; the name must still be the function.
    out = _run(
        "import capi_desktop.domain.normalize.who_sent, capi_desktop.domain.normalize.variants\n"
        "import capi_desktop.domain.normalize as n\n"
        "from capi_desktop.domain.normalize import variants, who_sent\n"
        "print(callable(variants), callable(who_sent), n.variants is variants,"
        " type(n.who_sent).__name__)"
    )
    assert out == "True True True function"


def test_every_public_name_resolves_and_is_listed() -> None:
    for name in normalize_package.__all__:
        value = getattr(normalize_package, name)
        assert not isinstance(value, types.ModuleType), name
    assert set(normalize_package.__all__) <= set(dir(normalize_package))
    missing = "no_such_name"
    try:
        getattr(normalize_package, missing)
    except AttributeError as exc:
        assert missing in str(exc)
    else:
        raise AssertionError("an unknown name must raise AttributeError")
