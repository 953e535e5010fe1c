"""People: names with their titles and appositions, later mentions by surname, titles
without a name ("the CIA chief") and pronouns, all clustered on one id.

A known person takes the role, country and sector they held on the document's date
(``doc._.bc_published``; :meth:`~backchannel.nlp.actors.kb.KBEntry.at`); a title in the text
wins over the knowledge base.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from functools import lru_cache

from spacy.tokens import Doc
from spacy.util import filter_spans

from backchannel.nlp.actors.kb import Alias, Hit, KBEntry, KnowledgeBase, Title, normalise
from backchannel.nlp.actors.state import _GENERIC, _Doc, _Mention, _read_clues, firm_named
from backchannel.records import short_hash

#: Words that may sit inside a title prefix without ending it ("former Foreign Minister").
_PREFIX_WORDS = frozenset(
    "former acting then late senior deputy top outgoing incoming new then- 's ' ’s - interim "
    "principal chief first special vice assistant associate".split()
)


#: Titles that companies, parties and unions give too ("Exxon spokesman", "the bank's
#: president", "union leader"): they take the sector of a body named before them.
_SHARED_TITLES = frozenset(
    normalise(t)
    for t in (
        "President",
        "Vice President",
        "Vice-President",
        "VP",
        "Leader",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "spokespeople",
        "press officer",
        "Secretary-General",
        "Secretary General",
        "Director-General",
        "Director General",
    )
)

_PRONOUNS = frozenset({"he", "she", "him"})
#: how many tokens back a pronoun looks for its person (about two sentences).
_PRONOUN_REACH = 60
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


#: Lower-case words inside personal names ("Mohammed bin Salman", "Ursula von der Leyen").
_PARTICLES = frozenset("bin bint ibn al el de da del della der van von di le la".split())
_OF_PHRASE_POS = frozenset({"DET", "ADJ", "PROPN", "NOUN", "PART", "PUNCT"})


# -- people -----------------------------------------------------------------------------


def _name_spans(state: _Doc) -> list[tuple[int, int]]:
    """Token spans of person names: spaCy PERSON entities and known people."""
    titles = state.kb.titles
    spans = [
        (e.start, e.end)
        for e in state.doc.ents
        if e.label_ == "PERSON"
        and any(t.lower_ not in _PREFIX_WORDS and t.lower_ not in titles for t in e)
        and not firm_named(state.kb, e)  # "Kintaro Co" tagged as a person
    ]
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
    while (
        end < len(doc)
        and end - hit.end < 8
        and (doc[end].pos_ == "PROPN" or doc[end].lower_ in _PARTICLES)
    ):
        other = state.hit_at[end]
        if other is not None and not (
            isinstance(other.what, Alias) and other.what.entry.kind == "person"
        ):
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
        if hit is not None and not (
            isinstance(hit.what, Alias) and hit.what.entry.kind == "person"
        ):
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
    if (
        end + 1 >= len(doc)
        or doc[end].text != ","
        or doc[end + 1].pos_ not in ("DET", "PROPN", "ADJ", "NOUN")
    ):
        return None
    stop = end + 1
    while (
        stop < len(doc)
        and stop - end <= 14
        and doc[stop].text not in (",", ".", ";", ":", "(", "—")
    ):
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
        clues.countries = _read_clues(
            state, name_end + 1, after
        ).countries  # "King Hassan of Morocco"
    known = state.kb.lookup(_bare_name(name))
    if known is None or known.kind != "person":
        known = known_hit.what.entry if known_hit is not None else None
    if known is None and clues.title is not None and name_end - name_start == 1:
        known = _office_holder(state, name, clues.title)  # "Vice President Harris"
    role = clues.title.role if clues.title else None
    sector = clues.sector(clues.title.sector if clues.title else None)
    country = clues.country()
    start, employer = _employer(state, pre)
    if employer is not None and _serves(clues.title, sector):
        sector = employer  # "Canadian Pacific Air Lines president Daniel Colson": BUS
        pre, country = start, country or _read_clues(state, start, pre).country()
    if known is not None:
        held, held_country, held_sector = _held(state, known)
        generic = clues.title is not None and clues.title.sector is None  # "the head of…"
        name, role = known.name, (held if generic else role) or held
        country, sector = country or held_country, sector or held_sector
    return _Mention(
        pre,
        name_end,
        "person",
        name,
        country,
        sector,
        role,
        id=known.id if known else None,
        title_country=clues.title.country if clues.title else None,
    )


def _office_holder(state: _Doc, surname: str, title: Title) -> KBEntry | None:
    """The one known person of that surname who held an office the title names on the
    document's date ("Vice President Harris" in 2022: Kamala Harris; "Secretary Baker" in
    1990: James Baker); a surname alone names no one, being too often shared."""
    wanted = set(normalise(title.role).split())
    date = state.doc._.bc_published
    found = [
        entry
        for entry in _by_surname(state.kb).get(normalise(surname), ())
        if any(wanted <= set(normalise(role).split()) for role in _roles(entry, date))
    ]
    return found[0] if len(found) == 1 else None


def _roles(entry: KBEntry, date: str | None) -> list[str]:
    """The offices ``entry`` held on ``date`` (with no date or no terms: its best known)."""
    if date and entry.terms:
        return [t.role for t in entry.terms if t.covers(date[:10])]
    return [entry.role] if entry.role else []


@lru_cache(maxsize=8)
def _by_surname(kb: KnowledgeBase) -> dict[str, tuple[KBEntry, ...]]:
    """The known people by the last word of their name (built once per knowledge base)."""
    index: dict[str, list[KBEntry]] = {}
    for entry in kb.entries.values():
        if entry.kind == "person":
            index.setdefault(normalise(_last_word(entry.name)), []).append(entry)
    return {k: tuple(v) for k, v in index.items()}


def _held(state: _Doc, known: KBEntry) -> tuple[str | None, str | None, str | None]:
    """The role, country and sector ``known`` held on the document's date."""
    return known.at(state.doc._.bc_published)


