"""Events: PLOVER/CAMEO coding of interactions, with actors, modality, date and place.

For every trigger in the lexicon (:mod:`backchannel.nlp.events.triggers`) the event takes its
actor and recipient from the parse (:mod:`backchannel.nlp.events.arguments`), its modality from
its clause (:mod:`backchannel.nlp.events.modality`), its date and place from the times and places
components, and its provenance from the statements component: an event whose trigger lies
inside a statement's content is attributed to that statement, and is ``denied`` when the
statement denies it.

Statements PLOVER dropped keep their CAMEO code so a CAMEO view stays complete: a denial
is coded ``REJECT`` with CAMEO ``016``, an appeal ``REQUEST`` with CAMEO ``02x``; plain
"X said" is a Statement, not an event.

Only political events are coded (:func:`political`): an event needs a state, a part of
one, an international body, a party or an armed group on one side at least, as PLOVER and
POLECAT code nothing else; a company's bond offering or share buy-back is no event.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from backchannel.nlp import extensions  # noqa: F401
from backchannel.nlp.events.arguments import ActorIndex, Arguments, find_arguments
from backchannel.nlp.events.modality import announced, modality, ultimatum
from backchannel.nlp.events.place import event_place
from backchannel.nlp.events.triggers import (
    Code,
    Lexicon,
    Trigger,
    crosswalk,
    find_triggers,
    lexicon,
)
from backchannel.nlp.time import event_date
from backchannel.records import Actor, Event, Place, Statement, short_hash
from backchannel.records import Span as TextSpan

__all__ = ["find_events", "political", "COMMUNICATIVE_TYPES", "POLITICAL_SECTORS"]

#: verbal event types: how they travelled (their channel) is worth reading off the sentence
COMMUNICATIVE_TYPES = frozenset(
    {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT", "THREATEN"}
)
_NEUTRAL_CHANNELS = (None, "in_person")
#: what a governing trigger makes of the event it governs ("threatened to impose…")
_CONTENT_MODALITY = {
    "THREATEN": "hypothetical",
    "REQUEST": "hypothetical",
    "REJECT": "hypothetical",
    "AGREE": "future",
}
#: event types whose place stands for their target when none is named
_LOCATED_TYPES = frozenset({"PROTEST", "COERCE", "ASSAULT", "MOBILIZE"})
_NON_STATE = {"IGO", "NGO", "IMG", "MNC"}
#: sectors of the state (government, military, courts, legislature, intelligence, police)
#: and of organised politics and armed force (parties, opposition, elites, rebels,
#: unidentified armed forces, criminal armed groups): an actor in one is political
POLITICAL_SECTORS = frozenset(
    {"GOV", "MIL", "JUD", "LEG", "SPY", "COP", "PTY", "OPP", "ELI", "REB", "UAF", "CRM"}
)
#: PLOVER's codes for international actors that act politically (not MNC: corporations)
_INTERNATIONAL = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG"})
#: civil society in PLOVER's sectors (not business: BUS, MNC)
_SOCIETY = frozenset({"CVL", "REL", "REF", "LAB", "EDU", "MED", "AGR", "SOC", "JRN"})
#: conflict types a civil actor makes political by itself
_UNREST = frozenset({"THREATEN", "PROTEST", "MOBILIZE", "ASSAULT", "COERCE"})
#: acceptance and yielding, whose negation is a refusal
_YIELDING = frozenset({"AGREE", "CONCEDE"})
#: CAMEO's bare intent, with no content of its own ("vowed to", "is ready to")
_BARE_INTENT = "030"
_DEFINITE = {"the", "these", "those", "that", "this", "such"}
#: how many tokens back a definite nominal looks for the event it refers to
_COREFERENCE_WINDOW = 400


def _text_span(span: Span) -> TextSpan:
    return TextSpan(span.text, span.start_char, span.end_char)


def _clause(trigger: Trigger) -> Span:
    """The clause of the trigger's predicate: the predicate's subtree."""
    node = trigger.predicate or trigger.head
    doc = node.doc
    return doc[node.left_edge.i : node.right_edge.i + 1]


def _in_person(trigger: Trigger, sentence_lower: str, lex: Lexicon) -> bool:
    """A conversation the lexicon takes for a call ("spoke with") that the sentence
    places in person ("on the sidelines of the summit")."""
    return (
        trigger.entry.code.cameo == "041"
        and trigger.head.pos_ == "VERB"
        and trigger.head.lemma_ in ("speak", "talk")
        and any(c in sentence_lower for c in lex.in_person_cues)
    )


def _channel(trigger: Trigger, sentence_lower: str, lex: Lexicon) -> str | None:
    if _in_person(trigger, sentence_lower, lex):
        return "in_person"
    channel = trigger.entry.channel
    if trigger.entry.code.type not in COMMUNICATIVE_TYPES or channel not in _NEUTRAL_CHANNELS:
        return channel
    for phrase, named in lex.channels:
        if phrase in sentence_lower:
            return named
    return channel


def _contexts(
    trigger: Trigger, args: Arguments, sentence_contexts: tuple[str, ...], lex: Lexicon
) -> tuple[str, ...]:
    """PLOVER contexts: the code's own, the actors' sectors' (SPY → intelligence), and
    the sentence's words (nuclear → cbrn)."""
    found = list(trigger.entry.contexts)
    for actor in args.actor + args.recipient:
        context = lex.sector_contexts.get(actor.sector or "")
        if context:
            found.append(context)
    found.extend(sentence_contexts)
    return tuple(dict.fromkeys(found))


