"""The ``backchannel_dictionaries`` component: PETRARCH dictionaries applied to a Doc.

It runs after ``backchannel_actors`` and before ``backchannel_events`` and writes:

- ``doc._.bc_dictionary_codes``: token index → CAMEO code of each verb the verb dictionary
  codes (the events stage reads it for verbs its own lexicon does not know);
- ``doc._.bc_actors``: the actors found before, with the country and sector of a dictionary
  actor or agent filled in where they had no country, and one
  :class:`~backchannel.records.Actor` added for each dictionary match no actor covers;
- ``doc._.bc_discarded``: the story-level discard phrase found (PETRARCH codes nothing in
  such a story: sport, entertainment), or None; ``doc._.bc_discarded_sentences``: sentence
  start (token index) → the sentence-level discard phrase found in it.

:func:`dictionary_matches` and :func:`dictionary_actors` are the pure functions behind it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from backchannel.errors import ConfigError
from backchannel.nlp import extensions  # noqa: F401  (registers doc._.bc_*)
from backchannel.nlp.dictionaries import Dictionaries, cached_dictionaries
from backchannel.nlp.dictionaries.actors import Match, parse_day
from backchannel.nlp.dictionaries.agents import find_matches
from backchannel.nlp.dictionaries.verbs import find_verb_codes
from backchannel.records import Actor, short_hash
from backchannel.vocab import ActorKind

__all__ = ["NAME", "dictionary_actors", "dictionary_matches", "register"]

NAME = "backchannel_dictionaries"

#: the attributes this component writes besides ``bc_actors``, with their defaults
_ATTRIBUTES: dict[str, object] = {
    "bc_dictionary_codes": {},
    "bc_discarded": None,
    "bc_discarded_sentences": {},
}


def register() -> None:
    """Register the Doc attributes this component writes (once per process; a mutable
    default is never mutated: the component assigns a new dict to each Doc)."""
    for name, default in _ATTRIBUTES.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register()


def dictionary_matches(doc: Doc, dictionaries: Dictionaries) -> list[Match]:
    """The dictionary actors and agents of ``doc`` read at ``doc._.bc_published``."""
    words = [t.lower_ for t in doc]
    day = parse_day(doc._.bc_published)
    return find_matches(words, dictionaries.actors, dictionaries.agents, day)


def dictionary_actors(doc: Doc, matches: list[Match]) -> tuple[Actor, ...]:
    """``doc._.bc_actors`` with ``matches`` added where no actor covers them, and the
    country and sector of a match given to an actor without a country that it covers."""
    actors = list(doc._.bc_actors)
    for match in matches:
        if match.country is None and match.sector is None:
            continue
        start, end = doc[match.start].idx, doc[match.end - 1].idx + len(doc[match.end - 1])
        overlapping = [n for n, a in enumerate(actors) if a.start < end and start < a.end]
        for n in overlapping:
            actor = actors[n]
            if actor.country is None and start <= actor.start and actor.end <= end:
                actors[n] = replace(
                    actor, country=match.country, sector=actor.sector or match.sector
                )
        if not overlapping and match.country is not None:
            actors.append(_actor(doc, match, start, end))
    return tuple(sorted(actors, key=lambda a: (a.start, a.end)))


def _actor(doc: Doc, match: Match, start: int, end: int) -> Actor:
    span = doc[match.start : match.end]
    labels = {ent.label_ for ent in span.ents}
    kind: ActorKind = "organization"
    if match.agent:
        kind = "group"
    elif labels & {"PERSON"}:
        kind = "person"
    elif labels & {"GPE", "NORP"} and match.sector is None:
        kind = "country"
    actor_id = short_hash("petrarch", match.code, match.name)
    return Actor(
        actor_id, doc.text[start:end], start, end, match.name, kind, match.country, match.sector
    )


def verb_codes(doc: Doc, dictionaries: Dictionaries) -> dict[int, str]:
    """Token index → CAMEO code of the verbs the verb dictionary codes."""
    return {i: m.code for i, m in find_verb_codes(doc, dictionaries.verbs).items()}


def _discards(doc: Doc, dictionaries: Dictionaries) -> None:
    discards = dictionaries.discards
    doc._.bc_discarded = discards.find(doc.text, story=True)
    sentences = doc.sents if doc.has_annotation("SENT_START") else [doc[:]]
    found = {sent.start: discards.find(sent.text, story=False) for sent in sentences}
    doc._.bc_discarded_sentences = {i: phrase for i, phrase in found.items() if phrase}


@Language.factory(
    NAME,
    default_config={"path": None, "cache_dir": None},
    requires=["doc._.bc_actors"],
    assigns=[
        "doc._.bc_actors",
        "doc._.bc_dictionary_codes",
        "doc._.bc_discarded",
        "doc._.bc_discarded_sentences",
    ],
)
def make_dictionaries(
    nlp: Language, name: str, path: str | None, cache_dir: str | None
) -> Callable[[Doc], Doc]:
    """The component for the dictionary folder ``path`` (loaded once per process, cached
    under ``cache_dir``)."""
    if not path:
        raise ConfigError(f"{NAME} needs the path of a dictionary folder")
    dictionaries = cached_dictionaries(str(path), str(cache_dir) if cache_dir else None)

    def apply(doc: Doc) -> Doc:
        doc._.bc_dictionary_codes = verb_codes(doc, dictionaries)
        doc._.bc_actors = dictionary_actors(doc, dictionary_matches(doc, dictionaries))
        _discards(doc, dictionaries)
        return doc

    return apply
