"""Places: toponyms found in an article and resolved to GeoNames entries using its context.

A toponym is a GPE/LOC/FAC entity, or any other entity a locative preposition governs
("in Pandi") that the gazetteer knows. It is a *place* only when it is used as one:
demonyms ("Russian") are actors, and so are capitals, countries and seats of power that act
or speak ("Moscow responded", "Washington said", "the Kremlin") unless a locative
preposition governs them ("talks in Moscow", "a briefing at the White House").

Resolution (``resolve``) weighs each candidate's population (a prior, not the answer)
against the article: the container in "Ankara, Turkey" / "Springfield, Illinois", the
countries the article names (places, demonyms, actors), admin areas it names, and the
distance to the other places it resolves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from backchannel.nlp import extensions  # noqa: F401
from backchannel.nlp.places.gazetteer import (
    Entry,
    Gazetteer,
    distance_km,
    load_gazetteer,
    normalise,
)
from backchannel.records import Place

__all__ = ["find_places", "resolve", "Mention"]


#: entity labels that name places outright
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: entity labels that may still be a place when a locative preposition governs them
OTHER_LABELS = frozenset({"ORG", "PERSON", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT"})
#: prepositions whose object is where something is or happens
LOCATIVE = frozenset(
    {
        "in",
        "at",
        "near",
        "outside",
        "inside",
        "within",
        "throughout",
        "across",
        "around",
        "into",
        "from",
        "to",
        "toward",
        "towards",
        "via",
        "through",
        "between",
        "off",
        "along",
        "beyond",
        "above",
        "below",
        "nearby",
        "onto",
        "over",
        "under",
        "of",
    }
)
#: prepositions that place something at a hamlet ("in Pandi"); "to", "from" are too loose
HAMLET_LOCATIVE = frozenset({"in", "at", "near", "outside", "inside", "within"})
#: nouns whose "of" phrase names a place ("the town of Dogubayazit")
PLACE_NOUNS = frozenset(
    {
        "town",
        "city",
        "village",
        "province",
        "district",
        "region",
        "state",
        "county",
        "capital",
        "municipality",
        "area",
        "island",
        "port",
        "suburb",
        "republic",
        "governorate",
        "prefecture",
    }
)


#: dependency labels of a subject (an acting or speaking toponym is an actor)
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "agent", "csubj"})

#: words that make a run of a name generic rather than a place ("Lake", "University")
_GENERIC = frozenset(
    {
        "university",
        "college",
        "school",
        "church",
        "hospital",
        "airport",
        "station",
        "street",
        "lake",
        "river",
        "mount",
        "north",
        "south",
        "east",
        "west",
        "new",
        "saint",
        "st",
        "the",
        "international",
        "national",
        "state",
        "city",
        "county",
        "center",
        "centre",
        "park",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "valley",
        "island",
        "islands",
        "republic",
        "creek",
        "province",
        "district",
        "region",
        "bay",
        "plum",
        "upper",
        "lower",
    }
)

# weights of the resolver's evidence, in units of log10(population)
_PRIMARY_NAME = 1.5
_CONTAINER_MATCH = 6.0
_CONTAINER_MISS = -2.0
_COUNTRY_SHARE = 4.0
_NEAR_100KM = 1.0
_NEAR_400KM = 0.5
_ADMIN_MENTIONED = 1.0
_CLEAR_LEAD = 1.0
_TOWNS = frozenset({"PPL", "PPLC", "ADM2"})
_TOP_LEVEL = frozenset({"PCLI", "PCLD", "CONT", "OCN", "SEA", "RGN"})


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of text that names a place, with the gazetteer's candidates for it."""

    text: str
    start: int
    end: int
    key: str  # the name looked up ("Russia" in "southern Russia")
    candidates: tuple[Entry, ...]
    region: str | None = None  # the vague region phrase, kept as written
    container: tuple[Entry, ...] = ()  # candidates of the place after a comma ("…, Turkey")


# --- finding toponyms ---------------------------------------------------------------------