def _provenance(
    trigger: Trigger, statements: tuple[Statement, ...]
) -> tuple[tuple[str, ...], bool]:
    """Ids of the statements whose content holds the trigger, and whether one denies it."""
    start = trigger.head.idx
    holding = [s for s in statements if s.content.start <= start < s.content.end]
    return tuple(s.id for s in holding), any(s.stance == "deny" for s in holding)


def _governor(trigger: Trigger, heads: dict[int, str]) -> str | None:
    """The type of another trigger governing this one ("agreed to cooperate", "warned of
    potential sanctions"): the governed event is that one's content, not a main event."""
    node = trigger.predicate or trigger.head
    for _ in range(3):
        if node.head.i == node.i:
            return None
        node = node.head
        if node.i in heads and node.i != trigger.head.i:
            return heads[node.i]
    return None


def _intent(
    trigger: Trigger, code: Code, found: str, governor: str | None, lex: Lexicon
) -> Code | None:
    """The verbal code of intent for a material action announced for the future
    ("Israel will evacuate…" → AGREE; "NATO would tighten the blockade" → THREATEN)."""
    if found in ("future", "hypothetical") and governor is None and announced(trigger):
        intent = lex.intent.get(code.type)
        if intent is not None and ultimatum(trigger):
            return lex.intent["ultimatum"]
        return intent
    return None


def _modality(trigger: Trigger, governor: str | None, denied: bool) -> str:
    if denied:
        return "denied"
    found = modality(trigger)
    if found == "asserted" and governor in _CONTENT_MODALITY:
        return _CONTENT_MODALITY[governor]
    return found


def _definite(trigger: Trigger) -> bool:
    """A nominal that refers back to an event already told ("The warnings were issued…",
    "That was a phone call")."""
    head = trigger.head
    if head.pos_ != "NOUN":
        return False
    if any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in head.children):
        return True
    return head.dep_ == "attr" and any(
        c.dep_ == "nsubj" and c.lower_ in _DEFINITE for c in head.head.children
    )


def _confidence(trigger: Trigger, args: Arguments, governed: bool) -> float:
    score = 0.55 if trigger.head.pos_ == "VERB" else 0.45
    score += 0.2 if args.actor else 0.0
    score += 0.15 if args.recipient else 0.0
    score -= 0.2 if governed else 0.0
    return round(max(score, 0.05), 2)


def _placed(actors: tuple[Actor, ...], country: str) -> tuple[Actor, ...]:
    return tuple(a if a.country else replace(a, country=country) for a in actors)


def _unattributed(trigger: Trigger, country: str, lex: Lexicon) -> tuple[Actor, ...]:
    """PLOVER's unidentified armed force for an attack with no one behind it in the text
    ("a roadside bombing killed…", "gunmen attacked…", "armed men kidnapped…"), in the
    country where it happened; a subject of no violent kind ("imports injured producers")
    is no armed force."""
    if trigger.entry.code.type != "ASSAULT":
        return ()
    subject = _attacker(trigger)
    if subject is None or not _armed(subject, lex):
        return ()
    return (
        Actor(
            id=f"{country}-UAF",
            text=subject.text,
            start=subject.idx,
            end=subject.idx + len(subject.text),
            name=f"Unidentified armed force ({country})",
            kind="group",
            country=country,
            sector="UAF",
        ),
    )


