"""Speakers: who a statement is attributed to, resolved to an actor, an outlet or a group.

A statement's source span is classified as an outlet (lexicon), an unnamed group ("two senior
US officials and one other person" → ``Anonymous(3, …, "USA")``), a person or an
organisation. Pronouns and title mentions ("he", "the President") take the nearest preceding
compatible speaker or named person; a group anaphor ("another said", "those officials")
takes the last unnamed group. The actor is the ``doc._.bc_actors`` mention covering the
speaker's head. Knowledge (outlets, anonymous heads, number and country words) lives in
``data/attribution/sources.yaml``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from backchannel import data as packaged
from backchannel.records import Actor, Anonymous, Speaker

__all__ = ["SourceLexicon", "SpeakerResolver", "source_lexicon"]

_PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "i", "me", "my", "we", "us", "you"}
_PLURAL_PRONOUNS = {"they", "them", "their"}
_RELATIVE = {"who", "which", "that", "whom", "whose"}
_TITLES = {
    "president",
    "minister",
    "secretary",
    "director",
    "chief",
    "leader",
    "senator",
    "governor",
    "ambassador",
    "spokesman",
    "spokeswoman",
    "general",
    "chancellor",
    "premier",
    "king",
    "envoy",
    "mayor",
    "candidate",
    "nominee",
    "official",
}
_ORG_LABELS = {"ORG", "GPE", "NORP", "FAC", "LOC"}


@dataclass(frozen=True, slots=True)
class SourceLexicon:
    """Outlet names, anonymous heads, number words and country words."""

    outlets: frozenset[str]
    outlet_suffix: re.Pattern[str]
    anonymous_heads: frozenset[str]
    group_anaphors: frozenset[str]
    numbers: dict[str, int]
    countries: dict[str, str | None]

    def outlet_name(self, text: str) -> str | None:
        """``text`` as an outlet name when it names one (a leading "the" is ignored), or None."""
        text = re.sub(r"[’']s$", "", text.strip())
        name = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
        if name.lower() in self.outlets or self.outlet_suffix.search(name):
            return text
        return None


@lru_cache(maxsize=1)
def source_lexicon() -> SourceLexicon:
    """The source lexicon from the packaged ``sources.yaml``."""
    data = packaged.load_yaml("attribution/sources.yaml")
    suffixes = "|".join(re.escape(s) for s in data["outlet_suffixes"])
    return SourceLexicon(
        outlets=frozenset(o.lower() for o in data["outlets"]),
        outlet_suffix=re.compile(rf"^(?:[A-Z][\w.&-]*\s+)+(?:{suffixes})$"),
        anonymous_heads=frozenset(data["anonymous_heads"]),
        group_anaphors=frozenset(data["group_anaphors"]),
        numbers={str(k): int(v) for k, v in data["numbers"].items()},
        countries={str(k): v for k, v in data["countries"].items()},
    )


@dataclass
class SpeakerResolver:
    """Resolves source spans of one document in text order, remembering earlier speakers.

    Lookups go by bisection over offsets, so an article with thousands of statements
    costs n log n, not n².
    """

    doc: Doc
    speakers: list[Speaker] = field(default_factory=list)
    group: Anonymous | None = None

    def __post_init__(self) -> None:
        self.lexicon = source_lexicon()
        self.actors = sorted(self.doc._.bc_actors, key=lambda a: a.start)
        self.actor_starts = [a.start for a in self.actors]
        self.actor_reach = list(accumulate((a.end for a in self.actors), max))
        self.people = [e for e in self.doc.ents if e.label_ == "PERSON"]
        subjects = [e for e in self.people if e.root.dep_ in ("nsubj", "nsubjpass")]
        #: people named as sentence subjects, then all people, each with their end offsets.
        self.named = [(people, [e.end_char for e in people]) for people in (subjects, self.people)]
        self.surnames = {person[-1].text for person in self.people}
        #: earlier speakers a singular pronoun or title (persons) or a plural one may take.
        self.antecedents: dict[bool, list[Speaker]] = {False: [], True: []}

    def speaker(self, source: SpacySpan | None, cue: SpacySpan) -> Speaker | None:
        """The speaker of a statement whose source span is ``source`` (None: no speaker, or
        a span with no word in it, such as the lone "." a bad parse made a subject)."""
        if source is None or not any(_is_word(t) for t in source):
            return None
        speaker = self._classify(source)
        self.speakers.append(speaker)
        if speaker.kind == "person" and speaker.anonymous is None:
            self.antecedents[False].append(speaker)
        elif speaker.kind in ("anonymous", "organization", "outlet"):
            self.antecedents[True].append(speaker)
        return speaker

    def outlet(self, cue: SpacySpan) -> str | None:
        """An outlet the statement was given to ("told The Daily Beast"), if any."""
        for token in cue:
            for child in token.children:
                name = self._recipient_outlet(child)
                if name:
                    return name
        return None

    def _recipient_outlet(self, child: Token) -> str | None:
        if child.dep_ in ("dative", "dobj", "npadvmod"):
            return self.lexicon.outlet_name(_phrase(child).text)
        if child.dep_ == "prep" and child.lower_ == "to":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            return self.lexicon.outlet_name(_phrase(pobj).text) if pobj is not None else None
        return None

    # --- classification -------------------------------------------------------------

    def _classify(self, source: SpacySpan) -> Speaker:
        source = _behind_medium(source)
        head = source.root
        outlet = self._outlet_speaker(source)
        if outlet is not None:
            return outlet
        if head.lower_ in _PERSON_PRONOUNS | _PLURAL_PRONOUNS | _RELATIVE:
            return self._pronoun(source, head)
        if head.lemma_.lower() in self.lexicon.anonymous_heads or head.lower_ in (
            "another",
            "one",
            "some",
            "many",
            "several",
            "others",
        ):
            anonymous = self._anonymous(source)
            if anonymous is not None:
                return _speaker(source, "anonymous", None, anonymous)
        if _is_title(source):
            resolved = self._antecedent(source, plural=False)
            if resolved is not None:
                return _speaker(source, resolved.kind, resolved.actor, resolved.anonymous)
        return _speaker(source, self._kind(source), self._actor(source))

    def _outlet_speaker(self, source: SpacySpan) -> Speaker | None:
        name = self.lexicon.outlet_name(_names(source))
        if name is None and source.root.lower_ in _PERSON_PRONOUNS:
            before = self._outlet_before(source)
            if before is not None:
                return before
        if name is None:
            return None
        return _speaker(source, "outlet", self._actor(source))

    def _outlet_before(self, source: SpacySpan) -> Speaker | None:
        """Machine-translated "the New York Times He reported": the outlet before a pronoun."""
        for size in range(4, 0, -1):
            start = source.start - size
            candidate = self.doc[max(0, start) : source.start]
            if any(t.is_punct or t.is_space for t in candidate):
                continue
            if self.lexicon.outlet_name(candidate.text) and len(candidate.text) > 2:
                return _speaker(candidate, "outlet", self._actor(candidate))
        return None

    def _pronoun(self, source: SpacySpan, head: Token) -> Speaker:
        if head.lower_ in ("who", "whom") and head.head.dep_ == "relcl":
            resolved = self._classify(_phrase_before(head.head.head))
            return _speaker(source, resolved.kind, resolved.actor, resolved.anonymous)
        if head.lower_ in _RELATIVE:
            return _speaker(source, "none", None)
        plural = head.lower_ in _PLURAL_PRONOUNS
        resolved = self._antecedent(source, plural=plural)
        if resolved is None:
            kind = "person" if head.lower_ in _PERSON_PRONOUNS else "none"
            return _speaker(source, kind, None)
        return _speaker(source, resolved.kind, resolved.actor, resolved.anonymous)

    def _antecedent(self, source: SpacySpan, *, plural: bool) -> Speaker | None:
        """The nearest earlier speaker or named person a pronoun or title can refer to."""
        earlier = reversed(self.antecedents[plural])
        speaker = next((s for s in earlier if s.end <= source.start_char), None)
        person = self._person_before(source.start_char) if not plural else None
        if person is not None and (speaker is None or person.end_char > speaker.end):
            return _speaker(person, "person", self._actor(person))
        return speaker

    def _person_before(self, offset: int) -> SpacySpan | None:
        """The last person named before ``offset``, preferring sentence subjects."""
        for people, ends in self.named:
            count = bisect_right(ends, offset)
            if count:
                return people[count - 1]
        return None

    def _anonymous(self, source: SpacySpan) -> Anonymous | None:
        if "PERSON" in {t.ent_type_ for t in _head_phrase(source)}:
            return None
        words = {t.lower_ for t in source}
        count = self._count(source)
        if self.group is not None and _refers_back(words, count, self.lexicon.group_anaphors):
            return self.group
        singular = source.root.tag_ == "NN" and not words & {"some", "several", "many"}
        group = Anonymous(
            count or (1 if singular else None), _description(source), self._country(source)
        )
        self.group = group
        return group

    def _count(self, source: SpacySpan) -> int | None:
        """Sum of the numbers of the conjoined heads ("two officials and one other person")."""
        total = 0
        for token in source:
            value = self._number(token)
            if value and token.dep_ in ("nummod", "det", "quantmod", "amod", "nsubj"):
                total += value
        return total or None

    def _number(self, token: Token) -> int | None:
        if token.like_num and token.text.isdigit():
            return int(token.text)
        if token.lower_ in ("a", "an"):
            return None
        return self.lexicon.numbers.get(token.lower_)

    def _country(self, source: SpacySpan) -> str | None:
        text = source.text.lower()
        for word, code in self.lexicon.countries.items():
            if code and re.search(rf"(?<![\w.]){re.escape(word)}(?![\w])", text):
                return code
        return None

    def _kind(self, source: SpacySpan) -> str:
        actor = self._actor(source)
        if actor is not None:
            return "person" if actor.kind == "person" else "organization"
        labels = {t.ent_type_ for t in source}
        if "PERSON" in labels or self._named_person(source):
            return "person"
        if labels & _ORG_LABELS or source.root.pos_ == "PROPN":
            return "organization"
        return "person" if source.root.lower_ in _PERSON_PRONOUNS else "organization"

    def _named_person(self, source: SpacySpan) -> bool:
        """A proper name that ends a person's name elsewhere in the article, or has a title."""
        root = source.root
        if root.pos_ != "PROPN":
            return False
        if any(t.lower_ in _TITLES for t in source if t.i < root.i):
            return True
        return root.text in self.surnames

    def _actor(self, source: SpacySpan) -> Actor | None:
        """The actor mention covering the source's head (or, failing that, overlapping it)."""
        head = source.root
        index = bisect_right(self.actor_starts, head.idx) - 1
        if index >= 0 and self.actors[index].end > head.idx:
            return self.actors[index]
        first = bisect_right(self.actor_reach, source.start_char)  # the first ending after it
        if first < len(self.actors) and self.actors[first].start < source.end_char:
            return self.actors[first]
        return None


