"""The trained weights of backchannel's ``crf`` and ``minilm`` statement finders.

Data only: ``path(name)`` gives a file of this package by name; ``backchannel.models.locate``
is how the library reads them (and checks ``__version__`` against the range it pins).
README.md says what each file is and how it was trained.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["FILES", "__version__", "path"]

__version__ = "1.0.0"

#: The files this version ships.
FILES = (
    "tagger.crfsuite",
    "minilm-tagger-0.safetensors",
    "minilm-tagger-1.safetensors",
    "minilm-tagger-2.safetensors",
    "minilm-tagger-3.safetensors",
)


def path(name: str) -> Path:
    """Where the file ``name`` (one of :data:`FILES`) lies in this package."""
    return Path(__file__).resolve().parent / name