def _attacker(trigger: Trigger) -> Token | None:
    """The subject of an attack's predicate, or the object of its passive "by"."""
    for child in (trigger.predicate or trigger.head).children:
        if child.dep_ == "nsubj":
            return child
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def _armed(subject: Token, lex: Lexicon) -> bool:
    """Whether a subject is violent or military in kind: a weapon or blast ("bombing",
    "rocket"), an armed person ("gunmen", "militants"), or one an armed-modifier marks
    ("masked men") (``unattributed_force`` in ``triggers.yaml``)."""
    if subject.lemma_.lower() in lex.armed_subjects or subject.lower_ in lex.armed_subjects:
        return True
    return any(
        c.dep_ in ("amod", "compound") and c.lemma_.lower() in lex.armed_modifiers
        for c in subject.children
    )


def _where(trigger: Trigger, args: Arguments, context: _Context) -> tuple[Actor, ...]:
    """The place of a protest, attack or curfew with no one named as its target, as the
    target, as PLOVER coders do ("troops remained on alert in the West Bank")."""
    clause = _clause(trigger)
    taken = {a.start for a in args.actor}
    for place in context.places:
        if (
            clause.start_char <= place.start < clause.end_char
            and place.country
            and place.start not in taken
        ):
            return (
                Actor(
                    id=place.country,
                    text=place.text,
                    start=place.start,
                    end=place.end,
                    name=place.name,
                    kind="country",
                    country=place.country,
                ),
            )
    return ()


def _in_context(args: Arguments, trigger: Trigger, context: _Context) -> Arguments:
    """Arguments whose country the text leaves open take the one state the sentence
    names ("Egyptian police … dispersed demonstrators": the demonstrators are Egyptian)."""
    if not args.recipient and trigger.entry.code.type in _LOCATED_TYPES:
        args = Arguments(args.actor, _where(trigger, args, context), args.rule)
    countries = context.countries(context.sentence(trigger.head))
    if not args.actor:
        elsewhere = (set(countries) - {a.country for a in args.recipient}) or set(countries)
        if len(elsewhere) == 1:
            args = Arguments(
                _unattributed(trigger, next(iter(elsewhere)), context.lex),
                args.recipient,
                args.rule,
            )
    if len(countries) != 1:
        return args
    ((country, mention),) = countries.items()
    recipient = _placed(args.recipient, country)
    if not recipient and trigger.entry.code.type in _LOCATED_TYPES and args.actor:
        recipient = (_country_actor(country, mention),)
    return Arguments(_placed(args.actor, country), recipient, args.rule)


def _country_actor(country: str, mention: TextSpan) -> Actor:
    """The one state a sentence names, standing for the unnamed target of a domestic
    protest, crackdown or attack ("Egyptian police … arresting 12"), at its mention."""
    return Actor(
        id=country,
        text=mention.text,
        start=mention.start,
        end=mention.end,
        name=country,
        kind="country",
        country=country,
    )


