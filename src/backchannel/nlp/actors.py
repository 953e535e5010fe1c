"""Actors: named entities and knowledge-base patterns resolved to kind, country, sector, role.

:func:`find_actors` reads a parsed Doc and returns every actor mention as a
:class:`~backchannel.records.Actor` with character offsets into ``doc.text``:

- people named with their titles and appositions ("CIA Director William Burns" → USA SPY
  Director; "Sergei Naryshkin, the head of Russia's foreign-intelligence service" → RUS SPY);
  later mentions by surname, by title ("the CIA chief", "the President") or by pronoun
  ("he") carry the same ``id``;
- countries, institutions, international organisations and armed groups from the knowledge
  base (:mod:`backchannel.nlp.kb`), including metonyms ("the Kremlin", "Moscow" → RUS GOV);
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
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field, replace

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.util import filter_spans

from backchannel.nlp import extensions  # noqa: F401  (registers doc._.bc_*)
from backchannel.nlp.kb import Alias, Hit, KnowledgeBase, NounSense, Title, default_kb, match
from backchannel.records import Actor, short_hash

__all__ = ["find_actors", "actor_at", "actors_at"]

#: Words that may sit inside a title prefix without ending it ("former Foreign Minister").
_PREFIX_WORDS = frozenset(
    "former acting then late senior deputy top outgoing incoming new then- 's ' ’s - interim "
    "principal chief first special".split()
)
#: Prepositions that make a capital a place rather than its government ("met in Ankara").
_LOCATIVE = frozenset("in at near inside within throughout across into around outside".split())
#: Sectors a more specific modifier or organisation overrides ("intelligence officials").
_GENERIC = frozenset({"GOV", "CVL", "ELI", "COP", None})
_NON_STATE_CODES = frozenset({"IGO", "NGO", "IMG"})
_PRONOUNS = frozenset({"he", "she", "him"})
#: how many tokens back a pronoun looks for its person (about two sentences).
_PRONOUN_REACH = 60
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_NOMINAL = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "attr"})
#: Parts of speech that may modify an actor noun ("the two senior US officials").
_MODIFIER_POS = frozenset({"ADJ", "PROPN", "NOUN", "DET", "NUM", "CCONJ", "PART"})
#: Lower-case words inside personal names ("Mohammed bin Salman", "Ursula von der Leyen").
_PARTICLES = frozenset("bin bint ibn al el de da del della der van von di le la".split())
_OF_PHRASE_POS = frozenset({"DET", "ADJ", "PROPN", "NOUN", "PART", "PUNCT"})
_LEADING_POS = frozenset({"DET", "NUM", "ADP", "CCONJ", "PART", "ADV"})
_QUANTIFIERS = frozenset("several some many other both all few two three dozens hundreds thousands".split())


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
    noun: str | None = None  # the actor noun's lemma: "US officials" and "U.S. officials" are one group


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
            _clue_from_hit(clues, hit, after_to=i > start and doc[i - 1].lower_ == "to")
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


def _clue_from_hit(clues: _Clues, hit: Hit, *, after_to: bool) -> None:
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
    elif what.entry.kind == "person":  # "Putin's spokesman" serves Putin's country
        clues.org_country = clues.org_country or what.entry.country
    elif what.entry.kind in ("organization", "group") and not after_to:
        clues.org_sector = what.entry.sector or clues.org_sector
        clues.org_country = clues.org_country or what.entry.country


# -- people -----------------------------------------------------------------------------


def _name_spans(state: _Doc) -> list[tuple[int, int]]:
    """Token spans of person names: spaCy PERSON entities and known people."""
    titles = state.kb.titles
    spans = [(e.start, e.end) for e in state.doc.ents
             if e.label_ == "PERSON" and any(t.lower_ not in _PREFIX_WORDS and t.lower_ not in titles for t in e)]
    for i, hit in enumerate(state.hit_at):
        if hit is not None and hit.start == i and isinstance(hit.what, Alias):
            if hit.what.entry.kind == "person":
                spans.append((hit.start, hit.end))
        elif hit is not None and hit.start == i and isinstance(hit.what, Title):
            spans.extend(_titled_name(state, hit))
    chosen = filter_spans([state.doc[s:e] for s, e in spans])
    return [(s.start, s.end) for s in chosen]


def _titled_name(state: _Doc, hit: Hit) -> list[tuple[int, int]]:
    """Proper nouns right after a title are a name, whatever spaCy called them
    ("President Alejandro Giammattei", tagged ORG); not inside a name ("General Motors")."""
    doc, end = state.doc, hit.end
    if hit.what.sector is None or doc[hit.start].ent_type_ in ("ORG", "FAC"):
        return []
    while end < len(doc) and end - hit.end < 8 and (doc[end].pos_ == "PROPN" or doc[end].lower_ in _PARTICLES):
        other = state.hit_at[end]
        if other is not None and not (isinstance(other.what, Alias) and other.what.entry.kind == "person"):
            break
        if doc[end].lower_ in state.kb.nouns:
            break
        end += 1
    while end > hit.end and doc[end - 1].lower_ in _PARTICLES:
        end -= 1
    return [(hit.end, end)] if end > hit.end else []


def _trim_name(state: _Doc, start: int, end: int) -> tuple[int, int]:
    """Move titles and non-person names out of a PERSON entity ("President Trump")."""
    while start < end:
        hit = state.hit_at[start]
        if hit is None or (isinstance(hit.what, Alias) and hit.what.entry.kind == "person"):
            break
        if hit.end > end:
            return end, end
        start = hit.end
    for i in range(start + 1, end):  # "Frederiksen of Denmark" tagged as one PERSON
        if state.doc[i].lower_ == "of":
            end = i
            break
    while end > start and state.doc[end - 1].text in ("'s", "’s", "'", "’"):
        end -= 1
    return start, end


def _prefix_start(state: _Doc, name_start: int) -> int:
    """Where the title-and-affiliation prefix before a name begins ("U.S. Ambassador to…")."""
    doc, start, j = state.doc, name_start, name_start - 1
    while j >= 0 and name_start - j <= 12 and not state.used[j]:
        hit = state.hit_at[j]
        if hit is not None and not (isinstance(hit.what, Alias) and hit.what.entry.kind == "person"):
            start = j = hit.start
            j -= 1
        elif doc[j].lower_ in ("of", "to", "for") and j > 0 and state.title(j - 1):
            j -= 1
        elif doc[j].lower_ in _PREFIX_WORDS or doc[j].text in ("'s", "’s"):
            j -= 1
        else:
            break
    return start


def _appositive(state: _Doc, end: int) -> tuple[int, int] | None:
    """The appositive after a name: ", the head of Russia's foreign-intelligence service"."""
    doc = state.doc
    if end + 1 >= len(doc) or doc[end].text != "," or doc[end + 1].pos_ not in ("DET", "PROPN", "ADJ", "NOUN"):
        return None
    stop = end + 1
    while stop < len(doc) and stop - end <= 14 and doc[stop].text not in (",", ".", ";", ":", "(", "—"):
        if doc[stop].pos_ in ("VERB", "AUX") or doc[stop].is_sent_start:
            return None
        stop += 1
    return end + 1, stop


def _person(state: _Doc, start: int, end: int) -> _Mention | None:
    name_start, name_end = _trim_name(state, start, end)
    if name_start >= name_end:
        return None
    known_hit = _known_person(state, name_start, name_end)
    if known_hit is not None:
        name_start = min(name_start, known_hit.start)  # "Sheikh Tamim" + "Tamim Bin Hamad…"
    name = state.doc[name_start:name_end].text
    pre = _prefix_start(state, name_start)
    clues = _read_clues(state, pre, name_start)
    if clues.title is None and (span := _appositive(state, name_end)) is not None:
        clues = _read_clues(state, *span)
    if not clues.countries and (after := _of_phrase_end(state, name_end)) > name_end:
        clues.countries = _read_clues(state, name_end + 1, after).countries  # "King Hassan of Morocco"
    known = state.kb.lookup(_bare_name(name))
    if known is None or known.kind != "person":
        known = known_hit.what.entry if known_hit is not None else None
    role = clues.title.role if clues.title else None
    sector = clues.sector(clues.title.sector if clues.title else None)
    country = clues.country()
    if known is not None:
        generic = clues.title is not None and clues.title.sector is None  # "the head of…"
        name, role = known.name, (known.role if generic else role) or known.role
        country, sector = country or known.country, sector or known.sector
    return _Mention(pre, name_end, "person", name, country, sector, role,
                    id=known.id if known else None,
                    title_country=clues.title.country if clues.title else None)


def _known_person(state: _Doc, start: int, end: int) -> Hit | None:
    """A known person's alias overlapping the name tokens ``start:end``."""
    for i in range(max(0, start - 2), end):
        hit = state.alias(i)
        if hit is not None and hit.what.entry.kind == "person" and hit.end > start and hit.start < end:
            return hit
    return None


