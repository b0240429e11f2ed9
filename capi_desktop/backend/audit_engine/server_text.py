"""The JSON text of the server events a report lists, read again from their files.

`server` keeps no event text (1M events of JSON would be ~400 MB in the database, and writing
it cost more than reading the keys): each file's lines are registered here as the SQL relation
they were read from, and the few events domain/dedup.compare must see are parsed out of it
again, by server_sql's general reading — the one that numbers events in the first place.
"""

from __future__ import annotations

from typing import Any

from capi_desktop.backend.audit_engine.server_sql import ITEM_BITS, objects_sql

Connection = Any  # duckdb.DuckDBPyConnection
_SOURCES = "server_sources"
_LAST = (1 << 62) - 1


def reset_sources(con: Connection) -> None:
    con.execute(f"CREATE OR REPLACE TABLE {_SOURCES} (rec_offset BIGINT, relation VARCHAR)")


def register_source(con: Connection, offset: int, relation: str) -> None:
    """The file whose lines `relation` (rec, raw) gives was loaded after record `offset`."""
    con.execute(f"INSERT INTO {_SOURCES} VALUES (?, ?)", [offset, relation])


def fill_texts(con: Connection, need: str) -> None:
    """(Re)create `server_text(s, raw)` for every server row `need` (a query of `s`) names
    whose `raw` is NULL."""
    con.execute("CREATE OR REPLACE TEMP TABLE server_text (s BIGINT, raw VARCHAR)")
    con.execute(
        "CREATE OR REPLACE TEMP TABLE server_need AS SELECT DISTINCT n.s FROM"
        f" ({need}) n JOIN server x ON x.s = n.s WHERE x.raw IS NULL"
    )
    try:
        sources = con.execute(
            f"SELECT rec_offset, relation FROM {_SOURCES} ORDER BY rec_offset"
        ).fetchall()
        for index, (offset, relation) in enumerate(sources):
            lo = (int(offset) + 1) << ITEM_BITS
            hi = (
                (int(sources[index + 1][0]) + 1) << ITEM_BITS if index + 1 < len(sources) else _LAST
            )
            wanted = f"SELECT s FROM server_need WHERE s >= {lo} AND s < {hi}"
            recs = f"SELECT DISTINCT (s >> {ITEM_BITS}) - {offset} AS rec FROM ({wanted})"
            last = con.execute(f"SELECT MAX(rec) FROM ({recs})").fetchone()[0]
            if last is None:
                continue
            # The first `last` lines only (rec numbers the lines): the scan stops at the last
            # line wanted — usually near the top, the first problems — and the join keeps no
            # hash table of a million lines (DuckDB built it on the lines: 0.9 s at 1M).
            lines = (
                f"SELECT rec, raw FROM (SELECT * FROM ({relation}) LIMIT {int(last)})"
                f" WHERE rec IN ({recs})"
            )
            con.execute(
                "INSERT INTO server_text SELECT s, raw FROM (SELECT"
                f" (({offset} + rec) << {ITEM_BITS}) + item AS s, ev::VARCHAR AS raw"
                f" FROM ({objects_sql(lines)})) WHERE s IN ({wanted})"
            )
    finally:
        con.execute("DROP TABLE IF EXISTS server_need")
