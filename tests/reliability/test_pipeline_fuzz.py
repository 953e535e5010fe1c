"""The whole pipeline over folders of hostile files and good articles (issue 15).

``ingest`` must not raise: each hostile input is skipped with a reason or recorded as a
failure (in the report and in the store's ``failures`` table) and the run goes on; every
good article, including one on a JSONL line after a hostile one, is stored, coded when a
coder runs; the store passes its integrity check; the report's counts add up.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from backchannel.ingest import Coder
from backchannel.ingest.prepare import prepare
from backchannel.ingest.readers import RawItem, read
from backchannel.samples import sample_dir
from backchannel.store import open_store
from tests.reliability.checks import INGEST_BOUND, ingest_folder, observed
from tests.reliability.hostile import (
    CASES,
    EXAMPLES,
    LIMITS,
    hostile_file,
    huge_line,
    json_line,
    nested,
    unicode,
)

pytestmark = [pytest.mark.model, pytest.mark.timeout(1200, method="thread")]

#: No shrinking: one ingest takes a second or so, and the reader tests shrink the same inputs.
SETTINGS = dict(
    deadline=None,
    database=None,
    print_blob=True,
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)


@pytest.fixture(scope="module")
def coder(nlp):
    return Coder(nlp=nlp, limits=LIMITS)


@pytest.fixture(scope="module")
def good() -> dict[str, str]:
    """Three sample articles: JSONL line → the article id ``prepare`` gives it."""
    with sample_dir() as folder:
        lines = (folder / "samples.jsonl").read_text(encoding="utf-8").splitlines()
    chosen = [lines[0], lines[3], lines[5]]
    return {line: prepare(RawItem(source="x", text=json.loads(line)["text"])).id for line in chosen}


#: JSONL lines that are no article, or a hostile one.
bad_lines = st.one_of(
    json_line,
    unicode.map(lambda s: s.replace("\n", " ").replace("\r", " ")),
    st.just(huge_line(LIMITS.max_bytes + 10).decode()),
    st.just(nested("json", 5_000).decode()),
    st.just('{"text": ' * 50),
)


def _folder(
    root: Path, files: list[tuple[str, bytes]], lines: list[str], good: dict[str, str]
) -> Path:
    """Hostile files, and a JSONL file with the good articles each after a hostile line."""
    folder = root / "in"
    folder.mkdir()
    for number, (suffix, data) in enumerate(files):
        (folder / f"hostile-{number}{suffix}").write_bytes(data)
    mixed = [line for pair in zip(lines + [""] * len(good), good) for line in pair]
    (folder / "mixed.jsonl").write_text(
        "\n".join(mixed) + "\n", encoding="utf-8", errors="surrogatepass"
    )
    return folder


def _run(figures, root: Path, folder: Path, good: dict[str, str], coder) -> None:
    with observed(
        figures, f"a folder of {len(list(folder.iterdir()))} hostile files", INGEST_BOUND
    ):
        report = ingest_folder(folder, root / "store.db", coder=coder, limits=LIMITS)
    figures.failed += len(report.failures)
    with open_store(root / "store.db") as store:
        stored = store.has_articles(good.values())
        coded = {r["article_id"] for r in store.record_dicts(list(good.values()))}
    missing = set(good.values()) - stored
    figures.lost += len(missing)
    assert not missing, f"{len(missing)} good articles were not stored; failures: {report.failures}"
    if coder is not None:
        assert coded == set(good.values()), "a good article was stored without its record"


@settings(max_examples=max(10, EXAMPLES // 3), **SETTINGS)
@given(
    files=st.lists(hostile_file(), max_size=4), lines=st.lists(bad_lines, min_size=3, max_size=3)
)
def test_ingest_without_nlp_survives_hostile_folders(files, lines, good, figures):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        _run(figures, root, _folder(root, files, lines, good), good, None)


@settings(max_examples=max(10, EXAMPLES // 6), **SETTINGS)
@given(
    files=st.lists(hostile_file(), max_size=3), lines=st.lists(bad_lines, min_size=3, max_size=3)
)
def test_ingest_with_the_model_survives_hostile_folders(files, lines, good, coder, figures):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        _run(figures, root, _folder(root, files, lines, good), good, coder)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_named_hostile_input_through_the_pipeline(case, good, coder, figures, tmp_path):
    folder = _folder(tmp_path, [(case.suffix, case.data)], [], good)
    _run(figures, tmp_path, folder, good, coder)
    if case.stored:
        with open_store(tmp_path / "store.db") as store:
            stored = store.counts()["articles"]
        assert stored == len(good) + 1, f"the article in {case.name} was not stored"


#: Texts that are hard on the NLP stage, each with a date that should anchor nothing.
HARD_TEXTS = {
    "one-sentence-of-20000-words": ("word " * 20_000, None),
    "relative-dates-from-year-1": (
        "Yesterday the minister said talks resume next Monday. Last year the union struck. " * 3,
        "0001-01-01",
    ),
    "relative-dates-from-year-9999": (
        "Tomorrow the minister will say the talks resume next year. " * 3,
        "9999-12-31",
    ),
    "said-2000-times": ("said " * 2_000, None),
    "quotes-only": (
        '"' * 500 + " the minister said the talks would resume soon " + '"' * 500,
        None,
    ),
    "mixed-scripts": (
        "Президент said 北京 que اليوم the minister met the union in Geneva. " * 30,
        None,
    ),
}


@pytest.mark.parametrize("name", HARD_TEXTS)
def test_a_text_hard_on_the_nlp_stage_is_coded_or_recorded(name, good, coder, figures, tmp_path):
    text, published = HARD_TEXTS[name]
    line = json.dumps({"id": name, "text": text, "published": published})
    folder = _folder(tmp_path, [], [line], good)
    _run(figures, tmp_path, folder, good, coder)
    items = [
        i for i in read([folder / "mixed.jsonl"]) if isinstance(i, RawItem) and i.input_id == name
    ]
    with open_store(tmp_path / "store.db") as store:
        stored = store.has_articles([prepare(items[0], limits=LIMITS).id])
        failed = [
            f
            for f in store.failures()
            if (f["input_id"] if isinstance(f, dict) else f.input_id) == name
        ]
    assert stored or failed, f"{name}: neither stored nor recorded as a failure"
