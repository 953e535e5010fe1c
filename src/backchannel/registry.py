"""The open choices: statement finders, file readers and export writers, one registry each.

backchannel's own entries register the way a user's do, with the decorator::

    from backchannel import registry

    @registry.writers.register("tsv-lite")
    def write_tsv_lite(items, path): ...

A package adds entries without being imported first through an entry point in its
``pyproject.toml`` (group ``backchannel_finders``, ``backchannel_readers`` or
``backchannel_writers``)::

    [project.entry-points."backchannel_writers"]
    tsv-lite = "my_package.export:write_tsv_lite"

What an entry is called with:

* **finders** (named by ``--attribution``): ``finder(doc, text, quotes, threshold)`` returns
  the :class:`~backchannel.nlp.attribution.spans.Attribution` spans of ``doc`` (``text`` is
  ``doc.text``, ``quotes`` its :func:`~backchannel.nlp.attribution.quotes.find_quotes`). An
  optional ``finder.available()`` returns None, or why the finder cannot run here (see
  :func:`needs`).
* **readers** (keyed by the file suffix that names the format, ``".jsonl"``; ``""`` for a
  file with none): ``reader(source, data)`` yields the items in a file's bytes, which have
  already passed the size limit and the binary check; a reader marked :func:`streaming`
  opens the file itself, ``reader(path, max_bytes)``.
* **writers** (keyed by the export format name, ``"polecat"``):
  ``writer(items, path)`` writes the export items to ``path`` and returns the ones written;
  each is a :class:`~backchannel.export.Item` (the query row, its typed ``Event`` and the
  article's ``Record``).

The registries are spaCy's ``catalogue`` registries; ``registry.writers.get_all()`` lists a
registry's names, entry points included.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib.metadata import EntryPoint
from typing import Any, TypeVar

import catalogue

__all__ = ["finders", "readers", "writers", "entry", "names", "needs", "streaming", "unavailable"]

finders = catalogue.create("backchannel", "finders", entry_points=True)
readers = catalogue.create("backchannel", "readers", entry_points=True)
writers = catalogue.create("backchannel", "writers", entry_points=True)

F = TypeVar("F", bound=Callable[..., Any])


def entry(registry: catalogue.Registry, name: str) -> Any | None:
    """The entry registered under ``name``, or None when there is none. As in
    ``registry.get``, an entry point wins over a registration in this process. A group's
    entry points are picked out of catalogue's list once (picking scans every installed
    package's, about a millisecond: too slow for a lookup per article)."""
    plugin = _plugins(registry.entry_point_namespace).get(name)
    if plugin is not None:
        return _loaded(plugin)
    namespace = [*registry.namespace, name]
    return catalogue._get(namespace) if catalogue.check_exists(*namespace) else None


_PLUGINS: dict[str, tuple[Any, dict[str, EntryPoint]]] = {}


def _plugins(group: str) -> dict[str, EntryPoint]:
    """The entry points of ``group`` in catalogue's list (picked again if it is replaced)."""
    available = catalogue.AVAILABLE_ENTRY_POINTS
    known = _PLUGINS.get(group)
    if known is None or known[0] is not available:
        found = {p.name: p for p in available.select(group=group)}
        known = _PLUGINS[group] = (available, found)
    return known[1]


@cache
def _loaded(plugin: EntryPoint) -> Any:
    return plugin.load()


def names(registry: catalogue.Registry) -> tuple[str, ...]:
    """Every name in ``registry``, in registration order (entry points first)."""
    return tuple(registry.get_all())


def needs(check: Callable[[], str | None]) -> Callable[[F], F]:
    """Give a finder its ``available()``: ``check`` returns None, or why it cannot run."""

    def mark(finder: F) -> F:
        finder.available = check  # type: ignore[attr-defined]
        return finder

    return mark


def unavailable(finder: Any) -> str | None:
    """Why ``finder`` cannot run here, or None when it can (or says nothing)."""
    check = getattr(finder, "available", None)
    return check() if check is not None else None


def streaming(reader: F) -> F:
    """Mark a reader that opens the file itself: called ``reader(path, max_bytes)``."""
    reader.streams = True  # type: ignore[attr-defined]
    return reader