def find_places(doc: Doc, *, gazetteer: Gazetteer | None = None) -> tuple[Place, ...]:
    """Every toponym in ``doc`` that refers to a place (not a metonymic actor or demonym)."""
    gazetteer = gazetteer if gazetteer is not None else load_gazetteer()
    spans = [span for span in _toponym_spans(doc, gazetteer) if not _is_actor(span, gazetteer)]
    mentions = [m for m in (_mention(doc, span, gazetteer) for span in spans) if m]
    mentions = _with_containers(doc.text, mentions)
    entries = _resolve_mentions(doc, mentions, gazetteer)
    return tuple(_place(m, e) for m, e in zip(mentions, entries))


def _toponym_spans(doc: Doc, gazetteer: Gazetteer) -> list[Span]:
    spans = []
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS:
            spans.extend(_split_listed(ent, gazetteer))
        elif ent.label_ in OTHER_LABELS and _named_place(ent, gazetteer):
            spans.append(ent)
    spans.extend(_untagged_places(doc, gazetteer))
    return sorted(spans, key=lambda span: span.start)


def _untagged_places(doc: Doc, gazetteer: Gazetteer) -> Iterator[Span]:
    """Proper-noun runs outside any entity that a locative preposition governs and the
    gazetteer knows ("a farm in Pandi" where the model tagged nothing)."""
    for token in doc:
        if token.dep_ != "pobj" or token.pos_ != "PROPN" or token.ent_type_:
            continue
        if token.head.lower_ not in LOCATIVE:
            continue
        start = token.i
        while start > 0 and doc[start - 1].pos_ == "PROPN" and not doc[start - 1].ent_type_:
            start -= 1
        span = doc[start : token.i + 1]
        if span[0].is_title and _named_place(span, gazetteer):
            yield span


def _place_noun_of(prep: Token) -> bool:
    """ "the town of …", "the province of …"."""
    return prep.lower_ == "of" and prep.head.lemma_.lower() in PLACE_NOUNS


def _named_place(span: Span, gazetteer: Gazetteer) -> bool:
    """An untagged or otherwise-tagged name is a place only when a locative preposition
    governs it ("a farm in Pandi", "the town of Dogubayazit") and it is a known place's own
    name: not a demonym or an alternate name ("Google" was once Topeka's). A hamlet's name
    needs a preposition of location proper ("in Pandi", not "bounties to the Taliban")."""
    head = _locative_head(span)
    if head is None or (head.lower_ == "of" and not _place_noun_of(head)):
        return False
    if gazetteer.demonym(span.text):
        return False
    strong = head.lower_ in HAMLET_LOCATIVE
    return any(
        gazetteer.is_name_of(e, span.text) and (strong or e.geonameid or e.feature != "PPL")
        for e in gazetteer.lookup(span.text)
    )


def _split_listed(ent: Span, gazetteer: Gazetteer) -> list[Span]:
    """ "Ankara, Turkey" tagged as one entity → its two toponyms, when both are known."""
    commas = [t.i for t in ent if t.text == ","]
    if not commas or gazetteer.lookup(ent.text):
        return [_strip_the(ent)]
    cut = commas[0]
    left, right = ent.doc[ent.start : cut], ent.doc[cut + 1 : ent.end]
    if len(left) and len(right) and gazetteer.lookup(left.text) and gazetteer.lookup(right.text):
        return [left, right]
    return [_strip_the(ent)]


def _strip_the(span: Span) -> Span:
    if len(span) > 1 and span[0].lower_ == "the":
        return span[1:]
    return span


def _locative_head(span: Span) -> Token | None:
    """The locative preposition that governs ``span`` (through appositions and lists)."""
    token = span.root
    while token.dep_ in ("appos", "conj", "compound", "npadvmod") and token.head.i != token.i:
        token = token.head
    if token.dep_ == "pobj" and token.head.lower_ in LOCATIVE:
        return token.head
    return None


def _is_actor(span: Span, gazetteer: Gazetteer) -> bool:
    """A toponym standing for its government or people ("Moscow responded", "the Kremlin",
    "Russia's"), or naming something else ("West Nile virus"), rather than a place."""
    root = span.root
    if root.dep_ in ("compound", "amod", "nmod"):
        head = root.head.lower_
        if head in gazetteer.not_place_heads or head in gazetteer.actor_heads:
            return True
    if _locative_head(span) is not None:
        return False
    if gazetteer.seat(span.text):
        return True
    return root.dep_ in SUBJECT_DEPS or root.dep_ == "poss"


