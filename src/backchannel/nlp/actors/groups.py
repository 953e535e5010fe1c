"""Groups and bodies: common nouns that denote actors ("US officials", "Israeli troops"),
knowledge-base names standing alone ("the Kremlin") and unknown ORG/NORP entities.
"""

from __future__ import annotations

from spacy.tokens import Token

from backchannel.nlp.actors.kb import Alias, Hit, NounSense
from backchannel.nlp.actors.people import _of_phrase_end
from backchannel.nlp.actors.state import (
    _GENERIC,
    _NON_STATE_CODES,
    _Doc,
    _Mention,
    _read_clues,
    central_bank,
    firm_named,
    name_sector,
)
from backchannel.records import short_hash

#: Prepositions that make a capital a place rather than its government ("met in Ankara").
_LOCATIVE = frozenset("in at near inside within throughout across into around outside".split())


_NOMINAL = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "attr"})
#: Parts of speech that may modify an actor noun ("the two senior US officials").
_MODIFIER_POS = frozenset({"ADJ", "PROPN", "NOUN", "DET", "NUM", "CCONJ", "PART"})


#: Words after "<place>-" that make the place where a company sits ("Tokyo-based Bandai").
_SEATED = frozenset("based headquartered registered listed incorporated".split())
#: Prepositions whose object may be the body an actor noun serves ("officials of Exxon Corp").
_SERVES = frozenset("of from at for with".split())

_LEADING_POS = frozenset({"DET", "NUM", "ADP", "CCONJ", "PART", "ADV"})
_QUANTIFIERS = frozenset(
    "several some many other both all few two three dozens hundreds thousands".split()
)


# -- groups and bodies named by common nouns --------------------------------------------


def _noun_mentions(state: _Doc) -> None:
    """Companies and central banks first (:func:`_firm_mentions`), then actor nouns."""
    _firm_mentions(state)
    doc = state.doc
    for token in doc:
        sense = state.noun(token)
        if (
            sense is None
            or state.used[token.i]
            or _is_modifier(token)
            or _inside_a_name(state, token)
        ):
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
    """ "Africa Finance Corporation" is a name for the entity step, not a noun phrase."""
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
    return (
        token.pos_ in _MODIFIER_POS
        and (token.pos_ != "PART" or token.tag_ == "POS")
        or token.text == "-"
    )


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
    lemma = (
        sense.text if kind != "person" else f"{sense.text}@{token.idx}"
    )  # each unnamed person is one
    sector = clues.sector(sense.sector, nouns=sense.people)  # "coalition government": GOV
    if sector in _GENERIC and (_serves_a_firm(state, token) or _after_a_firm(state, start)):
        sector = "BUS"  # "representatives from Morgan Guaranty Trust Co", "Exxon officials"
    if ethnic and not countries and sector == "GOV":
        sector = "ELI"  # "Yoruba leaders" lead a people, not a state
    name = state.doc[start:end].text
    if len(countries) < 2:
        local = ethnic or not (sense.shared and plural)  # "the two leaders" are of no one country
        return [_Mention(start, end, kind, name, clues.country(), sector, local=local, noun=lemma)]
    # "Hungarian and Romanian officials": one actor per country, sharing the noun.
    return [
        _Mention(i, end, kind, state.doc[i:end].text, code, sector, noun=lemma)
        for i, code in countries
    ]


def _serves_a_firm(state: _Doc, token: Token) -> bool:
    """Whether an "of"/"from"/"at" phrase after an actor noun names a company: a company
    name or a company noun ("the bank", "the firm")."""
    for child in token.rights:
        if child.dep_ != "prep" or child.lower_ not in _SERVES:
            continue
        pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
        if pobj is None:
            continue
        sense = state.noun(pobj)
        if sense is not None and sense.sector == "BUS":
            return True
        if any(t.i in state.firms for t in pobj.subtree if t.i - pobj.i < 10):
            return True
    return False


def _after_a_firm(state: _Doc, start: int) -> bool:
    """A company's name right before the noun ("Bank of America officials")."""
    j = start - 1 - (start > 0 and state.doc[start - 1].tag_ == "POS")
    return j >= 0 and j in state.firms or start in state.firms


def _ethnic_modifier(state: _Doc, start: int, first: int, sense: NounSense) -> bool:
    """A people the knowledge base does not know ("Ibo elders", "Hutu rebels")."""
    doc = state.doc
    return sense.people and any(
        (doc[j].ent_type_ == "NORP" or doc[j].pos_ == "PROPN" and doc[j].ent_type_ in ("", "ORG"))
        and state.alias(j) is None
        for j in range(start, first)
    )


