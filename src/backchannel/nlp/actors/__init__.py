"""Actors: named entities and knowledge-base patterns resolved to kind, country, sector, role.

:func:`find_actors` reads a parsed Doc and returns every actor mention as a
:class:`~backchannel.records.Actor` with character offsets into ``doc.text``:

- people named with their titles and appositions ("CIA Director William Burns" → USA SPY
  Director; "Sergei Naryshkin, the head of Russia's foreign-intelligence service" → RUS SPY);
  later mentions by surname, by title ("the CIA chief", "the President") or by pronoun
  ("he") carry the same ``id``;
- countries, institutions, international organisations and armed groups from the knowledge
  base (:mod:`.kb`), including metonyms ("the Kremlin", "Moscow" → RUS GOV);
  a country named anywhere is a party ("a force in Liberia"), a capital used as a place
  ("met in Ankara") stands for its country, not its government; adjectives count only
  inside an actor phrase ("Russian officials", not "Russian aggression");
- common nouns that denote actors ("US officials", "Israeli troops", "the government",
  "protesters", "Ibo elders") as group, organization or person actors with country and
  sector; coordinated adjectives give one actor each ("Hungarian and Romanian officials").

Ids are stable across articles: the knowledge-base id where there is one, otherwise a hash
of the canonical name (people) or of kind, country, sector and noun (groups: "US officials"
and "U.S. officials" are one). A title with no country of its own, an unnamed official or
an ethnic group takes the article's dominant country ("Defense Secretary Mark Esper" in an
article about US policy → USA).

The events coder asks :func:`actor_at` (or :func:`actors_at`) for the actor covering a token.

The mentions are found stage by stage: people, titles and pronouns (:mod:`.people`), groups,
aliases and entities (:mod:`.groups`), over one per-document state (:mod:`.state`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from backchannel.nlp import extensions  # noqa: F401  (registers doc._.bc_*)
from backchannel.nlp.actors.groups import _alias_mentions, _entity_mentions, _noun_mentions
from backchannel.nlp.actors.kb import KnowledgeBase, default_kb, load_kb
from backchannel.nlp.actors.people import _people, _pronouns, _role_mentions
from backchannel.nlp.actors.state import _NON_STATE_CODES, _Doc, _Mention
from backchannel.records import Actor, short_hash

__all__ = ["ActorFinder", "find_actors", "actor_at", "actors_at"]


def _dominant_country(mentions: list[_Mention]) -> str | None:
    counts = Counter(m.country for m in mentions if m.country and m.country not in _NON_STATE_CODES)
    return counts.most_common(1)[0][0] if counts else None


def _finish(state: _Doc) -> tuple[Actor, ...]:
    dominant = _dominant_country(state.mentions)
    doc, text, actors = state.doc, state.doc.text, []
    for m in sorted(state.mentions, key=lambda m: (m.start, m.end)):
        if m.country is None and (m.kind == "person" and m.role or m.local):
            m.country = m.title_country or dominant
        start, end = doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1])
        actor_id = m.id or short_hash(m.kind, m.country, m.sector, m.role, m.noun or m.name.lower())
        actors.append(
            Actor(
                actor_id, text[start:end], start, end, m.name, m.kind, m.country, m.sector, m.role
            )
        )
    return tuple(actors)


def find_actors(doc: Doc, *, kb: KnowledgeBase | None = None) -> tuple[Actor, ...]:
    """Every actor mention in a parsed ``doc``, in text order (see the module docstring)."""
    state = _Doc.scan(doc, kb or default_kb())
    people = _people(state)
    _role_mentions(state, people)
    _noun_mentions(state)
    _alias_mentions(state)
    _entity_mentions(state)
    _pronouns(state, people)
    return _finish(state)


def actors_at(doc: Doc, i: int) -> tuple[Actor, ...]:
    """All actors in ``doc._.bc_actors`` whose span covers token ``i``, shortest first.

    Coordinated actors share their noun: in "Hungarian and Romanian officials" the token
    "officials" is covered by both the Hungarian and the Romanian officials.
    """
    token = doc[i]
    covering = [a for a in doc._.bc_actors if a.start <= token.idx < a.end]
    return tuple(sorted(covering, key=lambda a: a.end - a.start))


def actor_at(doc: Doc, i: int) -> Actor | None:
    """The actor covering token ``i`` (the innermost one), from ``doc._.bc_actors``, or None."""
    found = actors_at(doc, i)
    return found[0] if found else None


@dataclass(frozen=True, slots=True)
class ActorFinder:
    """The ``backchannel_actors`` component: :func:`find_actors` with its own knowledge base,
    which it also leaves on the Doc (``doc._.bc_kb``) for the stages that look names up after
    it. Two pipelines with two knowledge bases live side by side in one process."""

    kb: KnowledgeBase

    def __call__(self, doc: Doc) -> Doc:
        doc._.bc_kb = self.kb
        doc._.bc_actors = find_actors(doc, kb=self.kb)
        return doc


@Language.factory(
    "backchannel_actors",
    default_config={"kb_path": None},
    requires=["doc.ents"],
    assigns=["doc._.bc_actors", "doc._.bc_kb"],
)
def make_actor_finder(nlp: Language, name: str, kb_path: str | None) -> ActorFinder:
    """The component over the packaged knowledge base with ``kb_path`` (a user YAML file or
    folder) merged in; None: ``$BACKCHANNEL_KB`` as :func:`~.kb.default_kb` reads it."""
    return ActorFinder(load_kb(kb_path) if kb_path else default_kb())