def _mention(
    doc: Doc, span: Span, gazetteer: Gazetteer, *, demonyms: bool = False
) -> Mention | None:
    """The mention for a toponym span; a direction word before or inside it ("southern
    Russia") is kept as the region, and the rest is looked up."""
    vague = gazetteer.vague_prefixes
    if not span.text[:1].isupper() and span[0].lower_ not in vague:
        return None
    first = span[0] if span[0].lower_ in vague else (doc[span.start - 1] if span.start else None)
    if len(span) > 1 and span[0].lower_ in vague and not gazetteer.lookup(span.text):
        span = span[1:]
    candidates = _candidates(span.text, gazetteer, demonyms=demonyms)
    if not candidates:
        return None
    if first is None or first.lower_ not in vague or first.i >= span.start:
        return Mention(span.text, span.start_char, span.end_char, span.text, candidates)
    region = doc.text[first.idx : span.end_char]
    return Mention(region, first.idx, span.end_char, span.text, candidates, region)


def _candidates(text: str, gazetteer: Gazetteer, *, demonyms: bool) -> tuple[Entry, ...]:
    """Gazetteer entries for ``text``; a possessive falls back to its place, and a demonym
    ("Ukrainian") to its country only when ``demonyms`` (it names people, not a place)."""
    found = gazetteer.lookup(text)
    if not found and text.endswith(("'s", "\u2019s")):
        found = gazetteer.lookup(text[:-2])
    place = gazetteer.demonym(text) if demonyms else None
    if place is not None and not any(e.is_country or e.feature == "CONT" for e in found):
        found = (place,) + found
    if _is_acronym(text):
        found = tuple(e for e in found if e.feature not in _TOWNS or gazetteer.is_alias_of(e, text))
    words = text.split()
    if not found and len(words) > 1 and words[0].lower() in gazetteer.vague_prefixes:
        found = _candidates(" ".join(words[1:]), gazetteer, demonyms=demonyms)
    found = _cities_over_their_areas(found)
    bare = gazetteer.without_affix(text)
    if not found and bare != text:
        found = _candidates(bare, gazetteer, demonyms=demonyms)
    if not found and demonyms:
        found = _part_candidates(text, gazetteer)
    return found


def _cities_over_their_areas(found: tuple[Entry, ...]) -> tuple[Entry, ...]:
    """Drop a division named like a city in it ("Geneva" the canton beside Geneva the
    city): news names the city, and the two points lie close anyway."""
    cities = [e for e in found if e.feature in ("PPL", "PPLC") and e.population >= 100_000]
    return tuple(
        e
        for e in found
        if e.feature not in ("ADM1", "ADM2")
        or not any(c.country == e.country and distance_km(c, e) < 100 for c in cities)
    )


def _is_acronym(text: str) -> bool:
    """ "UN", "FAO", "U.K.": capitals only, short. Towns never match these (codes, not names)."""
    letters = text.replace(".", "")
    return letters.isupper() and len(letters) <= 5


def _part_candidates(text: str, gazetteer: Gazetteer) -> tuple[Entry, ...]:
    """For a name the gazetteer lacks ("Dubai World Cup", "University of California"), the
    longest run of its capitalised words that it knows, or a leading demonym ("Russian
    Embassy" → Russia)."""
    words = text.replace("/", " ").split()
    for size in range(len(words) - 1, 0, -1):
        for first in range(len(words) - size + 1):
            part = words[first : first + size]
            if part[0][:1].isupper() and part[-1][:1].isupper() and part[0].lower() not in _GENERIC:
                key = normalise(" ".join(part))
                found = tuple(e for e in gazetteer.lookup(key) if normalise(e.name) == key)
                if found:
                    return found
    place = gazetteer.demonym(words[0]) if len(words) > 1 else None
    return (place,) if place else ()


def _with_containers(text: str, mentions: list[Mention]) -> list[Mention]:
    """Attach to "Ankara" the candidates of "Turkey" in "Ankara, Turkey"."""
    by_start = {m.start: m for m in mentions}
    out = []
    for mention in mentions:
        between = text[mention.end : mention.end + 3]
        gap = len(between) - len(between.lstrip(", "))
        after = by_start.get(mention.end + gap) if "," in between[:gap] else None
        out.append(replace(mention, container=after.candidates) if after else mention)
    return out


