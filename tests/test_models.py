"""The trained models ship apart from the library and are found by name, at a pinned version."""

from __future__ import annotations

import sys
import tomllib
import types
from pathlib import Path

import pytest

from backchannel import models
from backchannel.errors import ConfigError
from backchannel.nlp.attribution import crf as at
from backchannel.nlp.attribution import minilm as am

ROOT = Path(__file__).resolve().parent.parent
MEGABYTE = 1_000_000


def test_the_library_package_holds_no_file_over_a_megabyte():
    large = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "src" / "backchannel").rglob("*")
        if p.is_file() and p.stat().st_size > MEGABYTE
    ]
    assert large == []


def test_pyproject_pins_the_range_the_library_checks():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["optional-dependencies"]["models"] == [models.REQUIREMENT]


def test_the_installed_models_package_holds_every_file_the_finders_read(monkeypatch):
    import backchannel_models

    monkeypatch.delenv(models.ENV, raising=False)
    names = {str(at.MODEL_PATH), *(str(p) for p in am.ADAPTER_PATHS)}
    assert names == set(backchannel_models.FILES)
    assert all(models.locate(name).is_file() for name in names)


@pytest.mark.parametrize(
    "module, message",
    [
        (None, r"backchannel-models>=.* are not installed: .*pip install -e \./models"),
        (
            types.SimpleNamespace(__version__="2.0.0"),
            r"backchannel-models 2\.0\.0 is installed, but .*needs",
        ),
        (types.SimpleNamespace(), r"backchannel-models unknown is installed"),
    ],
    ids=["missing", "wrong-version", "no-version"],
)
def test_a_missing_or_mismatched_models_package_is_a_config_error(monkeypatch, module, message):
    monkeypatch.delenv(models.ENV, raising=False)
    monkeypatch.setitem(sys.modules, "backchannel_models", module)
    with pytest.raises(ConfigError, match=message):
        models.locate("tagger.crfsuite")


def test_the_crf_finder_says_what_is_missing(monkeypatch):
    monkeypatch.delenv(models.ENV, raising=False)
    monkeypatch.setitem(sys.modules, "backchannel_models", None)
    at.tagger.cache_clear()
    try:
        with pytest.raises(ConfigError, match="backchannel-models"):
            at.tagger()
    finally:
        at.tagger.cache_clear()


def test_the_environment_variable_names_another_folder(monkeypatch, tmp_path):
    monkeypatch.setenv(models.ENV, str(tmp_path))
    monkeypatch.setitem(sys.modules, "backchannel_models", None)  # not consulted
    assert models.locate("tagger.crfsuite") == tmp_path / "tagger.crfsuite"
    at.tagger.cache_clear()
    try:
        assert at.tagger() is None  # an empty folder: the crf finder keeps the rules
        assert not am.installed()
    finally:
        at.tagger.cache_clear()


def test_the_environment_variable_is_documented():
    assert models.ENV in (ROOT / "README.md").read_text(encoding="utf-8")