def _bare_name(name: str) -> str:
    """A name without generational suffixes: "Joseph R. Biden Jr." → "Joseph R. Biden"."""
    words = name.replace(",", " ").split()
    while len(words) > 1 and words[-1].rstrip(".").lower() in _SUFFIXES:
        words.pop()
    return " ".join(words)


def _last_word(name: str) -> str:
    words = _bare_name(name).split()
    return words[-1] if words else ""


def _surname(name: str) -> str:
    return _last_word(name).lower()


def _cluster_people(people: list[_Mention]) -> None:
    """Give later mentions by surname or known alias the cluster of the first full mention.

    Heads never share a surname or an id (a mention that does joins the earlier head), so
    one dictionary each finds a mention's first matching head."""
    heads: list[_Mention] = []
    by_surname: dict[str, int] = {}
    by_id: dict[str | None, int] = {}
    for mention in people:
        last = _surname(mention.name)
        found = [i for i in (by_surname.get(last), by_id.get(mention.id)) if i is not None]
        if found:
            mention.cluster = min(found)
            continue
        mention.cluster = by_surname[last] = len(heads)
        if mention.id is not None:
            by_id[mention.id] = mention.cluster
        heads.append(mention)
    members: dict[int, list[_Mention]] = {}
    for mention in people:
        members.setdefault(mention.cluster, []).append(mention)
    for i, head in enumerate(heads):
        _share(head, members[i])


