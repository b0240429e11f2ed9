"""I/O services (HTTP, keyring, files, SQLite) built on asyncio; no Qt."""
