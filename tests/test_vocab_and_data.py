"""The closed vocabularies live in ``backchannel.vocab`` and packaged data is opened through
``backchannel.data``: each tuple equals its ``Literal`` and what the code and data use, a
missing data file is a ConfigError naming it, and no other module opens the data folder."""

from __future__ import annotations

import ast
import importlib
from itertools import product
from pathlib import Path
from typing import get_args

import pytest

from backchannel import claims, data, plover, query, vocab
from backchannel.errors import ConfigError
from backchannel.ingest.guard import STAGES
from backchannel.nlp.attribution.spans import ROLES
from backchannel.records import Event, Span, Speaker, Statement
from backchannel.store.store import sourcing
from backchannel.vocab import CONTESTED

#: the module, not the function ``backchannel.nlp.events.modality`` that shadows it
modality_module = importlib.import_module("backchannel.nlp.events.modality")
SRC = Path(vocab.__file__).resolve().parent

#: each Literal and the tuple of its values
PAIRS = dict(
    zip(
        "Stance Modality Sourcing Quad EventType ActorKind SpeakerKind Role Tense "
        "FailureStage".split(),
        "STANCES MODALITIES SOURCINGS QUADS EVENT_TYPES ACTOR_KINDS SPEAKER_KINDS ROLES TENSES "
        "FAILURE_STAGES".split(),
        strict=True,
    )
)
#: each vocabulary and the tuples the modules that check or list it use
USED = {
    "STANCES": (query.STANCES, claims.STANCES),
    "MODALITIES": (query.MODALITIES, modality_module.MODALITIES),
    "SOURCINGS": (query.SOURCINGS,),
    "QUADS": (plover.QUADS,),
    "ROLES": (ROLES,),
    "FAILURE_STAGES": (STAGES,),
}


@pytest.mark.parametrize("literal", PAIRS)
def test_tuple_equals_its_literal(literal):
    assert get_args(getattr(vocab, literal)) == getattr(vocab, PAIRS[literal])


@pytest.mark.parametrize("name", USED)
def test_modules_use_the_vocabulary(name):
    assert all(used == getattr(vocab, name) for used in USED[name])


def test_contested_stances_are_stances():
    assert set(CONTESTED) < set(vocab.STANCES)
    assert "assert" not in CONTESTED


def test_plover_table_matches_the_vocabulary():
    table = data.load_yaml("plover/plover.yaml")["types"]
    assert tuple(table) == vocab.EVENT_TYPES == plover.EVENT_TYPES
    assert {t["quad"] for t in table.values()} == set(vocab.QUADS)


def test_packaged_actor_kinds_are_actor_kinds():
    kinds = set()
    for name in ("people", "institutions", "groups", "international"):
        entries = data.load_yaml(f"actors/{name}.yaml")
        kinds |= {e["kind"] for e in _mappings(entries) if "kind" in e}
    assert kinds and kinds <= set(vocab.ACTOR_KINDS)


def test_stance_lexicon_names_only_stances():
    lemmas = data.load_yaml("attribution/stance.yaml")["cue_lemmas"]
    assert set(lemmas) <= set(vocab.STANCES)
    assert _returned_strings(SRC / "nlp/attribution/stance.py", "stance_of") <= set(vocab.STANCES)


def test_modality_returns_only_modalities():
    found = _returned_strings(SRC / "nlp/events/modality.py", "modality")
    assert found and found <= set(vocab.MODALITIES)


@pytest.mark.parametrize(
    "kinds",
    [(), *product(vocab.SPEAKER_KINDS, repeat=2)],
    ids=lambda k: "+".join(k) or "unattributed",
)
def test_sourcing_returns_only_sourcings(kinds):
    span = Span("x", 0, 1)
    statements = {
        f"s{i}": Statement(f"s{i}", Speaker("x", 0, 1, kind), None, span, False, "assert")
        for i, kind in enumerate(kinds)
    }
    event = Event("e", "AGREE", "030", span, span, attributed_to=tuple(statements))
    assert sourcing(event, statements) in vocab.SOURCINGS


def test_data_reads_packaged_files():
    assert data.path("plover/plover.yaml").is_file()
    assert data.read_text("export/cow.csv")
    assert data.read_bytes("attribution/cue_weights.csv.gz")[:2] == b"\x1f\x8b"


@pytest.mark.parametrize("reader", [data.path, data.read_text, data.read_bytes, data.load_yaml])
def test_missing_data_file_is_a_config_error_naming_it(reader):
    with pytest.raises(ConfigError, match="attribution/no_such_file.yaml"):
        reader("attribution/no_such_file.yaml")


def test_only_the_data_module_opens_the_data_folder():
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        if path == SRC / "data" / "__init__.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if _opens_own_package(node):
                offenders.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert offenders == []


def _opens_own_package(node: ast.AST) -> bool:
    """``resources.files("backchannel.data")`` or ``resources.files("backchannel")`` (then
    ``.joinpath("data", …)`` or ``/ "data"``)."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "files"
        and bool(node.args)
        and isinstance(node.args[0], ast.Constant)
        and node.args[0].value in ("backchannel", "backchannel.data")
    )


def _returned_strings(path: Path, function: str) -> set[str]:
    """The string constants that ``function`` in ``path`` returns directly."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    (found,) = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == function]
    return {
        n.value.value
        for n in ast.walk(found)
        if isinstance(n, ast.Return)
        and isinstance(n.value, ast.Constant)
        and isinstance(n.value.value, str)
    }


def _mappings(value):
    """Every mapping nested in a loaded YAML value."""
    if isinstance(value, dict):
        yield value
        for inner in value.values():
            yield from _mappings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _mappings(inner)
