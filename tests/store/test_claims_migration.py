"""Schema v3 adds the claims tables: a v2 store keeps its data, gains them, and its claims
are grouped on the first read; a store that cannot be written groups them in memory."""

from __future__ import annotations

import sqlite3

from sqlalchemy import inspect, text

from backchannel.claims import find_claims
from backchannel.store import open_store, schema
from backchannel.store.migrations import current_version
from tests.claims.test_claims_index import _record, _stored


def _v2_store(path) -> None:
    with open_store(path) as store:
        store.add(_stored([_record(i, "2023-05-0" + str(1 + i)) for i in range(4)]))
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE claim_voices")
        conn.execute("DROP TABLE claims")
        conn.execute("DELETE FROM meta WHERE key = 'claims_state'")
        conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")


def test_a_v2_store_gains_the_claims_tables_and_keeps_its_data(tmp_path):
    path = tmp_path / "v2.db"
    _v2_store(path)
    with open_store(path) as store, store.engine.connect() as conn:
        assert current_version(conn) == schema.SCHEMA_VERSION == 3
        assert {"claims", "claim_voices"} <= set(inspect(conn).get_table_names())
        assert conn.execute(text("SELECT count(*) FROM articles")).scalar_one() == 4
        assert conn.execute(text("SELECT count(*) FROM statements")).scalar_one() == 8
        assert store.counts()["articles"] == 4
    with open_store(path) as store:
        found = find_claims(store)
        assert found.total == 4 and all(c.voices == 2 for c in found.items)


def test_a_store_it_cannot_write_groups_its_claims_in_memory(tmp_path):
    path = tmp_path / "ro.db"
    with open_store(path) as store:
        store.add(_stored([_record(i, "2023-05-01") for i in range(3)]))
        with store.engine.begin() as conn:  # as an older backchannel left it: not grouped
            conn.execute(text("DELETE FROM claim_voices"))
            conn.execute(text("DELETE FROM claims"))
            conn.execute(text("DELETE FROM meta WHERE key = 'claims_state'"))
    with open_store(f"sqlite:///file:{path}?mode=ro&uri=true") as store:
        assert store.read_only
        assert find_claims(store).total == 3
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM claims").fetchone() == (0,)