# --- resolving ----------------------------------------------------------------------------


def resolve(
    doc: Doc, spans: Iterable[tuple[int, int]], *, gazetteer: Gazetteer | None = None
) -> list[Place | None]:
    """Resolve given character spans of ``doc`` (e.g. gold toponyms) in the article's context.

    The context is the same as for :func:`find_places`: the spans themselves, every toponym
    the article names, its demonyms and actors. Spans the gazetteer does not know give None.
    """
    gazetteer = gazetteer if gazetteer is not None else load_gazetteer()
    spans = list(spans)
    asked = [_char_mention(doc, start, end, gazetteer) for start, end in spans]
    found = [_mention(doc, s, gazetteer) for s in _toponym_spans(doc, gazetteer)]
    known = {(m.start, m.end) for m in asked if m}
    extra = [m for m in found if m and (m.start, m.end) not in known]
    mentions = _with_containers(doc.text, [m for m in asked if m] + extra)
    resolved = _resolve_mentions(doc, mentions, gazetteer)
    entries = dict(zip([(m.start, m.end) for m in mentions], resolved))
    out: list[Place | None] = []
    for mention in asked:
        entry = entries.get((mention.start, mention.end)) if mention else None
        out.append(_place(mention, entry) if mention and entry else None)
    return out


def _char_mention(doc: Doc, start: int, end: int, gazetteer: Gazetteer) -> Mention | None:
    text = doc.text[start:end]
    candidates = _candidates(text, gazetteer, demonyms=True)
    if not candidates:
        return None
    return Mention(text, start, end, text, candidates)


@dataclass(frozen=True, slots=True)
class _Context:
    """What the rest of the article says, seen from one name (its own mentions left out)."""

    countries: Counter  # country → weight over all mentions, demonyms and actors
    admins: Counter  # normalised admin1 name → mentions in or of it
    own: dict  # mention key → (its country weights, its admin counts)
    anchors: tuple  # (key, entry) of specific places resolved in the first pass

    def country_share(self, key: str, country: str) -> float:
        own_countries = self.own.get(key, (Counter(), Counter()))[0]
        total = sum(self.countries.values()) - sum(own_countries.values())
        return (self.countries[country] - own_countries[country]) / total if total > 0 else 0.0

    def admin_count(self, key: str, admin: str) -> int:
        return self.admins[admin] - self.own.get(key, (Counter(), Counter()))[1][admin]


_EMPTY = _Context(Counter(), Counter(), {}, ())


def _resolve_mentions(doc: Doc, mentions: Sequence[Mention], gazetteer: Gazetteer) -> list[Entry]:
    """The best candidate of each mention: prior first, then the article's evidence."""
    first = [_ranked(m, gazetteer, _EMPTY) for m in mentions]
    context = _context(doc, mentions, first, gazetteer)
    return [_best(m, gazetteer, context) for m in mentions]


def _ranked(mention: Mention, gazetteer: Gazetteer, context: _Context) -> tuple[Entry, bool]:
    """The best candidate and whether it is clear (a lead of at least one unit of prior)."""
    scores = sorted(
        ((_score(c, mention, gazetteer, context), -i) for i, c in enumerate(mention.candidates)),
        reverse=True,
    )
    clear = len(scores) == 1 or scores[0][0] - scores[1][0] >= _CLEAR_LEAD
    return mention.candidates[-scores[0][1]], clear


def _context(doc: Doc, mentions: Sequence[Mention], first, gazetteer) -> _Context:
    """Evidence from the first pass: only clear resolutions name admin areas and anchors."""
    own: dict[str, tuple[Counter, Counter]] = {}
    for mention, (entry, clear) in zip(mentions, first):
        countries, admins = own.setdefault(mention.key, (Counter(), Counter()))
        if entry.country:
            countries[entry.country] += (1.0 if entry.is_country else 0.5) * (1.0 if clear else 0.5)
        specific = entry.admin1 and entry.feature not in _TOP_LEVEL
        if clear and (entry.feature == "ADM1" or specific):
            admins[normalise(entry.admin1 or entry.name)] += 1
    countries = _outside_countries(doc, gazetteer)
    admins: Counter = Counter()
    for own_countries, own_admins in own.values():
        countries.update(own_countries)
        admins.update(own_admins)
    anchors = tuple(
        dict.fromkeys(  # once each: a place named a thousand times is one anchor
            (m.key, e)
            for m, (e, clear) in zip(mentions, first)
            if clear and e.feature not in _TOP_LEVEL
        )
    )
    return _Context(countries, admins, own, anchors)


