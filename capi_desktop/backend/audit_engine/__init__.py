"""The DuckDB audit engine: pairing in SQL, bounded memory, a database kept beside the report."""