def _known_person(state: _Doc, start: int, end: int) -> Hit | None:
    """A known person's alias overlapping the name tokens ``start:end``."""
    for i in range(max(0, start - 2), end):
        hit = state.alias(i)
        if (
            hit is not None
            and hit.what.entry.kind == "person"
            and hit.end > start
            and hit.start < end
        ):
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
    """ "the President", "the CIA chief", "Montenegro's prime minister" → a person."""
    for i, hit in enumerate(state.hit_at):
        if hit is None or hit.start != i or not isinstance(hit.what, Title) or state.used[i]:
            continue
        if _part_of_a_name(state.doc, hit):
            continue  # "General Motors", "Prime Minister's Office"
        start = _prefix_start(state, hit.end)
        end = _of_phrase_end(state, hit.end)
        clues = _read_clues(state, start, end)
        title = hit.what
        start, employer = _employer(state, start)
        if title.sector is None and not (
            clues.countries or clues.org_sector or clues.noun_sector or employer
        ):
            continue  # "head", "chief" alone are not actors
        sector = clues.sector(title.sector)
        mention = _Mention(
            start,
            end,
            "person",
            title.role,
            clues.country(),
            employer if employer is not None and _serves(title, sector) else sector,
            title.role,
            title_country=title.country,
        )
        _resolve_role(mention, people, title)
        state.add(mention, upto=hit.end)


def _employer(state: _Doc, start: int) -> tuple[int, str | None]:
    """The body named just before a title or titled name, when it is no state one: a
    company ("Exxon spokesman", "Bank of America chairman", "Canadian Pacific Air Lines
    president"), a company noun ("the bank's president", "company spokesman") or another
    sector's noun ("party spokesman", "army spokesman"). Returns where the mention starts,
    over those words, and their sector (None: nothing but the state is named)."""
    doc = state.doc
    j = start if start < len(doc) and start in state.firms else start - 1
    if j >= 0 and doc[j].tag_ == "POS":
        j -= 1
    if j >= 0 and j in state.firms:  # "Bank of America chairman", "Exxon spokesman"
        ent = next((e for e in doc.ents if e.start <= j < e.end), doc[j : j + 1])
        return (ent.start if state.free(ent.start, min(j + 1, start)) else start), "BUS"
    owner = state.owner(j) if j >= 0 and state.used[j] else None
    if owner is not None and owner.sector not in _GENERIC:
        return start, owner.sector  # "Kessler, the oil company, …  a Kessler spokesman"
    if j < 0 or state.used[j]:
        return start, None
    first = j
    while (
        first >= 0
        and j - first < 3
        and doc[first].pos_ in ("NOUN", "PROPN")
        and state.hit_at[first] is None
        and not state.used[first]
    ):
        first -= 1
    first += 1
    if first > j:
        return start, None
    clues = _read_clues(state, first, j + 1)
    sector = clues.org_sector or clues.noun_sector or clues.modifier
    return (first, sector) if sector not in _GENERIC else (start, None)


def _serves(title: Title | None, sector: str | None) -> bool:
    """Whether a title takes the sector of the body named before it: one that companies,
    parties and unions have too (:data:`_SHARED_TITLES`, or no sector of its own) with a
    state's sector by default; a minister stays a minister ("Labor Minister")."""
    if sector not in _GENERIC:
        return False
    return title is None or title.sector is None or normalise(title.text) in _SHARED_TITLES


def _part_of_a_name(doc: Doc, hit: Hit) -> bool:
    following = doc[hit.end] if hit.end < len(doc) else None
    inside = doc[hit.start].ent_type_ in ("ORG", "FAC", "GPE", "WORK_OF_ART", "LAW", "EVENT")
    return inside or (
        following is not None and following.pos_ == "PROPN" and following.ent_type_ != "GPE"
    )


def _of_phrase_end(state: _Doc, end: int) -> int:
    """Extend a title over "of Armenia" / "of Russia's foreign intelligence service"."""
    doc = state.doc
    if end >= len(doc) or doc[end].lower_ not in ("of", "for"):
        return end
    j = end + 1
    while (
        j < len(doc) and j - end <= 8 and (doc[j].pos_ in _OF_PHRASE_POS or doc[j].lower_ == "of")
    ):
        if doc[j].text in (",", ".", ";", ":") or doc[j].ent_type_ == "PERSON":
            break  # "Assistant to the President for National Security Affairs Jake Sullivan"
        j += 1
    clues = _read_clues(state, end + 1, j)
    return (
        j
        if (clues.countries or clues.org_sector or clues.org_country or clues.noun_sector)
        else end
    )


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


# -- pronouns ---------------------------------------------------------------------------


def _pronouns(state: _Doc, people: list[_Mention]) -> None:
    """ "he", "she", "him" → the last person mentioned within the previous two sentences."""
    ordered = sorted(
        (p for p in state.mentions if p.kind == "person" and p.cluster is not None),
        key=lambda m: m.start,
    )
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


def _person_before(
    ordered: list[_Mention], starts: list[int], longest: int, i: int
) -> _Mention | None:
    """The last mention (in order of start) that ends at most ``_PRONOUN_REACH`` tokens
    before token ``i``; only the mentions that start near ``i`` are looked at."""
    for k in range(bisect_right(starts, i) - 1, -1, -1):
        mention = ordered[k]
        if mention.start < i - _PRONOUN_REACH - longest:
            break
        if mention.end <= i and i - mention.end <= _PRONOUN_REACH:
            return mention
    return None
