"""Where the trained models are: the pinned ``backchannel-models`` distribution, or a folder.

The trained weights of the ``crf`` and ``minilm`` statement finders (about 100 MB) ship
apart from the library, as spaCy ships its pipelines apart from spaCy: the
``backchannel-models`` distribution, kept in this repository's ``models/`` and installed by
``make demo`` and ``make test``. :func:`locate` is the one place that finds them, by file
name. ``$BACKCHANNEL_MODELS`` names a folder to read them from instead (one being
retrained, say); then no version is checked. The rules' own cue model is not a separate
model: it is package data (``data/attribution/cue_weights.csv.gz``).
"""

from __future__ import annotations

import os
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import InvalidVersion

from backchannel import settings
from backchannel.errors import ConfigError
from backchannel.settings import ENVIRONMENT

__all__ = ["ENV", "REQUIREMENT", "locate"]

#: The models this library was trained and evaluated with (``pyproject.toml`` pins the same).
REQUIREMENT = "backchannel-models>=1.0,<2"
#: The environment variable naming a folder to read the models from instead of the package.
ENV = ENVIRONMENT["models_path"]
_INSTALL = (
    f"install them from a backchannel checkout with `pip install -e ./models` "
    f"(make demo and make test do), or point {ENV} at a folder holding the files"
)


def locate(name: str | os.PathLike[str]) -> Path:
    """The path of the trained file ``name`` (``"tagger.crfsuite"``): in ``$BACKCHANNEL_MODELS``
    when set, else in the installed ``backchannel-models``. The file itself may be absent
    (a folder being retrained); callers check.

    Raises :class:`~backchannel.errors.ConfigError` naming the package and how to install it
    when it is missing or its version is outside :data:`REQUIREMENT`.
    """
    folder = settings.current().models_path
    if folder:
        return folder / name
    try:
        import backchannel_models
    except ImportError:
        message = f"the trained models ({REQUIREMENT}) are not installed: {_INSTALL}"
        raise ConfigError(message) from None
    version = str(getattr(backchannel_models, "__version__", "unknown"))
    if not _compatible(version):
        raise ConfigError(
            f"backchannel-models {version} is installed, but this backchannel "
            f"needs {REQUIREMENT}: {_INSTALL}"
        )
    return backchannel_models.path(str(name))


def _compatible(version: str) -> bool:
    try:
        return Requirement(REQUIREMENT).specifier.contains(version, prereleases=True)
    except InvalidVersion:  # older packaging raises where newer says False
        return False
