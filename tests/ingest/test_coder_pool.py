"""A coder with workers starts its pool only for work enough to pay for it, gives the same
records either way, and in a stream codes the next batch while the caller has this one."""

from __future__ import annotations

import json

import pytest

from backchannel.errors import ConfigError
from backchannel.ingest import Coder, IngestReport, articles, extract_lines
from backchannel.records import Article, Quality
from backchannel.samples import sample_dir

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def samples():
    with sample_dir() as folder:
        return list(articles([folder], IngestReport()))


@pytest.fixture(scope="module")
def pooled():
    """One pool for the tests below (each start costs every worker a pipeline load)."""
    with Coder(workers=2, pool_from=4) as coder:
        yield coder


def _dicts(coded):
    return [r.to_dict() for r in coded]


@pytest.mark.slow
def test_a_small_batch_is_coded_in_this_process_like_workers_1(samples, nlp):
    german = Article(id="de", text="Die Regierung hat beschlossen.", quality=Quality("de"))
    with Coder(workers=2) as coder:
        assert not coder.pooled
        (record,) = coder.code([german])  # nothing to code
        assert record.article is german and record.events == () and not coder.pooled
        assert _dicts(coder.code(samples[:3])) == _dicts(Coder(nlp=nlp).code(samples[:3]))
        assert not coder.pooled


@pytest.mark.slow
def test_the_stream_codes_each_batch_like_code_in_order_a_batch_ahead(samples, nlp, pooled):
    batches = [("a", samples[:3]), ("b", samples[3:6]), ("c", samples[6:])]
    taken = []

    def reading():
        for tag, batch in batches:
            taken.append(tag)
            yield tag, batch

    one = Coder(nlp=nlp)
    stream = pooled.code_stream(reading())
    tag, coded = next(stream)
    # the first batch (3 < pool_from) waited for the second; both went to the pool, and the
    # second was sent before the first came back
    assert (tag, taken) == ("a", ["a", "b"]) and pooled.pooled
    assert _dicts(coded) == _dicts(one.code(samples[:3]))
    rest = list(stream)
    assert [tag for tag, _ in rest] == ["b", "c"]
    for (_, batch), (_, coded) in zip(batches[1:], rest):
        assert _dicts(coded) == _dicts(one.code(batch))
    # one worker: a batch is read only when the one before was handed over
    taken.clear()
    stream = one.code_stream(reading())
    next(stream)
    assert taken == ["a"]


@pytest.mark.slow
def test_extract_with_a_pool_gives_the_lines_of_one_process_in_their_order(
    samples, nlp, pooled, tmp_path
):
    rows = [json.dumps({"id": a.id, "text": a.text}) for a in samples]
    rows[4:4] = ["{not json", json.dumps({"id": "blank", "text": "  "})]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    expected, report = IngestReport(), IngestReport()
    one = list(extract_lines([source], coder=Coder(nlp=nlp), report=expected, batch_size=3))
    two = list(extract_lines([source], coder=pooled, report=report, batch_size=3))
    assert two == one and len(one) == len(samples)
    assert len(report.skipped) == 2  # the broken line and the blank text
    assert (report.read, report.coded, report.events) == (
        expected.read,
        expected.coded,
        expected.events,
    )
    assert report.skipped == expected.skipped and report.failures == expected.failures


def test_a_pipeline_that_cannot_load_is_refused_before_the_run_whatever_the_workers():
    with pytest.raises(ConfigError, match="no_such_pipeline"):
        Coder("no_such_pipeline", workers=2)


@pytest.mark.slow
def test_ingest_shuts_its_workers_down_before_grouping_claims(samples, pooled, tmp_path):
    from backchannel.ingest import ingest
    from backchannel.store import open_store

    with sample_dir() as folder, open_store(str(tmp_path / "bc.db")) as store:
        report = ingest([folder], store, coder=pooled, batch_size=4)
        assert report.coded > 4 and not pooled.pooled
        assert store.counts()["articles"] == report.added
    assert pooled.code(samples[:4]) and pooled.pooled  # the next big batch starts it again
