"""The coder gives the same records in-process and in a pool of worker processes."""

from __future__ import annotations

import pytest

from backchannel.ingest import Coder, IngestReport, articles
from backchannel.ingest import coder as coder_module
from backchannel.records import Article, Quality
from backchannel.samples import sample_dir


@pytest.fixture(scope="module")
def sample_articles():
    with sample_dir() as folder:
        return list(articles([folder], IngestReport()))


@pytest.mark.model
@pytest.mark.slow
@pytest.mark.parametrize("fork", [True, False], ids=["forked-workers", "workers-loading-their-own"])
def test_worker_pool_codes_exactly_like_one_process(sample_articles, fork, monkeypatch):
    if not fork:  # as on a system without fork: each worker loads the pipeline itself
        monkeypatch.setattr(coder_module, "_FORK", None)
    with Coder(workers=1) as one, Coder(workers=2, pool_from=len(sample_articles)) as two:
        assert [r.to_dict() for r in two.code(sample_articles)] == [
            r.to_dict() for r in one.code(sample_articles)
        ]
        assert two.pooled and not one.pooled


@pytest.mark.model
def test_non_english_articles_are_kept_but_not_coded(nlp):
    german = Article(
        id="de",
        text="Die Regierung in Berlin hat am Montag neue Sanktionen beschlossen.",
        quality=Quality("de", None, ("non_english",)),
    )
    (record,) = Coder(nlp=nlp).code([german])
    assert record.article is german and record.events == () and record.actors == ()