def _country_nearby(state: _Doc, token: Token, start: int) -> list[tuple[int, str]]:
    """A country named by a possessor person ("Djindjic's coalition") or a following
    "in"/"from" phrase ("rebels in the Ivory Coast", "students throughout Indonesia")."""
    doc = state.doc
    if (
        start >= 2
        and doc[start - 1].tag_ == "POS"
        and (owner := state.owner(start - 2)) is not None
    ):
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
        return _Mention(
            hit.start,
            hit.end,
            "group",
            doc[hit.start : hit.end].text,
            entry.country,
            "CVL",
            id=short_hash("group", entry.country, "people"),
        )
    if alias.form == "adjective" or entry.kind == "person":
        return None
    if alias.form == "demonym" and hit.start > 0 and doc[hit.start - 1].lower_ == "ethnic":
        return _Mention(
            hit.start, hit.end, "group", f"ethnic {entry.name}", None, "CVL", local=True
        )
    if alias.form == "demonym":
        return _Mention(
            hit.start,
            hit.end,
            "group",
            doc[hit.start : hit.end].text,
            entry.country,
            "CVL",
            id=short_hash("group", entry.country, "people"),
        )
    if entry.kind == "country" and (named := _named_body(state, hit)) is not None:
        return named
    if alias.form == "capital" and _is_modifier(head) or _seat_of_a_firm(doc, hit.end):
        return None  # "Moscow officials" is read with its noun; "Tokyo-based Bandai Co"
    if alias.form == "capital" and _is_place(
        head
    ):  # "an embassy in Tehran": Iran, not its government
        country = state.kb.entries.get(entry.country or "")
        return (
            None
            if country is None
            else _Mention(hit.start, hit.end, "country", country.name, country.id, id=country.id)
        )
    return _Mention(
        hit.start, hit.end, entry.kind, entry.name, entry.country, entry.sector, id=entry.id
    )


def _named_body(state: _Doc, hit: Hit) -> _Mention | None:
    """A body named after its country that spaCy missed: "Kenya Anti-Corruption Commission"."""
    doc, end = state.doc, hit.end
    while (
        end < len(doc) and end - hit.end < 6 and (doc[end].pos_ == "PROPN" or doc[end].text == "-")
    ):
        end += 1
    if end == hit.end or not state.free(hit.end, end):
        return None
    sector = state.kb.name_words.get(doc[end - 1].lower_)
    if sector is None:
        return None
    name = doc[hit.start : end].text
    return _Mention(hit.start, end, "organization", name, hit.what.entry.country, sector)


def _seat_of_a_firm(doc, end: int) -> bool:
    """A place before "-based" ("Tokyo-based Bandai Co") says where a company sits."""
    return end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in _SEATED


def _stands_alone(token: Token) -> bool:
    """An adjective used as a noun for a people: "the British", "the French"."""
    return token.dep_ in _NOMINAL and token.i > 0 and token.doc[token.i - 1].lower_ == "the"


def _is_place(token: Token) -> bool:
    """A country or capital after "in", "at", "near"… is where, not who."""
    return token.dep_ == "pobj" and token.head.lower_ in _LOCATIVE


def _entity_mentions(state: _Doc) -> None:
    """Organisations spaCy finds that the knowledge base does not know."""
    for ent in state.doc.ents:
        if (
            ent.label_ not in ("ORG", "NORP")
            or not state.free(ent.start, ent.end)
            or ent.text.islower()
        ):
            continue  # spaCy's lower-case "organisations" are noise ("cts")
        if ent.label_ == "NORP" and (
            ent.root.tag_ not in ("NNS", "NNPS") or _is_modifier(ent.root)
        ):
            continue
        start = (
            ent.start - 1
            if ent.start and state.alias(ent.start - 1) and not state.used[ent.start - 1]
            else ent.start
        )
        clues = _read_clues(state, start, ent.end)  # "Iraqi Kurds"
        sector = name_sector(state.kb, ent) or ("BUS" if ent.start in state.firms else None)
        kind = "organization" if ent.label_ == "ORG" else "group"
        name = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
        state.add(
            _Mention(
                start,
                ent.end,
                kind,
                state.doc[start : ent.end].text if start < ent.start else name,
                clues.country(),
                clues.sector(sector),
            )
        )


# -- companies and central banks ---------------------------------------------------------


def _firm_mentions(state: _Doc) -> None:
    """Company names as business actors (BUS), with the country they are of or sit in at
    most: a country inside or after "of" in the name is no party to the event ("Bank of
    America NT and SA", "Occidental Petroleum Co of the United States", "Tokyo-based
    Bandai Co"). A country's central bank ("the Bank of England") is its government."""
    doc = state.doc
    for token in doc:
        found = central_bank(doc, state.hit_at, token.i)
        if found is not None and state.free(found[0], found[1].end):
            start, hit = found
            name, country = doc[start : hit.end].text, hit.what.entry.country
            state.add(_Mention(start, hit.end, "organization", name, country, "GOV"))
    for ent in doc.ents:
        if not state.free(ent.start, ent.end):
            continue
        if ent.start in state.firms and (ent.label_ == "ORG" or firm_named(state.kb, ent)):
            end = _of_country_end(state, ent.end)
            if state.free(ent.end, end):
                country = _firm_country(state, ent.start, end)
                name = doc[ent.start : end].text
                state.add(_Mention(ent.start, end, "organization", name, country, "BUS"))


def _of_country_end(state: _Doc, end: int) -> int:
    """The end of an "of <country>" phrase right after a company's name, else ``end``."""
    doc = state.doc
    if end + 1 >= len(doc) or doc[end].lower_ != "of":
        return end
    i = end + 1 + (doc[end + 1].lower_ == "the")
    hit = state.alias(i) if i < len(doc) else None
    if hit is None or hit.start != i or hit.what.entry.kind != "country":
        return end
    return hit.end


def _firm_country(state: _Doc, start: int, end: int) -> str | None:
    """The country a company's name holds ("North China Industrial Co") or the place
    before "-based" names."""
    countries = _read_clues(state, start, end).countries
    if countries:
        return countries[0][1]
    doc, j = state.doc, start - 1
    while j > 0 and doc[j].lower_ not in _SEATED and start - j < 4:
        j -= 1
    hit = state.alias(j - 2) if j >= 2 and doc[j].lower_ in _SEATED else None
    return hit.what.entry.country if hit is not None and doc[j - 1].text == "-" else None
