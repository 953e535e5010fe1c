"""Persistence: SQLite by default, PostgreSQL by URL, one schema for both."""

from backchannel.settings import DEFAULT_DB
from backchannel.store.store import Store, Stored, open_store, store_url

__all__ = ["DEFAULT_DB", "Store", "Stored", "open_store", "store_url"]
