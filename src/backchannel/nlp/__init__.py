"""The NLP stage: one spaCy ``Doc`` per article, backchannel's components in order.

``actors → times → places → statements → events``; each component is pure on the Doc and
writes its result under ``doc._.bc_*``. Before the parser, ``sentence_limit`` splits any run
of tokens without a sentence end at ``Limits.max_sentence_tokens``. :func:`load` builds the
pipeline, :func:`analyse` turns an :class:`~backchannel.records.Article` into a
:class:`~backchannel.records.Record`.
"""

from backchannel.nlp.pipeline import COMPONENTS, DEFAULT_MODEL, analyse, analyse_many, load

__all__ = ["COMPONENTS", "DEFAULT_MODEL", "analyse", "analyse_many", "load"]
