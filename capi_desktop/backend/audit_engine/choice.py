"""Which engine audits: the in-memory one for one small HAR + one JSON log, DuckDB otherwise."""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Sequence
from pathlib import Path

# Below this much input both engines take a couple of seconds (10k events: 1.5 s
# in-memory, 2.5 s DuckDB incl. start-up) and the in-memory one lists every clean pair in the
# report; above it its memory grows ~7.5 KB per pair (issue 23) while DuckDB's stays flat.
AUTO_DUCKDB_BYTES = 64 << 20
_TABLE_SUFFIXES = (".csv", ".tsv", ".parquet", ".pq", ".gz")


def is_csv(path: str | Path) -> bool:
    name = Path(path).name.lower().removesuffix(".gz")
    return name.endswith((".csv", ".tsv"))


def wants_duckdb(hars: Sequence[str | Path], servers: Sequence[str | Path]) -> bool:
    """True for several files, CSV/Parquet/gzip, or more than AUTO_DUCKDB_BYTES of input."""
    if len(hars) > 1 or len(servers) > 1:
        return True
    files = [Path(p) for p in [*hars, *servers]]
    if any(p.name.lower().endswith(_TABLE_SUFFIXES) for p in files):
        return True
    try:
        return sum(p.stat().st_size for p in files) > AUTO_DUCKDB_BYTES
    except OSError:
        return False  # the in-memory path reports the missing file


def csv_header(path: str | Path) -> list[str]:
    """The column names on a CSV's first line (gzip'd too). Raises OSError or ValueError."""
    path = Path(path)
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rb") as handle:
        first = handle.readline(1 << 20)
    text = first.decode("utf-8-sig", errors="replace")
    delimiter = "\t" if path.name.lower().removesuffix(".gz").endswith(".tsv") else ","
    row = next(csv.reader(io.StringIO(text), delimiter=delimiter), [])
    columns = [c.strip() for c in row if c.strip()]
    if not columns:
        raise ValueError(f"{path.name} has no header line with column names")
    return columns
