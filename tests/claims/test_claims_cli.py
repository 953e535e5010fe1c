"""``backchannel claims`` pages and filters the store's claims."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from backchannel.store import open_store
from tests.claims.test_claims_index import _record, _stored


@pytest.mark.slow
def test_claims_command_pages_and_filters(tmp_path):
    db = tmp_path / "cli.db"
    with open_store(db) as store:
        store.add(_stored([_record(i, f"2023-0{1 + i % 3}-05") for i in range(9)]))

    def run(*args: str) -> list[dict]:
        done = subprocess.run(
            [sys.executable, "-m", "backchannel.cli", "claims", "--db", str(db), "--json", *args],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    assert len(run("--per-page", "4")) == 4
    assert len(run("--per-page", "4", "--page", "3")) == 1
    march = run("--since", "2023-03", "--until", "2023-03")
    assert len(march) == 3 and all(c["first"].startswith("2023-03") for c in march)
    assert len(run("--actor", "Anna Berg", "--per-page", "100")) == 5
