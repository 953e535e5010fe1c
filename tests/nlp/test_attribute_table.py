"""The attribute table gives exactly what spaCy's attribute ruler gives, token for token."""

from __future__ import annotations

import pytest

from backchannel.nlp import attribute_table, load
from backchannel.nlp.pipeline import load_parser
from backchannel.samples import sample_dir

pytestmark = pytest.mark.model

#: the rules that span tokens or read the dependency label, with everyday news text
TEXTS = [
    "Y'all ain't gonna believe it, but there are talks. Let's see what we got ta do.",
    "C'mon, there's a deal: it is what the minister said, but I don't know whether you'd agree.",
    "The Kremlin denied that Putin called Biden; U.S. officials, speaking anonymously, said so.",
    "  Two spaces,\n\na break, an em dash — and a bar ― then 3.5% of $12bn in 2021-11.",
]


def _attrs(doc):
    return [(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in doc]


@pytest.fixture(scope="module")
def pipelines():
    spacy_nlp = load_parser()
    table_nlp = load_parser()
    table = attribute_table.install(table_nlp)
    return spacy_nlp, table_nlp, table


def test_install_replaces_the_ruler_in_place(pipelines):
    spacy_nlp, table_nlp, table = pipelines
    assert table_nlp.pipe_names == spacy_nlp.pipe_names
    assert isinstance(table_nlp.get_pipe("attribute_ruler"), attribute_table.AttributeTable)
    assert table.patterns == spacy_nlp.get_pipe("attribute_ruler").patterns
    assert attribute_table.install(table_nlp) is None  # already a table: nothing to do


def test_same_annotations_as_spacy(pipelines):
    spacy_nlp, table_nlp, _ = pipelines
    with sample_dir() as folder:
        texts = [*TEXTS, *(path.read_text() for path in sorted(folder.iterdir()))]
    assert len(texts) > len(TEXTS)
    for ours, theirs in zip(table_nlp.pipe(texts), spacy_nlp.pipe(texts)):
        assert _attrs(ours) == _attrs(theirs)


def test_spanning_rules_apply(pipelines):
    _, table_nlp, _ = pipelines
    doc = table_nlp("We're gonna win, ain't we?")
    lemmas = {t.text.lower(): t.lemma_ for t in doc}
    assert lemmas["gon"] == "go" and lemmas["na"] == "to"
    assert lemmas["ai"] == "be"


def test_patterns_survive_bytes(pipelines):
    _, table_nlp, table = pipelines
    copy = attribute_table.AttributeTable(table_nlp.vocab).from_bytes(table.to_bytes())
    doc = table_nlp.make_doc("Let's go.")
    for _name, proc in table_nlp.pipeline[:3]:
        doc = proc(doc)
    assert _attrs(copy(doc)) == _attrs(table(doc.copy()))


def test_backchannel_pipeline_uses_the_table():
    nlp = load()
    assert isinstance(nlp.get_pipe("attribute_ruler"), attribute_table.AttributeTable)
