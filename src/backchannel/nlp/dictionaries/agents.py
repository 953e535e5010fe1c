"""Agents: generic nouns ("rebels", "police", "foreign minister") with their agent codes,
joined to the country actor beside them ("Syrian rebels", "Syria's rebels", "the army of
Syria" → SYR REB), as PETRARCH joins an agent to the actor in its noun phrase.

An agent code ``~REB`` goes after the country's code, a prefix code ``NGO~`` before it.
The dictionary's blank between two words (words may come between) is read as ``_``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from backchannel.nlp.dictionaries.actors import ActorTable, Match, PhraseIndex, find_actors
from backchannel.nlp.dictionaries.actors import translate as translate_code
from backchannel.nlp.dictionaries.parse import AgentEntry, phrase_words

__all__ = ["AgentTable", "combine", "find_matches"]

#: words between an agent and the country after it ("the army of Syria")
_OF = (("of",), ("of", "the"), ("from",), ("from", "the"))
_POSSESSIVE = frozenset({"'s", "'", "’s", "’"})


@dataclass(frozen=True, slots=True)
class AgentTable:
    """The agent entries and their phrases."""

    entries: tuple[AgentEntry, ...]
    index: PhraseIndex


@dataclass(frozen=True, slots=True)
class _Hit:
    """An actor phrase (``agent`` None) or an agent phrase found at ``start:end``."""

    start: int
    end: int
    code: str
    name: str
    agent_entry: AgentEntry | None = None

    @property
    def agent(self) -> bool:
        return self.agent_entry is not None


def find_matches(
    words: Sequence[str], actors: ActorTable, agents: AgentTable, day: date | None
) -> list[Match]:
    """Every actor and agent of ``words`` (lower-case tokens) read at ``day``, agents
    joined to the country beside them, in text order."""
    hits = [_Hit(s, e, code, entry.name) for s, e, entry, code in find_actors(words, actors, day)]
    for start, end, payload in agents.index.scan(words):
        entry = agents.entries[payload]
        hits.append(_Hit(start, end, entry.code, phrase_words(entry.phrase).lower(), entry))
    return combine(words, _not_overlapping(hits))


def _not_overlapping(hits: list[_Hit]) -> list[_Hit]:
    """The longest hit at each start, actors before agents on a tie, none overlapping."""
    chosen, end = [], 0
    for hit in sorted(hits, key=lambda h: (h.start, h.start - h.end, h.agent)):
        if hit.start >= end:
            chosen.append(hit)
            end = hit.end
    return chosen


def combine(words: Sequence[str], hits: list[_Hit]) -> list[Match]:
    """Join each agent to a country actor just before it or just after "of"/"from"."""
    matches: list[Match] = []
    used: set[int] = set()
    for k, hit in enumerate(hits):
        if k in used:
            continue
        if not hit.agent:
            matches.append(_actor_match(hit))
            continue
        partner = _partner(words, hits, k, used)
        if partner is not None and partner < k:
            matches.pop()  # the country actor just added joins the agent
        if partner is not None:
            used.add(partner)
        matches.append(_agent_match(hit, hits[partner] if partner is not None else None))
    return matches


def _partner(words: Sequence[str], hits: list[_Hit], k: int, used: set[int]) -> int | None:
    """The index of the country actor that qualifies agent ``hits[k]``, if any."""
    agent = hits[k]
    if k > 0 and k - 1 not in used and _country(hits[k - 1]):
        gap = tuple(words[hits[k - 1].end : agent.start])
        if not gap or (len(gap) == 1 and gap[0] in _POSSESSIVE):
            return k - 1
    if k + 1 < len(hits) and _country(hits[k + 1]):
        if tuple(words[agent.end : hits[k + 1].start]) in _OF:
            return k + 1
    return None


def _country(hit: _Hit) -> bool:
    return not hit.agent and translate_code(hit.code)[0] is not None


def _actor_match(hit: _Hit) -> Match:
    country, sector = translate_code(hit.code)
    return Match(hit.start, hit.end, hit.code, hit.name, country, sector)


def _agent_match(agent: _Hit, actor: _Hit | None) -> Match:
    entry, name = agent.agent_entry, agent.name
    assert entry is not None
    if actor is None:
        if entry.prefix:
            country, sector = translate_code(entry.code)
        else:  # a placeholder country block, so that the code reads as sectors only
            country, sector = None, translate_code("---" + entry.code)[1]
        return Match(agent.start, agent.end, entry.code, name, country, sector, agent=True)
    base = actor.code[:3]
    code = entry.code + base if entry.prefix else base + entry.code
    country, sector = translate_code(code)
    start, end = min(agent.start, actor.start), max(agent.end, actor.end)
    name = f"{actor.name} {name}" if actor.start < agent.start else f"{name} of {actor.name}"
    return Match(start, end, code, name, country, sector or translate_code(actor.code)[1], True)
