"""Knowledge lives in component state, not in process globals: two pipelines with two
knowledge bases coexist in one process, and a pipeline keeps the knowledge it was built with."""

from __future__ import annotations

import pytest

from backchannel.nlp import load
from backchannel.nlp.actors import ActorFinder
from backchannel.nlp.places import PlaceFinder
from backchannel.settings import Settings

pytestmark = pytest.mark.model

SENTENCE = "Foreign Minister Varga Ostrel met the Japanese ambassador in Tokyo on Monday."


@pytest.fixture(scope="module")
def user_kb(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kb")
    (folder / "people.yaml").write_text(
        "version: test-1\n"
        "entries:\n"
        "- {id: PER-VARGA-OSTREL, name: Varga Ostrel, kind: person, country: HUN,"
        " sector: GOV, role: Foreign Minister, aliases: [Ostrel]}\n",
        encoding="utf-8",
    )
    return folder


def _ostrel(nlp):
    doc = nlp(SENTENCE)
    return next(a for a in doc._.bc_actors if "Ostrel" in a.text)


def test_two_pipelines_with_two_knowledge_bases_live_side_by_side(user_kb):
    plain = load(settings=Settings.load({}))
    extended = load(settings=Settings.load({}, kb_path=user_kb))
    assert _ostrel(extended).id == "PER-VARGA-OSTREL"
    assert _ostrel(extended).country == "HUN"
    assert _ostrel(plain).id != "PER-VARGA-OSTREL"
    assert _ostrel(extended).id == "PER-VARGA-OSTREL"  # the first is not overwritten


def test_components_hold_their_knowledge(user_kb):
    nlp = load(settings=Settings.load({}, kb_path=user_kb))
    actors, places = nlp.get_pipe("backchannel_actors"), nlp.get_pipe("backchannel_places")
    assert isinstance(actors, ActorFinder) and actors.kb.lookup("Varga Ostrel") is not None
    assert isinstance(places, PlaceFinder)
    assert nlp.config["components"]["backchannel_actors"]["kb_path"] == str(user_kb)
    doc = nlp(SENTENCE)
    assert doc._.bc_kb is actors.kb
    assert any(p.text == "Tokyo" for p in doc._.bc_places)