def _share(head: _Mention, members: list[_Mention]) -> None:
    """Everything known about a person, from any of their mentions, on every mention."""
    pid = next((m.id for m in members if m.id), None) or short_hash(head.name, "person")
    country = next((m.country for m in members if m.country), None)
    sector = next((m.sector for m in members if m.sector), None)
    role = next((m.role for m in members if m.role), None)
    title_country = next((m.title_country for m in members if m.title_country), None)
    for m in members:
        m.id, m.name = pid, head.name if len(head.name) >= len(m.name) else m.name
        m.country, m.sector, m.role = m.country or country, m.sector or sector, m.role or role
        m.title_country = title_country


def _people(state: _Doc) -> list[_Mention]:
    found = []
    for start, end in _name_spans(state):
        mention = _person(state, start, end)
        if mention is not None:
            found.append(state.add(mention))
    _cluster_people(found)
    found += _surnames(state, found)
    return found


def _surnames(state: _Doc, people: list[_Mention]) -> list[_Mention]:
    """Later bare surnames spaCy did not tag ("Burns said") join their person."""
    by_last = {_last_word(m.name): m for m in people}
    found = []
    for token in state.doc:
        head = by_last.get(token.text)
        if head is not None and token.pos_ == "PROPN" and not state.used[token.i]:
            found.append(state.add(replace(head, start=token.i, end=token.i + 1)))
    return found


# -- titles without a name -------------------------------------------------------------


def _role_mentions(state: _Doc, people: list[_Mention]) -> None:
    """"the President", "the CIA chief", "Montenegro's prime minister" → a person."""
    for i, hit in enumerate(state.hit_at):
        if hit is None or hit.start != i or not isinstance(hit.what, Title) or state.used[i]:
            continue
        if _part_of_a_name(state.doc, hit):
            continue  # "General Motors", "Prime Minister's Office"
        start = _prefix_start(state, hit.end)
        end = _of_phrase_end(state, hit.end)
        clues = _read_clues(state, start, end)
        title = hit.what
        if title.sector is None and not (clues.countries or clues.org_sector or clues.noun_sector):
            continue  # "head", "chief" alone are not actors
        mention = _Mention(start, end, "person", title.role, clues.country(),
                           clues.sector(title.sector), title.role, title_country=title.country)
        _resolve_role(mention, people, title)
        state.add(mention, upto=hit.end)


