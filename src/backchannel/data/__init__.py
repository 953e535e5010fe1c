"""The packaged data files: the one place that knows where they lie.

``name`` is a path under this folder, such as ``"attribution/sources.yaml"``. A missing file
raises :class:`~backchannel.errors.ConfigError` naming it. The user's own files (the KB
folder in ``BACKCHANNEL_KB``, caches) are not packaged data and are read where they are used.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from backchannel.errors import ConfigError

__all__ = ["load_yaml", "path", "read_bytes", "read_text"]


def path(name: str) -> Path:
    """The file ``name`` under the data folder."""
    found = resources.files(__name__).joinpath(*name.split("/"))
    if not found.is_file():
        raise ConfigError(f"packaged data file {name} is missing")
    return Path(str(found))


def read_text(name: str) -> str:
    """The UTF-8 text of the data file ``name``."""
    return path(name).read_text(encoding="utf-8")


def read_bytes(name: str) -> bytes:
    """The bytes of the data file ``name`` (the gzipped cue weights)."""
    return path(name).read_bytes()


def load_yaml(name: str) -> Any:
    """The parsed YAML data file ``name``; unreadable YAML raises ConfigError naming it."""
    try:
        return yaml.safe_load(read_text(name))
    except yaml.YAMLError as exc:
        raise ConfigError(f"packaged data file {name} is not valid YAML: {exc}") from exc