class _Context:
    """What every event of one Doc needs: the lexicon, the actor index, statements, and
    the events coded so far (for definite nominals that refer back to one)."""

    def __init__(self, doc: Doc, triggers: list[Trigger]) -> None:
        self.lex = lexicon()
        self.index = ActorIndex(doc)
        self.statements = tuple(doc._.bc_statements)
        self.places = tuple(doc._.bc_places)
        self.heads = {t.head.i: t.entry.code.type for t in triggers}
        for t in triggers:
            if t.predicate is not None:
                self.heads.setdefault(t.predicate.i, t.entry.code.type)
        self.text = doc.text  # built anew by every doc.text access
        self.doc_hash = short_hash(self.text)
        self.told: list[tuple[int, str, Arguments]] = []
        self._countries: dict[int, dict[str, TextSpan]] = {}
        self._sentence_contexts: dict[int, tuple[str, ...]] = {}
        self.sents = list(doc.sents)
        self.sent_starts = [sent.start for sent in self.sents]

    def sentence(self, token: Token) -> Span:
        """The sentence holding ``token`` (``token.sent`` walks the Doc on every call)."""
        return self.sents[bisect_right(self.sent_starts, token.i) - 1]

    def sentence_contexts(self, sentence: Span) -> tuple[str, ...]:
        if sentence.start not in self._sentence_contexts:
            words = self.lex.context_words
            self._sentence_contexts[sentence.start] = tuple(
                words[t.lemma_.lower()] for t in sentence if t.lemma_.lower() in words
            )
        return self._sentence_contexts[sentence.start]

    def countries(self, sentence: Span) -> dict[str, TextSpan]:
        """The states named in a sentence (not IGO/NGO), each with its first mention, by
        its actors and places (worked out once per sentence)."""
        if sentence.start not in self._countries:
            self._countries[sentence.start] = self._named_states(sentence)
        return self._countries[sentence.start]

    def _named_states(self, sentence: Span) -> dict[str, TextSpan]:
        mentions = self.index.between(sentence.start, sentence.end)
        spans = [(m.start, m.end) for m in mentions]
        # a place read in an actor's words ("Soviet" of "Soviet officials") is that actor
        mentions += [
            p
            for p in self.places
            if sentence.start_char <= p.start < sentence.end_char
            and not any(start <= p.start < end for start, end in spans)
        ]
        found: dict[str, TextSpan] = {}
        for mention in mentions:
            if mention.country and mention.country not in _NON_STATE:
                found.setdefault(
                    mention.country, TextSpan(mention.text, mention.start, mention.end)
                )
        return found

    def arguments(self, trigger: Trigger) -> Arguments:
        args = _in_context(find_arguments(trigger, self.index), trigger, self)
        kind = trigger.entry.code.type
        if not args.actor and _definite(trigger):
            for position, told_kind, told in reversed(self.told):
                if told_kind == kind and trigger.head.i - position < _COREFERENCE_WINDOW:
                    args = Arguments(
                        told.actor, args.recipient or told.recipient, args.rule + ":coreferent"
                    )
                    break
        if args.actor:
            self.told.append((trigger.head.i, kind, args))
        return args


@dataclass(frozen=True, slots=True)
class _Coding:
    """How one trigger is coded once its clause is read: code, mode, modality, rule."""

    code: Code
    mode: str | None
    modality: str
    rule: str
    governed: bool


def _coding(trigger: Trigger, context: _Context, sentence_lower: str, denied: bool) -> _Coding:
    entry, lex = trigger.entry, context.lex
    governor = _governor(trigger, context.heads)
    found = _modality(trigger, governor, denied)
    code, mode = entry.code, entry.mode
    rule = f"lexicon:{entry.pos}:{entry.lemma}:{entry.code.cameo}"
    if entry is lex.demand:
        rule = f"reported-demand:{trigger.head.lemma_}:{entry.code.cameo}"
    if _in_person(trigger, sentence_lower, lex):
        code, mode = crosswalk()["040"], None
    intent = _intent(trigger, code, found, governor, lex)
    if intent is not None:
        code, found, mode, rule = intent, "asserted", intent.mode, f"{rule}:intent"
    if found == "negated" and code.type in _YIELDING:
        # "would not meet their demands", "did not accept the plan": a refusal (CAMEO 12)
        code, found, mode, rule = crosswalk()["120"], "asserted", None, f"{rule}:refused"
    return _Coding(code, mode, found, rule, governor is not None)


def _third_party(coding: _Coding, place: Place | None, args: Arguments) -> _Coding:
    """A meeting held in a country neither side comes from ("met Naryshkin in Ankara")
    is CAMEO 044, PLOVER CONSULT mode third-party."""
    if coding.code.cameo not in ("040", "046") or place is None or not place.country:
        return coding
    sides = {a.country for a in args.actor + args.recipient}
    if not args.actor or not args.recipient or None in sides or place.country in sides:
        return coding
    code = crosswalk()["044"]
    return replace(coding, code=code, mode=code.mode, rule=f"{coding.rule}:third-party")


def _event(doc: Doc, trigger: Trigger, context: _Context) -> Event:
    args = context.arguments(trigger)
    sentence = context.sentence(trigger.head)
    sentence_lower = sentence.text.lower()
    attributed, denied = _provenance(trigger, context.statements)
    trigger_span = doc[trigger.start : trigger.end]
    clause = _clause(trigger)
    place = event_place(doc, clause, trigger_span)
    coding = _third_party(_coding(trigger, context, sentence_lower, denied), place, args)
    args = _announcer_first(args, coding)
    return Event(
        id=short_hash(
            context.doc_hash,
            sentence.start_char,
            trigger.head.idx,
            coding.code.type,
            *(a.id for a in args.actor),
            "|",
            *(a.id for a in args.recipient),
        ),
        type=coding.code.type,
        cameo=coding.code.cameo,
        trigger=_text_span(trigger_span),
        sentence=_text_span(sentence),
        actor=args.actor,
        recipient=args.recipient,
        mode=coding.mode,
        contexts=_contexts(trigger, args, context.sentence_contexts(sentence), context.lex),
        date=event_date(doc, clause, trigger_span),
        channel=_channel(trigger, sentence_lower, context.lex),
        place=place,
        modality=coding.modality,
        attributed_to=attributed,
        rule=f"{coding.rule}|{args.rule}",
        confidence=_confidence(trigger, args, coding.governed),
    )


