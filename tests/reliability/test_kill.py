"""SIGKILL at random points of an ingest: the store stays whole and a rerun ends exactly
like one uninterrupted run (issue 15).

Each kill lands at a random number of committed articles plus a random delay (so in the
middle of coding a batch, of writing one, of re-reading the input on a resumed run, of
making the store), and is followed by ``PRAGMA integrity_check``, a check that every
article committed before the kill is still there, that nothing is stored twice, and that
what is stored is the uninterrupted run's first articles, record for record. A store takes
up to three kills (the later ones in resumed runs), then is rerun to completion and compared
with the uninterrupted run table by table; each kill counts as a trial, intact when its store
passed every check.

Most runs are forked from a fresh process that loaded the model once (a run is then its
coding, not seconds of start-up); two kills land in ``python -m backchannel.cli ingest``.
The seed of the random points is printed on failure; ``BACKCHANNEL_KILL_SEED`` replays it.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
from contextlib import closing

import pytest

from tests.conftest import need
from tests.reliability.bench import BENCH, corpus_slice
from tests.reliability.integrity import check_completed, check_killed, snapshot
from tests.reliability.kill import ForkServer, cli_launch, kill_trials

pytestmark = [pytest.mark.model, pytest.mark.timeout(1800, method="thread")]

#: Articles of the bench corpus ingested, and per transaction (12 batches to land in).
ARTICLES, BATCH = 48, 4


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    need(*BENCH)
    return corpus_slice(tmp_path_factory.mktemp("kill"), ARTICLES)


def _seed() -> int:
    return int(os.environ.get("BACKCHANNEL_KILL_SEED") or random.randrange(1 << 30))


def _check(trials, seed: int, kills: int) -> None:
    landed = sum(len(t.kills) for t in trials)
    assert landed >= kills, f"only {landed} kills landed (seed {seed})"
    broken = [
        f"store {t.store} (killed at {t.kills}): {'; '.join(t.problems)}"
        for t in trials
        if not t.intact
    ]
    assert not broken, f"seed {seed}:\n" + "\n".join(broken)


@pytest.mark.shared
@pytest.mark.slow
def test_twenty_sigkills_in_forked_ingests_leave_stores_that_resume_exactly(source, figures):
    seed = _seed()
    with ForkServer(BATCH) as server:
        ref, trials = kill_trials(
            server.launch, source, source.parent / "forked", kills=20, seed=seed
        )
    figures.add_trials(trials)
    assert len(ref.order) > ARTICLES * 0.8, (
        "the uninterrupted run stored too few articles to kill it part-way"
    )
    _check(trials, seed, 20)


@pytest.mark.shared
@pytest.mark.slow
def test_sigkills_in_the_command_line_ingest(source, figures):
    seed = _seed()
    _, trials = kill_trials(
        cli_launch(BATCH), source, source.parent / "cli", kills=2, seed=seed, per_store=2
    )
    figures.add_trials(trials)
    _check(trials, seed, 2)


# -- the checks above can fail --------------------------------------------------------------

#: A way to break a copy of a good store → whether the checks must call it lost.
BREAKAGES = {
    "article-deleted": ("DELETE FROM articles WHERE seq = (SELECT max(seq) FROM articles)", 1),
    "record-changed": ("UPDATE records SET data = replace(data, 'e', 'E') WHERE rowid = 1", 0),
    "event-dropped": ("DELETE FROM events WHERE rowid = (SELECT min(rowid) FROM events)", 0),
    "order-changed": ("UPDATE articles SET seq = seq + 1000 WHERE seq = 1", 0),
    "seq-doubled": ("DROP INDEX IF EXISTS ux_articles_seq; UPDATE articles SET seq = 1", 0),
    "page-overwritten": (None, 0),
}


@pytest.fixture(scope="module")
def good_store(nlp, tmp_path_factory):
    """A store of the sample articles, coded, and its snapshot."""
    from backchannel.ingest import Coder, ingest
    from backchannel.samples import sample_dir
    from backchannel.store import open_store

    db = tmp_path_factory.mktemp("good") / "good.db"
    with sample_dir() as folder, open_store(db) as store:
        ingest([folder], store, coder=Coder(nlp=nlp), batch_size=2)
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db, snapshot(db)


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_the_checks_catch_a_broken_store(breakage, good_store, tmp_path):
    db, ref = good_store
    broken = tmp_path / "broken.db"
    shutil.copy(db, broken)
    sql, lost = BREAKAGES[breakage]
    if sql:
        with closing(sqlite3.connect(broken)) as conn:
            conn.executescript(sql)
    else:
        with broken.open("r+b") as f:
            f.seek(broken.stat().st_size // 2)
            f.write(b"\xff" * 8192)
    problems, _, counted = check_completed(broken, ref)
    assert problems, f"{breakage} went unnoticed"
    assert counted >= lost
    assert check_killed(broken, ref, list(ref.order))[0], f"{breakage} went unnoticed after a kill"