def _part_of_a_name(doc: Doc, hit: Hit) -> bool:
    following = doc[hit.end] if hit.end < len(doc) else None
    inside = doc[hit.start].ent_type_ in ("ORG", "FAC", "GPE", "WORK_OF_ART", "LAW", "EVENT")
    return inside or (following is not None and following.pos_ == "PROPN" and following.ent_type_ != "GPE")


def _of_phrase_end(state: _Doc, end: int) -> int:
    """Extend a title over "of Armenia" / "of Russia's foreign intelligence service"."""
    doc = state.doc
    if end >= len(doc) or doc[end].lower_ not in ("of", "for"):
        return end
    j = end + 1
    while j < len(doc) and j - end <= 8 and (doc[j].pos_ in _OF_PHRASE_POS or doc[j].lower_ == "of"):
        if doc[j].text in (",", ".", ";", ":") or doc[j].ent_type_ == "PERSON":
            break  # "Assistant to the President for National Security Affairs Jake Sullivan"
        j += 1
    clues = _read_clues(state, end + 1, j)
    return j if (clues.countries or clues.org_sector or clues.org_country or clues.noun_sector) else end


def _resolve_role(mention: _Mention, people: list[_Mention], title: Title) -> None:
    """Point a title to the last person mentioned with that role, else to the role itself."""
    for person in reversed([p for p in people if p.start < mention.start]):
        if mention.country not in (None, person.country):
            continue  # "the Russian president" is not the American one
        same_role = person.role and person.role.lower() == title.role.lower()
        same_body = mention.sector and person.sector == mention.sector
        if same_role or (title.sector is None and same_body):
            mention.id, mention.name, mention.cluster = person.id, person.name, person.cluster
            mention.country = mention.country or person.country
            mention.sector, mention.role = person.sector, person.role
            return
    mention.id = None


# -- groups and bodies named by common nouns --------------------------------------------


def _noun_mentions(state: _Doc) -> None:
    doc = state.doc
    for token in doc:
        sense = state.noun(token)
        if sense is None or state.used[token.i] or _is_modifier(token) or _inside_a_name(state, token):
            continue
        hit = state.hit_at[token.i]
        first = hit.start if hit is not None else token.i
        last = hit.end if hit is not None else token.i + 1
        if not state.free(first, last):
            continue
        start = _left_start(state, token, first)
        end = _of_phrase_end(state, last)
        for mention in _noun_group(state, token, sense, start, end, first):
            state.add(mention, upto=last)


def _inside_a_name(state: _Doc, token: Token) -> bool:
    """"Africa Finance Corporation" is a name for the entity step, not a noun phrase."""
    if token.ent_type_ != "ORG" or state.hit_at[token.i] is not None:
        return False
    ent = next(e for e in token.doc.ents if e.start <= token.i < e.end)
    return len(ent) > 1 and state.alias(ent.start) is None and ent.root.i == token.i


def _is_modifier(token: Token) -> bool:
    """A noun modifying a later noun ("police chief", "army base") is not the head."""
    return token.dep_ in ("compound", "amod", "nmod") and token.head.i > token.i


def _left_start(state: _Doc, token: Token, first: int) -> int:
    """The start of the modifiers before a noun head: its subtree, or a name just before it."""
    doc, start = state.doc, first
    floor = min(token.left_edge.i, first - 1 if first and state.alias(first - 1) else first)
    for j in range(first - 1, max(floor, first - 8) - 1, -1):
        if state.used[j] or not _modifies(doc[j]):
            break
        hit = state.alias(j)
        if hit is not None and hit.what.form == "demonym" and doc[j].tag_ in ("NNS", "NNPS"):
            break  # "the Russians and US officials"
        start = j
    while start < first and (doc[start].pos_ in _LEADING_POS or doc[start].lower_ in _QUANTIFIERS):
        start += 1
    return start


def _modifies(token: Token) -> bool:
    return token.pos_ in _MODIFIER_POS and (token.pos_ != "PART" or token.tag_ == "POS") or token.text == "-"