def _announcer_first(args: Arguments, coding: _Coding) -> Arguments:
    """An intent is the announcer's: "he would be ready to host a meeting" is his offer,
    so the host/visitor swap of the action's own entry is undone."""
    if coding.rule.endswith(":intent") and args.rule.endswith(":swapped"):
        return Arguments(args.recipient, args.actor, args.rule.removesuffix(":swapped"))
    return args


def political(actor: Actor) -> bool:
    """Whether ``actor`` is a political entity, one PLOVER codes events of.

    Political: a state named as such ("Japan agreed…", kind ``country``); any actor in a
    sector of the state or of organised politics (:data:`POLITICAL_SECTORS`: "US officials",
    "police", "rebels", a minister, a party), with or without a country; an international
    body or movement (``IGO``, ``NGO``, ``IMG``…, whatever its sector: the IMF is one).
    Not political: businesses ("the company", "shareholders", "the bank": BUS), civil
    society, and actors the text leaves unknown (no sector), whatever their country.
    """
    if actor.country in _INTERNATIONAL or actor.sector in POLITICAL_SECTORS:
        return True
    return actor.kind == "country" and actor.sector is None and actor.country is not None


def _political_event(event: Event) -> bool:
    """An event is coded only when a political entity takes part on one side at least, or
    when society takes up conflict: civilians, an ethnic or religious community, refugees,
    workers or students who threaten, protest, mobilise or fight ("ethnic Albanians have
    sworn to fight") are what conflict data is about; a company's quarrel is not."""
    parties = event.actor + event.recipient
    if any(map(political, parties)):
        return True
    return event.type in _UNREST and any(a.sector in _SOCIETY for a in event.actor)


def _distinct(triggers: list[Trigger]) -> list[Trigger]:
    """Drop a nominal whose light verb is itself a trigger ("imposed sanctions" is one
    event, found by the verb entry)."""
    verbs = {t.head.i for t in triggers if t.head.pos_ == "VERB"}
    return [
        t
        for t in triggers
        if not (t.predicate is not None and t.predicate.i != t.head.i and t.predicate.i in verbs)
    ]


def _yielding(triggers: list[Trigger]) -> list[Trigger]:
    """Drop a bare statement of intent (CAMEO 030: "is prepared to", "vowed to") whose
    infinitive is itself a trigger: the intended action is the event, coded as the intent
    it announces ("prepared to impose martial law" is a threat, not an agreement)."""
    governing = {
        (t.predicate or t.head).head.i
        for t in triggers
        if (t.predicate or t.head).dep_ == "xcomp" and t.entry.code.cameo != _BARE_INTENT
    }
    return [
        t
        for t in triggers
        if not (t.entry.code.cameo == _BARE_INTENT and (t.predicate or t.head).i in governing)
    ]


def find_events(doc: Doc) -> tuple[Event, ...]:
    """Every coded event in ``doc``, in text order (none without a dependency parse)."""
    if not doc.has_annotation("DEP"):
        return ()
    triggers = _yielding(_distinct(list(find_triggers(doc))))
    if not triggers:
        return ()
    context = _Context(doc, triggers)
    events = (_event(doc, trigger, context) for trigger in triggers)
    return tuple(e for e in events if _political_event(e) and not _empty_demand(e))


def _empty_demand(event: Event) -> bool:
    """A reported "X said Y should…" whose Y is no actor is a forecast ("the market
    should extend its trend"), not a demand."""
    return event.rule.startswith("reported-demand:") and not event.recipient


@Language.component(
    "backchannel_events",
    requires=[
        "token.dep",
        "doc._.bc_actors",
        "doc._.bc_times",
        "doc._.bc_places",
        "doc._.bc_statements",
    ],
    assigns=["doc._.bc_events"],
)
def events_component(doc: Doc) -> Doc:
    doc._.bc_events = find_events(doc)
    return doc
