"""The actors stage's per-document state: the mentions found so far, and what a stretch of
modifiers says about the actor it qualifies (country, sector, role).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from backchannel.nlp.actors.kb import Alias, Hit, KnowledgeBase, NounSense, Title, match, normalise

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
    firms: frozenset[int] = frozenset()  # tokens of company names (:func:`_firm_tokens`)

    @classmethod
    def scan(cls, doc: Doc, kb: KnowledgeBase) -> _Doc:
        hit_at: list[Hit | None] = [None] * len(doc)
        for hit in match(doc, kb, doc._.bc_published):  # "Moscow" of 1987: the Soviet Union
            for i in range(hit.start, hit.end):
                hit_at[i] = hit
        firms = _firm_tokens(doc, kb, hit_at)
        return cls(doc, kb, hit_at, [False] * len(doc), firms=firms)

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
    state_noun: bool = False  # a state's noun among them ("government and party leaders")

    def country(self) -> str | None:
        if self.countries:
            return self.countries[0][1]
        return self.org_country or (self.title.country if self.title else None)

    def sector(self, base: str | None, *, nouns: bool = True) -> str | None:
        """The most specific sector: a modifier word, then an organisation, then (with
        ``nouns``, for people) a noun that governs the actor ("company officials", "a company
        founder and president", "party leaders"; not "government and party leaders"), then
        ``base``."""
        if base in _GENERIC and self.modifier:
            return self.modifier
        if base in _GENERIC and self.org_sector:
            return self.org_sector
        if self.noun_sector and (
            base is None or nouns and base in _GENERIC and not self.state_noun
        ):
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
        elif token.ent_type_ == "ORG" and (word := _name_word(state.kb, doc, i)):  # "Xerox Corp"
            clues.org_sector = _sharper(clues.org_sector, word)
        elif token.i in state.firms:  # "Exxon" where the article also says "Exxon Corp"
            clues.org_sector = clues.org_sector or "BUS"
        elif sense is not None and sense.sector not in _GENERIC:
            clues.noun_sector = sense.sector
        elif sense is not None and sense.sector == "GOV" and not sense.people:
            clues.state_noun = True
        i += 1
    return clues


def _sharper(old: str | None, new: str) -> str:
    """A body's sector from its name words: the first, but any other over a company's
    ("Ministry of Oil", "Department of Energy": GOV)."""
    return new if old is None or (old == "BUS" and new != "BUS") else old


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


# -- company names ---------------------------------------------------------------------

#: Names of a continent that the knowledge base also reads as a state ("America"): inside
#: a company's name ("Bank of America") they are a brand, never the state.
_CONTINENTS = frozenset({"america", "americas"})
_FUNCTION_POS = frozenset({"DET", "ADP", "SCONJ", "CCONJ", "ADV", "PRON", "VERB", "AUX", "PART"})
#: Words before "Bank of <country>" that keep it the country's central bank.
_CENTRAL = frozenset({"central", "reserve"})


def name_sector(kb: KnowledgeBase, words: Span | list[Token]) -> str | None:
    """The sector the words of an unknown name give: the last such word, any other sector's
    over a company's ("Ministry of Oil": GOV; "North China Industrial Co": BUS)."""
    found = None
    for token in reversed(list(words)):
        sector = _name_word(kb, token.doc, token.i)
        if sector is not None:
            found = _sharper(found, sector)
    return found


def _name_word(kb: KnowledgeBase, doc: Doc, i: int) -> str | None:
    """The sector a word of a name gives; not "Group" in "Group of Seven", "Group of 77"
    (a club of states, not a company's group)."""
    numbered = i + 2 < len(doc) and doc[i + 1].lower_ == "of" and doc[i + 2].like_num
    return None if numbered else kb.name_words.get(doc[i].lower_)


def central_bank(doc: Doc, hit_at: list[Hit | None], i: int) -> tuple[int, Hit] | None:
    """Where "[Central] Bank of <country>" starts and its country's hit, for the token
    ``i`` "Bank": a country's central bank ("the Bank of England", "Central Bank of
    Nigeria"), which CAMEO and PLOVER code as its government (GOV, as the Federal Reserve);
    not "Bank of Tokyo" (a city), "Industrial Bank of Japan", "Bank of Japan Ltd" or "Bank
    of America" (companies)."""
    if doc[i].text != "Bank" or i + 2 >= len(doc) or doc[i + 1].lower_ != "of":
        return None
    j = i + 2 + (doc[i + 2].lower_ == "the")
    hit = hit_at[j] if j < len(doc) else None
    if (
        hit is None
        or hit.start != j
        or not isinstance(hit.what, Alias)
        or hit.what.entry.kind != "country"
        or hit.what.form not in ("name", "alias")
        or normalise(hit.what.text) in _CONTINENTS
        or hit.end < len(doc)
        and _name_goes_on(doc[hit.end])
    ):
        return None
    start = i - 1 if i and doc[i - 1].lower_ in _CENTRAL else i
    if start and doc[start - 1].is_title and doc[start - 1].pos_ not in _FUNCTION_POS:
        return None  # "Industrial Bank of Japan", "Long-Term Credit Bank of Japan"
    return start, hit


def _name_goes_on(token: Token) -> bool:
    """ "Bank of Japan Ltd", "Bank of Japan Trust": the name continues past the country
    (a title, "Bank of Japan Governor", does not)."""
    return token.is_title and token.pos_ == "PROPN" and token.ent_type_ == "ORG"


def _firm_tokens(doc: Doc, kb: KnowledgeBase, hit_at: list[Hit | None]) -> frozenset[int]:
    """Tokens of company names: ORG entities whose words name a company ("Quebecor Inc",
    "Bank of America NT and SA", "North China Industrial Co"), then the same names without
    their company words and the abbreviations given after them in parentheses ("Quebecor",
    "American Motors Corp (AMC)" → "AMC"), as entities or single proper nouns."""
    firms: set[int] = set()
    stems: set[str] = set()
    orgs = [e for e in doc.ents if e.label_ == "ORG" or firm_named(kb, e)]
    for ent in orgs:
        if _state_body(ent, hit_at) or any(central_bank(doc, hit_at, t.i) for t in ent):
            continue
        if name_sector(kb, ent) != "BUS" and not _called_a_firm(kb, ent):
            continue
        firms.update(range(ent.start, ent.end))
        stems.update(_stems(kb, ent))
        after = doc[ent.end : ent.end + 3]
        if len(after) == 3 and after[0].text == "(" and after[2].text == ")":
            stems.add(after[1].lower_)
    if not stems:
        return frozenset(firms)
    for ent in orgs:
        if normalise(_bare(ent.text)) in stems:
            firms.update(range(ent.start, ent.end))
    firms.update(t.i for t in doc if t.pos_ == "PROPN" and not t.ent_type_ and t.lower_ in stems)
    return frozenset(firms)


def firm_named(kb: KnowledgeBase, ent: Span) -> bool:
    """A name that ends in a company word, whatever spaCy called it ("Kintaro Co" tagged as
    a person): no person's name does."""
    return kb.name_words.get(ent[-1].lower_) == "BUS"


def _called_a_firm(kb: KnowledgeBase, ent: Span) -> bool:
    """A name the text calls a company: "Exxon, the oil company,", "the toymaker Bandai"."""
    root, doc = ent.root, ent.doc
    near = [c for c in root.children if c.dep_ in ("appos", "compound") and c.i >= ent.end]
    if root.dep_ == "appos":
        near.append(root.head)
    if ent.start and doc[ent.start - 1].pos_ == "NOUN":
        near.append(doc[ent.start - 1])
    for token in near:
        sense = kb.nouns.get(token.lower_) or kb.nouns.get(token.lemma_.lower())
        if sense is not None and sense.sector == "BUS" and token.pos_ == "NOUN":
            return True
    return False


def _state_body(ent: Span, hit_at: list[Hit | None]) -> bool:
    """An entity the knowledge base knows as a body that is no company ("World Bank")."""
    for i in range(ent.start, ent.end):
        hit = hit_at[i]
        if hit is not None and isinstance(hit.what, Alias):
            entry = hit.what.entry
            if entry.kind != "country" and (
                entry.sector != "BUS" or entry.country in _NON_STATE_CODES
            ):
                return True
    return False


def _stems(kb: KnowledgeBase, ent: Span) -> set[str]:
    """A company's name and its initials, with and without its company words ("Occidental
    Petroleum Co" → "occidental petroleum co", "opc", "occidental petroleum", "occidental";
    "American Motors Corp" → "amc"), where that is no title, noun or known name."""
    tokens = [t for t in ent if t.lower_ != "the"]
    stems = set()
    while tokens:
        text = normalise(" ".join(t.text for t in tokens))
        initials = "".join(t.text[0] for t in tokens if t.is_title).lower()
        for stem in (text, initials if len(initials) > 2 else ""):  # "AMC", American Motors Corp
            if len(stem) > 1 and not (
                kb.alias(stem) or kb.title(stem) or kb.noun(stem) or stem in kb.name_words
            ):
                stems.add(stem)
        if tokens[-1].lower_ not in kb.name_words and tokens[-1].is_alpha:
            break
        tokens.pop()
    return stems


def _bare(text: str) -> str:
    text = text[4:] if text.lower().startswith("the ") else text
    return text[:-2] if text.endswith(("'s", "’s")) else text
