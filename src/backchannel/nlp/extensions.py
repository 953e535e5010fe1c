"""The ``doc._.bc_*`` attributes backchannel's components read and write."""

from __future__ import annotations

from spacy.tokens import Doc

#: attribute name → default; every component result is a tuple of frozen records.
DOC_ATTRIBUTES: dict[str, object] = {
    "bc_published": None,  # ISO date of publication (str) set before the pipeline runs
    "bc_actors": (),
    "bc_kb": None,  # the actors component's KnowledgeBase, for the stages after it
    "bc_times": (),
    "bc_places": (),
    "bc_statements": (),
    "bc_events": (),
    "bc_dictionary_codes": None,  # token index → CAMEO code from a verb dictionary (events)
    "bc_discarded": None,  # a dictionary's story-level discard phrase found (sport, …)
}


def register() -> None:
    """Register the ``doc._.bc_*`` extensions once per process (spaCy's registry is global)."""
    for name, default in DOC_ATTRIBUTES.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register()