def _noun_group(
    state: _Doc, token: Token, sense: NounSense, start: int, end: int, first: int
) -> list[_Mention]:
    clues = _read_clues(state, start, end)
    if not clues.countries and not clues.org_country:
        clues.countries = _country_nearby(state, token, start)
    countries = clues.countries
    ethnic = _ethnic_modifier(state, start, first, sense)
    if not countries and not clues.org_country and not (sense.bare or ethnic):
        return []
    plural = token.tag_ in ("NNS", "NNPS") or token.lower_ != token.lemma_.lower()
    kind = ("group" if plural else "person") if sense.people else "organization"
    lemma = sense.text if kind != "person" else f"{sense.text}@{token.idx}"  # each unnamed person is one
    sector = clues.sector(sense.sector)
    if ethnic and not countries and sector == "GOV":
        sector = "ELI"  # "Yoruba leaders" lead a people, not a state
    name = state.doc[start:end].text
    if len(countries) < 2:
        local = ethnic or not (sense.shared and plural)  # "the two leaders" are of no one country
        return [_Mention(start, end, kind, name, clues.country(), sector, local=local, noun=lemma)]
    # "Hungarian and Romanian officials": one actor per country, sharing the noun.
    return [_Mention(i, end, kind, state.doc[i:end].text, code, sector, noun=lemma) for i, code in countries]


def _ethnic_modifier(state: _Doc, start: int, first: int, sense: NounSense) -> bool:
    """A people the knowledge base does not know ("Ibo elders", "Hutu rebels")."""
    doc = state.doc
    return sense.people and any(
        (doc[j].ent_type_ == "NORP" or doc[j].pos_ == "PROPN" and doc[j].ent_type_ in ("", "ORG"))
        and state.alias(j) is None for j in range(start, first))


def _country_nearby(state: _Doc, token: Token, start: int) -> list[tuple[int, str]]:
    """A country named by a possessor person ("Djindjic's coalition") or a following
    "in"/"from" phrase ("rebels in the Ivory Coast", "students throughout Indonesia")."""
    doc = state.doc
    if start >= 2 and doc[start - 1].tag_ == "POS" and (owner := state.owner(start - 2)) is not None:
        return [(owner.start, owner.country)] if owner.country else []
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ in ("in", "from", "throughout", "across", "of"):
            for j in range(child.i + 1, min(child.i + 5, len(doc))):
                hit = state.alias(j)
                country = hit.what.entry.country if hit is not None else None
                if country is not None and country not in _NON_STATE_CODES:
                    return [(hit.start, country)]  # "activists from the Fatah Party" → PSE
    return []


# -- names the knowledge base knows, standing alone ----------------------------------------


def _alias_mentions(state: _Doc) -> None:
    for i, hit in enumerate(state.hit_at):
        if hit is None or hit.start != i or not isinstance(hit.what, Alias):
            continue
        if not state.free(hit.start, hit.end):
            continue
        mention = _alias_mention(state, hit)
        if mention is not None:
            state.add(mention)


def _alias_mention(state: _Doc, hit: Hit) -> _Mention | None:
    alias: Alias = hit.what  # type: ignore[assignment]
    entry, doc = alias.entry, state.doc
    head = doc[hit.start : hit.end].root
    if alias.form == "adjective" and _stands_alone(head):
        return _Mention(hit.start, hit.end, "group", doc[hit.start : hit.end].text, entry.country,
                        "CVL", id=short_hash("group", entry.country, "people"))
    if alias.form == "adjective" or entry.kind == "person":
        return None
    if alias.form == "demonym" and hit.start > 0 and doc[hit.start - 1].lower_ == "ethnic":
        return _Mention(hit.start, hit.end, "group", f"ethnic {entry.name}", None, "CVL", local=True)
    if alias.form == "demonym":
        return _Mention(hit.start, hit.end, "group", doc[hit.start : hit.end].text, entry.country,
                        "CVL", id=short_hash("group", entry.country, "people"))
    if entry.kind == "country" and (named := _named_body(state, hit)) is not None:
        return named
    if alias.form == "capital" and _is_modifier(head):
        return None
    if alias.form == "capital" and _is_place(head):  # "an embassy in Tehran": Iran, not its government
        country = state.kb.entries.get(entry.country or "")
        return None if country is None else _Mention(
            hit.start, hit.end, "country", country.name, country.id, id=country.id)
    return _Mention(hit.start, hit.end, entry.kind, entry.name, entry.country, entry.sector, id=entry.id)