def _speaker(
    span: SpacySpan, kind: str, actor: Actor | None, anonymous: Anonymous | None = None
) -> Speaker:
    return Speaker(span.text, span.start_char, span.end_char, kind, actor, anonymous)


_MEDIA = {
    "interview",
    "conversation",
    "account",
    "briefing",
    "testimony",
    "statement",
    "remarks",
    "comments",
    "document",
    "documents",
    "records",
    "memo",
    "email",
    "emails",
}


def _behind_medium(source: SpacySpan) -> SpacySpan:
    """ "interviews with three former officials": the people behind a medium of speech."""
    if source.root.lemma_.lower() not in _MEDIA:
        return source
    for prep in source.root.children:
        if prep.dep_ == "prep" and prep.lower_ in ("with", "of", "from", "by"):
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return _phrase(pobj)
    return source


def _phrase_before(noun: Token) -> SpacySpan:
    """A noun's phrase up to the noun itself (what a relative clause on it refers to)."""
    return noun.doc[noun.left_edge.i : noun.i + 1]


def _phrase(token: Token) -> SpacySpan:
    return token.doc[token.left_edge.i : token.right_edge.i + 1]


def _names(source: SpacySpan) -> str:
    """The source's head noun phrase without appositions or relative clauses."""
    return _head_phrase(source).text


def _head_phrase(source: SpacySpan) -> SpacySpan:
    head = source.root
    kept = [t for t in head.subtree if not _in_clause(t, head)]
    return head.doc[kept[0].i : kept[-1].i + 1] if kept else source


def _in_clause(token: Token, head: Token) -> bool:
    while token != head:
        if token.dep_ in ("appos", "relcl", "acl", "prep", "punct", "cc", "conj"):
            return True
        token = token.head
    return False


def _is_word(token: Token) -> bool:
    return not (token.is_punct or token.is_space)


def _is_title(source: SpacySpan) -> bool:
    words = [t for t in source if _is_word(t)]
    return (
        0 < len(words) <= 3
        and words[0].lower_ in ("the", "this", "that")
        and source.root.lower_ in _TITLES
    )


def _refers_back(words: set[str], count: int | None, anaphors: frozenset[str]) -> bool:
    """ "another", "those officials", "an official": a member or all of the last group."""
    return count is None and bool(words & (anaphors | {"a", "an"}))


def _description(source: SpacySpan) -> str:
    words = [t for t in source if t.lower_ not in ("a", "an", "the") and not t.like_num]
    return " ".join(t.text for t in words) if words else source.text
