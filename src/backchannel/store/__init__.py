"""Persistence: SQLite by default, PostgreSQL by URL, one schema for both."""

from backchannel.store.store import DEFAULT_DB, Store, Stored, open_store, store_url

__all__ = ["DEFAULT_DB", "Store", "Stored", "open_store", "store_url"]
