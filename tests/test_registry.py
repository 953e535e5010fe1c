"""Finders, readers and writers are registry entries: a user's entry, registered at run time
or by entry point, is used without editing the library; every entry and every
``BACKCHANNEL_*`` setting is documented (the datasette way)."""

from __future__ import annotations

import re
from importlib.metadata import EntryPoint, EntryPoints
from pathlib import Path

import catalogue
import pytest

import backchannel.export as ex
import backchannel.ingest.readers  # noqa: F401  (registers the built-in readers)
import backchannel.nlp.attribution as attribution
from backchannel import registry
from backchannel.errors import ConfigError
from backchannel.ingest import read
from backchannel.ingest.readers import RawItem
from tests.web.sample_store import build_store

ROOT = Path(__file__).resolve().parent.parent
REGISTRIES = {"finders": registry.finders, "readers": registry.readers, "writers": registry.writers}


@pytest.fixture
def user_entries():
    """Register entries for one test; remove them after, so no other test sees them."""
    added: list[tuple[str, ...]] = []

    def add(reg: catalogue.Registry, name: str, func):
        added.append((*reg.namespace, name))
        return reg.register(name, func=func)

    yield add
    for key in added:
        catalogue.REGISTRY.pop(key, None)


def write_tsv_lite(items, path: Path) -> list:
    written = list(items)
    path.write_text(
        "".join(f"{item.row.id}\t{item.row.type}\n" for item in written), encoding="utf-8"
    )
    return written


def test_the_built_ins_are_registered():
    assert set(attribution.FINDERS) <= set(registry.names(registry.finders))
    assert set(ex.FORMATS) <= set(registry.names(registry.writers))
    assert {".txt", ".html", ".jsonl", ".json", ".warc", ".xml", ""} <= set(
        registry.names(registry.readers)
    )


def test_a_user_writer_exports(user_entries, tmp_path):
    user_entries(registry.writers, "tsv-lite", write_tsv_lite)
    with build_store(tmp_path / "bc.db") as store:
        result = ex.export(store, tmp_path / "events.tsv", format="tsv-lite")
    lines = result.path.read_text(encoding="utf-8").splitlines()
    assert result.events == len(lines) > 0 and all(len(line.split("\t")) == 2 for line in lines)
    assert result.provenance.exists()


def test_a_writer_from_an_entry_point_exports(monkeypatch, tmp_path):
    point = EntryPoint("tsv-ep", "tests.test_registry:write_tsv_lite", "backchannel_writers")
    monkeypatch.setattr(catalogue, "AVAILABLE_ENTRY_POINTS", EntryPoints([point]))
    assert "tsv-ep" in registry.names(registry.writers)
    with build_store(tmp_path / "bc.db") as store:
        result = ex.export(store, tmp_path / "events.tsv", format="tsv-ep")
    assert result.events > 0


def test_an_unknown_writer_names_the_choices(tmp_path):
    with (
        build_store(tmp_path / "bc.db") as store,
        pytest.raises(ex.QueryError, match="'xlsx'.*polecat"),
    ):
        ex.export(store, tmp_path / "x", format="xlsx")


def test_a_user_reader_reads_its_suffix(user_entries, tmp_path):
    def read_story(source: str, data: bytes):
        yield RawItem(source=source, text=data.decode("utf-8").upper())

    story = tmp_path / "tale.story"
    story.write_text("once upon a time", encoding="utf-8")
    assert [type(i).__name__ for i in read([story])] == ["Skipped"]
    user_entries(registry.readers, ".story", read_story)
    assert list(read([story])) == [RawItem(source=str(story), text="ONCE UPON A TIME")]


def test_a_user_streaming_reader_gets_the_path_and_limit(user_entries, tmp_path):
    seen = []

    @registry.streaming
    def read_log(path: Path, limit: int):
        seen.append((path, limit))
        yield RawItem(source=str(path), text=path.read_text(encoding="utf-8"))

    user_entries(registry.readers, ".log", read_log)
    log = tmp_path / "wire.log"
    log.write_text("Russia denied the report.", encoding="utf-8")
    assert [i.text for i in read([log])] == ["Russia denied the report."]
    assert seen and seen[0][0] == log


def test_an_unknown_finder_names_the_choices():
    with pytest.raises(
        ConfigError, match="unknown statement finder 'oracle'; choose one of rules, crf, minilm"
    ):
        attribution.statement_finder("oracle")


def test_a_finder_says_why_it_cannot_run(user_entries):
    @registry.needs(lambda: "the tea leaves are wet")
    def leaves(doc, text, quotes, threshold):
        return ()

    user_entries(registry.finders, "tea-leaves", leaves)
    assert (
        registry.unavailable(attribution.statement_finder("tea-leaves")) == "the tea leaves are wet"
    )
    assert registry.unavailable(attribution.statement_finder("rules")) is None


@pytest.mark.model
def test_a_user_finder_is_loaded_and_used(user_entries):
    from backchannel.nlp import load

    calls = []

    def say_nothing(doc, text, quotes, threshold):
        calls.append(text)
        return ()

    user_entries(registry.finders, "say-nothing", say_nothing)
    sentence = "“We are ready,” she said."
    assert load()(sentence)._.bc_statements
    assert load(attribution="say-nothing")(sentence)._.bc_statements == () and calls == [sentence]


# -- documentation ----------------------------------------------------------------------


def _documentation() -> str:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    return "\n".join(page.read_text(encoding="utf-8") for page in pages)


def _mentioned(name: str, text: str) -> bool:
    return re.search(rf"(?<![\w.-]){re.escape(name)}(?![\w-])", text) is not None


@pytest.mark.parametrize(
    ("kind", "name"),
    # "" is the reader of a file with no suffix (documented in words)
    [(kind, name) for kind, reg in REGISTRIES.items() for name in registry.names(reg) if name],
    ids=lambda value: value,
)
def test_every_registry_entry_is_documented(kind, name):
    assert _mentioned(name, _documentation()), (
        f"{kind} entry {name!r} is in neither README.md nor docs/"
    )


SETTINGS = sorted(
    {
        name
        for path in (ROOT / "src" / "backchannel").rglob("*.py")
        for name in re.findall(r"BACKCHANNEL_[A-Z_]+", path.read_text(encoding="utf-8"))
    }
)


def test_settings_were_found():
    assert "BACKCHANNEL_MAX_BYTES" in SETTINGS


@pytest.mark.parametrize("name", SETTINGS)
def test_every_setting_is_documented(name):
    assert _mentioned(name, _documentation()), (
        f"{name} is read in src/ but in neither README.md nor docs/"
    )
