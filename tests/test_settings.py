"""One frozen Settings: package defaults, then BACKCHANNEL_* variables, then keywords; and it
is the one place (with limits.py) that spells the defaults and reads the environment."""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

import pytest

from backchannel.errors import ConfigError
from backchannel.limits import Limits
from backchannel.settings import (
    DEFAULT_DB,
    DEFAULT_FINDER,
    DEFAULT_MODEL,
    ENVIRONMENT,
    Settings,
)

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "backchannel"
#: The modules allowed to read BACKCHANNEL_* variables and spell the defaults.
HOMES = {PACKAGE / "settings.py", PACKAGE / "limits.py"}


def test_defaults():
    settings = Settings()
    assert (settings.model, settings.finder, settings.db) == (
        DEFAULT_MODEL,
        DEFAULT_FINDER,
        DEFAULT_DB,
    )
    assert (settings.workers, settings.batch_size) == (len(os.sched_getaffinity(0)), 64)
    assert (settings.kb_path, settings.models_path) == (None, None)
    assert settings.limits == Limits()


def test_workers_default_to_the_cores_this_process_may_use(monkeypatch):
    from backchannel import settings as module

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 3, 5}, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    assert module._cores() == 3  # the affinity, not the machine's count
    monkeypatch.delattr(os, "sched_getaffinity")
    assert module._cores() == 8
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert module._cores() == 1
    assert Settings.load({"BACKCHANNEL_WORKERS": "1"}).workers == 1


def test_load_with_an_empty_environment_is_the_defaults(tmp_path):
    settings = Settings.load({"XDG_CACHE_HOME": str(tmp_path)})
    assert settings == Settings(cache_dir=tmp_path / "backchannel")


@pytest.mark.parametrize(
    "field, raw, expected",
    [
        ("model", "en_core_web_lg", "en_core_web_lg"),
        ("finder", "crf", "crf"),
        ("kb_path", "/data/actors", Path("/data/actors")),
        ("cache_dir", "/tmp/bc-cache", Path("/tmp/bc-cache")),
        ("models_path", "/srv/models", Path("/srv/models")),
        ("db", "postgresql://u@h/bc", "postgresql://u@h/bc"),
        ("workers", "4", 4),
        ("batch_size", "1_000", 1000),
    ],
    ids=lambda v: str(v),
)
def test_environment_overrides_defaults(field, raw, expected):
    assert getattr(Settings.load({ENVIRONMENT[field]: raw}), field) == expected


def test_environment_sets_the_limits():
    assert Settings.load({"BACKCHANNEL_MAX_CHARS": "1000"}).limits.max_chars == 1000


def test_an_empty_variable_counts_as_unset():
    assert (
        Settings.load({"BACKCHANNEL_MODEL": "", "BACKCHANNEL_WORKERS": ""}).model == DEFAULT_MODEL
    )


def test_keywords_override_the_environment():
    environ = {
        "BACKCHANNEL_MODEL": "en_core_web_lg",
        "BACKCHANNEL_DB": "env.db",
        "BACKCHANNEL_WORKERS": "4",
    }
    settings = Settings.load(environ, model="en_core_web_trf", workers=2, db=None)
    assert (settings.model, settings.workers, settings.db) == ("en_core_web_trf", 2, "env.db")
    limits = Limits(max_chars=10)
    assert Settings.load({"BACKCHANNEL_MAX_CHARS": "1000"}, limits=limits).limits is limits


@pytest.mark.parametrize(
    "variable, raw",
    [
        ("BACKCHANNEL_WORKERS", "two"),
        ("BACKCHANNEL_WORKERS", "0"),
        ("BACKCHANNEL_BATCH_SIZE", "-3"),
        ("BACKCHANNEL_MODEL", "   "),
        ("BACKCHANNEL_MAX_CHARS", "lots"),
    ],
)
def test_bad_values_name_the_variable(variable, raw):
    with pytest.raises(ConfigError, match=variable):
        Settings.load({variable: raw})


@pytest.mark.parametrize(
    "kwargs", [{"workers": 0}, {"model": ""}, {"limits": {}}, {"colour": "red"}]
)
def test_bad_keywords_are_config_errors(kwargs):
    with pytest.raises(ConfigError):
        Settings.load({}, **kwargs)


def test_settings_are_frozen():
    settings = Settings()
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.model = "en_core_web_lg"
    assert settings.replace(model="en_core_web_lg").model == "en_core_web_lg"
    assert settings.model == DEFAULT_MODEL


def test_every_variable_is_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    import backchannel.settings as module

    for variable in ENVIRONMENT.values():
        assert variable in module.__doc__, variable
        assert variable in readme, variable


def test_the_leaf_readers_go_through_settings(monkeypatch, tmp_path):
    from backchannel import models
    from backchannel.nlp.places import gazetteer

    monkeypatch.setenv("BACKCHANNEL_MODELS", str(tmp_path))
    monkeypatch.setenv("BACKCHANNEL_CACHE", str(tmp_path / "cache"))
    assert models.locate("x.bin") == tmp_path / "x.bin"
    assert gazetteer._cache_dir() == tmp_path / "cache"


def test_open_store_and_create_app_take_settings(tmp_path):
    from backchannel.store import open_store
    from backchannel.web.app import create_app

    settings = Settings(db=str(tmp_path / "from-settings.db"))
    with open_store(settings=settings) as store:
        assert store.name.endswith("from-settings.db")
    with open_store(tmp_path / "explicit.db", settings=settings) as store:
        assert store.name.endswith("explicit.db")  # an explicit argument wins
    app = create_app(settings=settings)
    app.state.store.close()


# --- one home: the grep checks ----------------------------------------------------------


def _sources():
    return [p for p in sorted(PACKAGE.rglob("*.py")) if p not in HOMES]


def _code_lines(path: Path):
    """(line number, line) outside docstrings and comments, roughly: lines of a module's
    triple-quoted strings are skipped, as is everything after a ``#``."""
    inside = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        quotes = line.count('"""') + line.count("'''")
        if inside or quotes:
            inside = inside != (quotes % 2 == 1)
            continue
        yield number, line.split("#", 1)[0]


def _hits(pattern: re.Pattern) -> list[str]:
    return [
        f"{p.relative_to(PACKAGE)}:{n}"
        for p in _sources()
        for n, line in _code_lines(p)
        if pattern.search(line)
    ]


def test_no_module_but_settings_reads_a_backchannel_variable():
    reads = re.compile(
        r"""(os\.environ|getenv)[^\n]*BACKCHANNEL_|environ\.get\(\s*["']BACKCHANNEL_"""
    )
    assert not _hits(reads), f"read BACKCHANNEL_* through backchannel.settings: {_hits(reads)}"
    literal = re.compile(r"""["']BACKCHANNEL_[A-Z_]+["']""")
    found = _hits(literal)
    assert not found, (
        f"name BACKCHANNEL_* variables through backchannel.settings.ENVIRONMENT: {found}"
    )


def test_the_defaults_are_spelled_only_in_settings():
    model = re.compile(re.escape(DEFAULT_MODEL) + "|" + re.escape(DEFAULT_MODEL.replace("_", "-")))
    finder_default = re.compile(
        r"""(=\s*|:\s*)["']rules["']"""
    )  # `= "rules"`, `{"finder": "rules"}`
    db = re.compile(re.escape(f'"{DEFAULT_DB}"'))
    found = [
        f"{p.relative_to(PACKAGE)}:{n}"
        for p in _sources()
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if model.search(line) or finder_default.search(line) or db.search(line)
    ]
    assert not found, f"import the default from backchannel.settings: {found}"
