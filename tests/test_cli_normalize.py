"""`capi-desktop hash` and `capi-desktop normalize --jsonl`, in-process and end to end."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time

import pytest

from capi_desktop.cli import main
from capi_desktop.commands.normalize import process

E323 = "e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176"
OUTPUT_KEYS = ["field", "input", "normalized", "sha256", "status", "steps", "warnings"]


def test_hash_prints_steps_and_hash(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["hash", "ph", "(650)555-1212", "--country", "US"]) == 0
    out = capsys.readouterr().out
    assert "'16505551212'" in out and E323 in out
    assert "added country code 1 from default country US" in out


def test_hash_json_with_variants_and_alias(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["hash", "state", "California", "Texas", "--json", "--variants"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert [d["normalized"] for d in data] == ["ca", "tx"]
    assert "using Meta's key 'st'" in captured.err
    impls = {v["implementation"]: v for v in data[0]["variants"]}
    assert impls["python_sdk"]["normalized"] == "california"
    assert impls["python_sdk"]["differs_from_docs"] is True


def test_hash_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["hash", "em", "not-an-email"]) == 1
    assert "em.invalid" in capsys.readouterr().out
    assert main(["hash", "em", "a@b.co", "--country", "Atlantis"]) == 2
    assert "unknown country" in capsys.readouterr().err
    assert main(["hash", "phnoe", "123"]) == 2
    assert "did you mean 'ph'?" in capsys.readouterr().err


def test_hash_variants_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["hash", "ph", "+1 (650) 555-1212", "--variants"]) == 0
    out = capsys.readouterr().out
    assert "≠ Meta sGTM Conversions API tag" in out and "'1650 5551212'" in out


def run_jsonl(lines: list[bytes], country: str | None = None) -> list[dict[str, object]]:
    out = io.StringIO()
    process(io.BytesIO(b"".join(lines)), out, country)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_jsonl_one_line_per_input_in_order_with_bad_lines() -> None:
    lines = [
        b'{"field": "em", "value": " John_Smith@gmail.com"}\n',
        b"not json\n",
        b'{"field": "ph", "value": "(650)555-1212", "country": "US"}\n',
        b"[1, 2]\n",
        b'{"field": "ph", "value": "0612 345 678"}\n',
        b"\xff\xfe\n",
        b'{"field": "fbc", "value": "x"}\n',
        b'{"field": "em", "value": "a@b.co", "country": "Atlantis"}\n',
        b"\n",
        b'{"field": "client_ip_address", "value": "8.8.8.8:80"}',
    ]
    out = run_jsonl(lines)
    assert len(out) == len(lines)
    assert all(list(item) == OUTPUT_KEYS for item in out)
    assert out[0]["normalized"] == "john_smith@gmail.com"
    assert out[1]["status"] == "error" and out[1]["warnings"][0]["id"] == "jsonl.invalid_json"  # type: ignore[index]
    assert out[2]["sha256"] == E323
    assert out[3]["warnings"][0]["id"] == "jsonl.shape"  # type: ignore[index]
    assert out[4]["status"] == "warning"
    assert out[5]["warnings"][0]["id"] == "jsonl.encoding"  # type: ignore[index]
    assert out[6]["status"] == "error" and out[6]["field"] == "fbc"
    assert out[7]["warnings"][0]["id"] == "jsonl.country"  # type: ignore[index]
    assert out[8]["status"] == "error"
    assert out[9]["normalized"] == "8.8.8.8" and out[9]["sha256"] is None


def test_jsonl_default_country_and_line_override() -> None:
    lines = [
        b'{"field": "ph", "value": "020 7946 0958"}\n',
        b'{"field": "ph", "value": "0612 345 678", "country": "FR"}\n',
    ]
    out = run_jsonl(lines, country="GB")
    assert [o["normalized"] for o in out] == ["442079460958", "33612345678"]


def test_jsonl_surrogates_and_huge_values_do_not_abort() -> None:
    lines = [
        b'{"field": "em", "value": "\\ud800@x.co"}\n',
        json.dumps({"field": "fn", "value": "x" * 1_000_000}).encode() + b"\n",
        b'{"field": "fn", "value": "Mary"}\n',
    ]
    out = run_jsonl(lines)
    assert [o["status"] for o in out] == ["error", "error", "changed"]


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "capi_desktop", *args]


def test_normalize_jsonl_subprocess_end_to_end() -> None:
    stdin = '{"field": "em", "value": "A@B.co"}\nbroken\n{"field": "country", "value": "USA"}\n'
    done = subprocess.run(
        _cli("normalize", "--jsonl", "--country", "US"),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert [o["status"] for o in out] == ["changed", "error", "changed"]
    assert out[2]["normalized"] == "us"


def test_normalize_jsonl_streams_line_by_line() -> None:
    with subprocess.Popen(
        _cli("normalize", "--jsonl"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as proc:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write('{"field": "ge", "value": "Female"}\n')
        proc.stdin.flush()
        started = time.monotonic()
        first = json.loads(proc.stdout.readline())  # answered before stdin is closed
        assert first["normalized"] == "f"
        assert time.monotonic() - started < 30
        proc.stdin.close()
        assert proc.wait(timeout=30) == 0


def test_normalize_requires_jsonl_flag(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["normalize"])
    assert stop.value.code == 2


def test_jsonl_agrees_with_meta_doc_examples() -> None:
    cases = [
        ("em", "John_Smith@gmail.com", "62a14e44f765", "US"),
        ("ph", "(650)555-1212", "e323ec626319", "US"),
        ("fn", "Valéry", "08e1996b5dd4", None),
        ("fn", "정", "8fa8cd9c440b", None),
        ("db", "2/16/1997", "01acdbf6ec7b", "US"),
        ("country", "United States", "79adb2a2fce5", None),
    ]
    lines = [
        json.dumps({"field": k, "value": v, "country": c}).encode() + b"\n" for k, v, _, c in cases
    ]
    out = run_jsonl(lines)
    assert [str(o["sha256"])[:12] for o in out] == [prefix for _, _, prefix, _ in cases]


def test_hash_survives_undecodable_argv(capsys: pytest.CaptureFixture[str]) -> None:
    # On POSIX, argv bytes that are not UTF-8 arrive as lone surrogates.
    assert main(["hash", "em", "\udcff@x.co", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data[0]["warnings"][0]["id"] == "value.encoding"


def test_hash_which_names_the_implementation_that_sent_a_captured_hash(
    capsys: pytest.CaptureFixture[str],
) -> None:
    captured_value = "79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621.AQYCAQMB"  # sha256("us") from the client-JS param builder, for "Jerusalem"
    assert main(["hash", "country", "Jerusalem", "--which", captured_value]) == 0
    out = capsys.readouterr().out
    assert "Meta parameter builder, client JS 1.3.1" in out
    assert "contains the name 'usa'" in out and "by running it" in out
    assert main(["hash", "fn", "Mary", "--which", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "--json"]) == 1  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert data[0]["matches"] == [] and data[0]["summary"].startswith("No implementation")


def test_hash_variants_label_models_that_were_not_run(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["hash", "ph", "+1 (650) 555-1212", "--variants"]) == 0
    out = capsys.readouterr().out
    assert "(modelled from facebookincubator/ConversionsAPI-Tag-for-GoogleTagManager@" in out
    assert "not run)" in out