def _named_body(state: _Doc, hit: Hit) -> _Mention | None:
    """A body named after its country that spaCy missed: "Kenya Anti-Corruption Commission"."""
    doc, end = state.doc, hit.end
    while end < len(doc) and end - hit.end < 6 and (doc[end].pos_ == "PROPN" or doc[end].text == "-"):
        end += 1
    if end == hit.end or not state.free(hit.end, end):
        return None
    sector = state.kb.name_words.get(doc[end - 1].lower_)
    if sector is None:
        return None
    name = doc[hit.start : end].text
    return _Mention(hit.start, end, "organization", name, hit.what.entry.country, sector)


def _stands_alone(token: Token) -> bool:
    """An adjective used as a noun for a people: "the British", "the French"."""
    return token.dep_ in _NOMINAL and token.i > 0 and token.doc[token.i - 1].lower_ == "the"


def _is_place(token: Token) -> bool:
    """A country or capital after "in", "at", "near"… is where, not who."""
    return token.dep_ == "pobj" and token.head.lower_ in _LOCATIVE


def _entity_mentions(state: _Doc) -> None:
    """Organisations spaCy finds that the knowledge base does not know."""
    for ent in state.doc.ents:
        if ent.label_ not in ("ORG", "NORP") or not state.free(ent.start, ent.end) or ent.text.islower():
            continue  # spaCy's lower-case "organisations" are noise ("cts")
        if ent.label_ == "NORP" and (ent.root.tag_ not in ("NNS", "NNPS") or _is_modifier(ent.root)):
            continue
        start = ent.start - 1 if ent.start and state.alias(ent.start - 1) and not state.used[ent.start - 1] else ent.start
        clues = _read_clues(state, start, ent.end)  # "Iraqi Kurds"
        sector = next((state.kb.name_words[t.lower_] for t in reversed(ent) if t.lower_ in state.kb.name_words), None)
        kind = "organization" if ent.label_ == "ORG" else "group"
        name = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
        state.add(_Mention(start, ent.end, kind, state.doc[start:ent.end].text if start < ent.start else name,
                           clues.country(), clues.sector(sector)))


# -- pronouns, the dominant country, ids -------------------------------------------------


def _pronouns(state: _Doc, people: list[_Mention]) -> None:
    """"he", "she", "him" → the last person mentioned within the previous two sentences."""
    ordered = sorted((p for p in state.mentions if p.kind == "person" and p.cluster is not None),
                     key=lambda m: m.start)
    if not ordered:
        return
    starts = [p.start for p in ordered]
    longest = max(p.end - p.start for p in ordered)
    for token in state.doc:
        if token.lower_ not in _PRONOUNS or token.tag_ != "PRP" or state.used[token.i]:
            continue
        person = _person_before(ordered, starts, longest, token.i)
        if person is not None:
            state.add(replace(person, start=token.i, end=token.i + 1))


def _person_before(ordered: list[_Mention], starts: list[int], longest: int, i: int) -> _Mention | None:
    """The last mention (in order of start) that ends at most ``_PRONOUN_REACH`` tokens
    before token ``i``; only the mentions that start near ``i`` are looked at."""
    for k in range(bisect_right(starts, i) - 1, -1, -1):
        mention = ordered[k]
        if mention.start < i - _PRONOUN_REACH - longest:
            break
        if mention.end <= i and i - mention.end <= _PRONOUN_REACH:
            return mention
    return None


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
        actors.append(Actor(actor_id, text[start:end], start, end, m.name, m.kind,
                            m.country, m.sector, m.role))
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


@Language.component("backchannel_actors", requires=["doc.ents"], assigns=["doc._.bc_actors"])
def actors_component(doc: Doc) -> Doc:
    """Write :func:`find_actors` to ``doc._.bc_actors`` (knowledge base from ``$BACKCHANNEL_KB``)."""
    doc._.bc_actors = find_actors(doc)
    return doc
