"""The closed vocabularies: each a ``Literal`` type for annotations and a tuple of its values,
in one place, for the modules that check, order or list them.

``tests/test_vocab_and_data.py`` keeps each tuple equal to its ``Literal`` and to what the
code and the packaged data produce (``EVENT_TYPES`` to ``data/plover/plover.yaml``).
"""

from __future__ import annotations

from typing import Literal

__all__ = [
    "ACTOR_KINDS",
    "CONTESTED",
    "EVENT_TYPES",
    "FAILURE_STAGES",
    "MODALITIES",
    "QUADS",
    "ROLES",
    "SOURCINGS",
    "SPEAKER_KINDS",
    "STANCES",
    "TENSES",
    "ActorKind",
    "EventType",
    "FailureStage",
    "Modality",
    "Quad",
    "Role",
    "Sourcing",
    "SpeakerKind",
    "Stance",
    "Tense",
]

#: a statement's stance toward its content, as :mod:`backchannel.claims` codes it
Stance = Literal["assert", "deny", "dispute", "decline", "unverified"]
STANCES: tuple[Stance, ...] = ("assert", "deny", "dispute", "decline", "unverified")
#: the stances that contest a claim (a brief lists their statements)
CONTESTED: tuple[Stance, ...] = ("deny", "dispute", "decline", "unverified")

#: whether an event is said to have happened (:mod:`backchannel.nlp.events.modality`)
Modality = Literal["asserted", "negated", "hypothetical", "conditional", "future", "denied"]
MODALITIES: tuple[Modality, ...] = (
    "asserted",
    "negated",
    "hypothetical",
    "conditional",
    "future",
    "denied",
)

#: who an event is sourced to (:func:`backchannel.store.rows.sourcing`)
Sourcing = Literal["named", "anonymous", "article"]
SOURCINGS: tuple[Sourcing, ...] = ("named", "anonymous", "article")

#: PLOVER's quad classes
Quad = Literal["VERBAL COOPERATION", "MATERIAL COOPERATION", "VERBAL CONFLICT", "MATERIAL CONFLICT"]
QUADS: tuple[Quad, ...] = (
    "VERBAL COOPERATION",
    "MATERIAL COOPERATION",
    "VERBAL CONFLICT",
    "MATERIAL CONFLICT",
)

#: PLOVER's 16 event types, in the order of ``data/plover/plover.yaml``
EventType = Literal[
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
]
EVENT_TYPES: tuple[EventType, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)

#: what an actor mention is (:class:`backchannel.records.Actor`)
ActorKind = Literal["person", "organization", "country", "group"]
ACTOR_KINDS: tuple[ActorKind, ...] = ("person", "organization", "country", "group")

#: who a statement is attributed to (:class:`backchannel.records.Speaker`)
SpeakerKind = Literal["person", "organization", "outlet", "anonymous", "none"]
SPEAKER_KINDS: tuple[SpeakerKind, ...] = ("person", "organization", "outlet", "anonymous", "none")

#: the three parts of an attribution, in PolNeAR's order
Role = Literal["source", "cue", "content"]
ROLES: tuple[Role, ...] = ("source", "cue", "content")

#: the tense a time expression is read in (:mod:`backchannel.nlp.time`)
Tense = Literal["past", "present", "future"]
TENSES: tuple[Tense, ...] = ("past", "present", "future")

#: the stages of a run that an article can fail at (:mod:`backchannel.ingest.guard`)
FailureStage = Literal["read", "prepare", "code", "serialise", "store"]
FAILURE_STAGES: tuple[FailureStage, ...] = ("read", "prepare", "code", "serialise", "store")
