"""The actors stage's per-document state: the mentions found so far, and what a stretch of
modifiers says about the actor it qualifies (country, sector, role).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from backchannel.nlp.actors.kb import Alias, Hit, KnowledgeBase, NounSense, Title, match

#: Sectors a more specific modifier or organisation overrides ("intelligence officials").
_GENERIC = frozenset({"GOV", "CVL", "ELI", "COP", None})
_NON_STATE_CODES = frozenset({"IGO", "NGO", "IMG"})


# -- the per-document state ------------------------------------------------------------


@dataclass(slots=True)
class _Mention:
    """An actor mention being resolved; becomes an :class:`Actor` at the end."""

    start: int  # token offsets
    end: int
    kind: str
    name: str
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    id: str | None = None
    cluster: int | None = None  # person mentions: index of their coreference cluster
    title_country: str | None = None  # a title's own country ("Secretary of State" → USA)
    local: bool = False  # an unnamed or ethnic group: of the article's dominant country
    noun: str | None = (
        None  # the actor noun's lemma: "US officials" and "U.S. officials" are one group
    )


@dataclass(slots=True)
class _Doc:
    """One Doc with its knowledge-base hits indexed by token, and the mentions found so far."""

    doc: Doc
    kb: KnowledgeBase
    hit_at: list[Hit | None]
    used: list[bool]
    mentions: list[_Mention] = field(default_factory=list)

    @classmethod
    def scan(cls, doc: Doc, kb: KnowledgeBase) -> _Doc:
        hit_at: list[Hit | None] = [None] * len(doc)
        for hit in match(doc, kb):
            for i in range(hit.start, hit.end):
                hit_at[i] = hit
        return cls(doc, kb, hit_at, [False] * len(doc))

    def add(self, mention: _Mention, *, upto: int | None = None) -> _Mention:
        """Record a mention; its tokens up to ``upto`` (an "of" phrase stays open) are used."""
        self.mentions.append(mention)
        for i in range(mention.start, upto or mention.end):
            self.used[i] = True
        return mention

    def owner(self, i: int) -> _Mention | None:
        """The mention that covers token ``i``, if any."""
        return next((m for m in reversed(self.mentions) if m.start <= i < m.end), None)

    def free(self, start: int, end: int) -> bool:
        return not any(self.used[start:end])

    def alias(self, i: int) -> Hit | None:
        hit = self.hit_at[i]
        return hit if hit is not None and isinstance(hit.what, Alias) else None

    def title(self, i: int) -> Hit | None:
        hit = self.hit_at[i]
        return hit if hit is not None and isinstance(hit.what, Title) else None

    def noun(self, token: Token) -> NounSense | None:
        hit = self.hit_at[token.i]
        if hit is not None:
            return hit.what if isinstance(hit.what, NounSense) else None
        if token.pos_ not in ("NOUN", "PROPN"):
            return None
        return self.kb.nouns.get(token.lower_) or self.kb.nouns.get(token.lemma_.lower())


# -- what a stretch of modifiers says --------------------------------------------------


@dataclass(slots=True)
class _Clues:
    """Country, sector and role read off the words around a name or noun."""

    countries: list[tuple[int, str]] = field(default_factory=list)  # (token, code)
    org_sector: str | None = None
    org_country: str | None = None
    modifier: str | None = None
    title: Title | None = None
    noun_sector: str | None = None

    def country(self) -> str | None:
        if self.countries:
            return self.countries[0][1]
        return self.org_country or (self.title.country if self.title else None)

    def sector(self, base: str | None) -> str | None:
        """The most specific sector: a modifier word, then an organisation, then ``base``."""
        if base in _GENERIC and self.modifier:
            return self.modifier
        if base in _GENERIC and self.org_sector:
            return self.org_sector
        if base is None and self.noun_sector:
            return self.noun_sector
        return base


def _read_clues(state: _Doc, start: int, end: int) -> _Clues:
    """Collect clues from tokens ``start:end``; a country after "to" is a destination."""
    clues = _Clues()
    doc = state.doc
    i = start
    while i < end:
        hit = state.hit_at[i]
        if hit is not None and hit.start >= start:
            after_to = i > start and doc[i - 1].lower_ == "to"
            _clue_from_hit(clues, hit, after_to=after_to, date=doc._.bc_published)
            i = hit.end
            continue
        token = doc[i]
        sense = state.noun(token)
        if token.lower_ in state.kb.modifiers:
            clues.modifier = clues.modifier or state.kb.modifiers[token.lower_]
        elif token.ent_type_ == "ORG" and token.lower_ in state.kb.name_words:  # "of Xerox Corp"
            clues.org_sector = clues.org_sector or state.kb.name_words[token.lower_]
        elif sense is not None and sense.sector not in _GENERIC:
            clues.noun_sector = sense.sector
        i += 1
    return clues


def _clue_from_hit(clues: _Clues, hit: Hit, *, after_to: bool, date: str | None) -> None:
    what = hit.what
    if isinstance(what, Title):  # the fullest title names the role: "Prime Minister Sheikh…"
        if clues.title is None or len(what.text) >= len(clues.title.text):
            clues.title = what
    elif isinstance(what, NounSense):
        if what.sector not in _GENERIC:
            clues.noun_sector = what.sector
    elif what.entry.kind == "country" and not after_to:
        clues.countries.append((hit.start, what.entry.id))
    elif what.form in ("capital", "seat") and not after_to:  # "Moscow officials": a country
        clues.countries.append((hit.start, what.entry.country))
    elif what.entry.kind == "person":  # "Putin's spokesman" serves Putin's country (then)
        clues.org_country = clues.org_country or what.entry.at(date)[1]
    elif what.entry.kind in ("organization", "group") and not after_to:
        clues.org_sector = what.entry.sector or clues.org_sector
        clues.org_country = clues.org_country or what.entry.country