def _outside_countries(doc: Doc, gazetteer: Gazetteer) -> Counter:
    """Countries the article points at through demonyms ("Philippine") and actors."""
    countries: Counter = Counter()
    for ent in doc.ents:
        if ent.label_ == "NORP":
            place = gazetteer.demonym(ent.text)
            if place is not None and place.country:
                countries[place.country] += 0.5
    for actor in getattr(doc._, "bc_actors", ()) or ():
        if getattr(actor, "country", None):
            countries[actor.country] += 0.25
    return countries


def _best(mention: Mention, gazetteer: Gazetteer, context: _Context) -> Entry:
    scored = [
        (_score(c, mention, gazetteer, context), -i, c) for i, c in enumerate(mention.candidates)
    ]
    return max(scored, key=lambda t: (t[0], t[1]))[2]


def _score(entry: Entry, mention: Mention, gazetteer: Gazetteer, context: _Context) -> float:
    score = gazetteer.prior(entry)
    own_name = gazetteer.is_name_of(entry, mention.key)
    if own_name:
        score += _PRIMARY_NAME
    if mention.container and entry.feature not in _TOP_LEVEL:
        score += _CONTAINER_MATCH if _inside_any(entry, mention.container) else _CONTAINER_MISS
    if entry.country:
        score += _COUNTRY_SHARE * context.country_share(mention.key, entry.country)
    if not own_name:
        return score  # known by another name: the article's places do not vouch for it
    if entry.admin1 and context.admin_count(mention.key, normalise(entry.admin1)) > 0:
        score += _ADMIN_MENTIONED
    return score + _proximity(entry, mention.key, context.anchors)


def _inside_any(entry: Entry, containers: Iterable[Entry]) -> bool:
    for container in containers:
        if container.is_country and entry.country == container.country:
            return True
        if container.feature == "ADM1" and entry.country == container.country:
            area = normalise(container.admin1 or container.name)
            if entry.admin1 and normalise(entry.admin1) == area:
                return True
        if container.feature not in _TOP_LEVEL and distance_km(entry, container) < 150:
            return True
    return False


def _proximity(entry: Entry, key: str, anchors) -> float:
    if entry.feature in _TOP_LEVEL or not anchors:
        return 0.0
    nearest = min((distance_km(entry, e) for k, e in anchors if k != key), default=1e9)
    if nearest < 100:
        return _NEAR_100KM
    return _NEAR_400KM if nearest < 400 else 0.0


def _place(mention: Mention, entry: Entry) -> Place:
    return Place(
        text=mention.text,
        start=mention.start,
        end=mention.end,
        name=entry.name,
        country=entry.country,
        geonameid=entry.geonameid,
        lat=round(entry.lat, 5),
        lon=round(entry.lon, 5),
        feature=entry.feature,
        admin1=entry.admin1,
        region=mention.region,
    )


@dataclass(frozen=True, slots=True)
class PlaceFinder:
    """The ``backchannel_places`` component: :func:`find_places` with its own gazetteer."""

    gazetteer: Gazetteer

    def __call__(self, doc: Doc) -> Doc:
        doc._.bc_places = find_places(doc, gazetteer=self.gazetteer)
        return doc


@Language.factory(
    "backchannel_places",
    default_config={"cache_dir": None},
    requires=["doc.ents", "doc._.bc_actors"],
    assigns=["doc._.bc_places"],
)
def make_place_finder(nlp: Language, name: str, cache_dir: str | None) -> PlaceFinder:
    """The component over the gazetteer cached under ``cache_dir`` (None: the settings')."""
    return PlaceFinder(load_gazetteer(cache_dir))
