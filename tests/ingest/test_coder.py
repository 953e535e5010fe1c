"""The coder gives the same records in-process and in a pool of worker processes."""

from __future__ import annotations

import pytest

from backchannel.ingest import Coder, IngestReport, articles
from backchannel.records import Article, Quality
from backchannel.samples import sample_dir


@pytest.fixture(scope="module")
def sample_articles():
    with sample_dir() as folder:
        return list(articles([folder], IngestReport()))


@pytest.mark.model
@pytest.mark.slow
def test_worker_pool_codes_exactly_like_one_process(sample_articles):
    with Coder(workers=1) as one, Coder(workers=2) as two:
        assert [r.to_dict() for r in two.code(sample_articles)] == [
            r.to_dict() for r in one.code(sample_articles)
        ]


@pytest.mark.model
def test_non_english_articles_are_kept_but_not_coded(nlp):
    german = Article(
        id="de",
        text="Die Regierung in Berlin hat am Montag neue Sanktionen beschlossen.",
        quality=Quality("de", None, ("non_english",)),
    )
    (record,) = Coder(nlp=nlp).code([german])
    assert record.article is german and record.events == () and record.actors == ()
