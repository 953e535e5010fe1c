"""Every spaCy component backchannel defines is registered by a ``spacy_factories`` entry
point, so spaCy finds it by name without backchannel being imported first."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from spacy.language import Language

import backchannel.nlp  # noqa: F401  (defines the components)
from backchannel.nlp.dictionaries import component as dictionary_component  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
DECLARED = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
    "entry-points"
]["spacy_factories"]
OURS = sorted(name for name in Language.factories if name.startswith("backchannel_"))


def test_every_component_is_declared():
    assert OURS, "no backchannel component is registered"
    assert sorted(DECLARED) == OURS


@pytest.mark.parametrize("name", sorted(DECLARED))
def test_each_entry_point_names_the_factory_of_its_component(name):
    module, _, attribute = DECLARED[name].partition(":")
    target = getattr(__import__(module, fromlist=[attribute]), attribute)
    assert callable(target)
    assert Language.get_factory_meta(name).factory is not None


def test_the_installed_metadata_carries_the_entry_points():
    installed = {ep.name: ep.value for ep in entry_points(group="spacy_factories")}
    missing = {n: v for n, v in DECLARED.items() if installed.get(n) != v}
    assert not missing, "reinstall the package (make setup-test): entry points out of date"


@pytest.mark.slow
def test_spacy_finds_a_component_without_importing_backchannel():
    code = (
        "import sys, spacy\n"
        "nlp = spacy.blank('en')\n"
        "nlp.add_pipe('backchannel_times')\n"
        "assert 'backchannel' in sys.modules, 'loaded through the entry point'\n"
        "print(nlp('The talks ended on Monday.')._.bc_times[0].text)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Monday"
