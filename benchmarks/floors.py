"""Accuracy floors: the lowest figure each gate accepts, and the data it was measured on.

``benchmarks/floors.json`` holds one entry per evaluation: its ``floors`` (metric → the
lowest accepted value), the date they were ``measured``, the ``data`` they were measured on
(glob patterns under ``shared/data``), the ``sha256`` digest of those files, the ``gate``
that checks them and, where the gate scores part of the data, its ``subset`` size. The
gates in ``tests/gates`` read their floors here and call ``check_digest`` first, so a
changed gold set skips the gate with a message instead of passing or failing a floor that
was measured on other data.

The digest is the sha256 of a ``sha256sum`` listing of the files (``<hex>  <path>`` lines,
paths relative to ``shared/data``, sorted), so the shell gives the same value:
``cd ../shared/data && sha256sum $(ls PATTERN… | LC_ALL=C sort) | sha256sum``.

Floors only go up. ``tests/test_floors.py`` compares each version of the file with the one
before it (the working tree with ``HEAD``, ``HEAD`` with its parent) and fails when a floor
fell or vanished unless the entry's ``lowered`` record names the old value and a reason.
Change the file with this command line rather than by hand::

    python -m benchmarks.floors check [EVAL…]            # data on disk against the digests
    python -m benchmarks.floors raise EVAL METRIC=VALUE…  # a better measurement
    python -m benchmarks.floors lower EVAL METRIC=VALUE… --reason TEXT
    python -m benchmarks.floors rehash EVAL               # new data, floors re-measured, all hold

``raise`` and ``lower`` record today's date and refuse while the data on disk differ from
the digest unless ``--new-data`` says every floor of EVAL was re-measured on them.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import sys
from collections.abc import Iterable
from pathlib import Path

from benchmarks._shared import DATA

__all__ = [
    "FLOORS",
    "read",
    "floors",
    "floor",
    "subset",
    "digest",
    "check_digest",
    "silent_drops",
    "main",
]

FLOORS = Path(__file__).with_name("floors.json")


def read(path: Path = FLOORS) -> dict[str, dict]:
    """Every evaluation's entry, by name."""
    return json.loads(path.read_text(encoding="utf-8"))


def floors(name: str) -> dict[str, float]:
    """The floors of one evaluation, metric → lowest accepted value."""
    return dict(read()[name]["floors"])


def floor(name: str, metric: str) -> float:
    """The lowest value the gate accepts for ``metric`` of evaluation ``name``."""
    return read()[name]["floors"][metric]


def subset(name: str) -> int | None:
    """How many items the gate scores, when the floors were measured on part of the data."""
    return read()[name].get("subset")


def digest(patterns: Iterable[str], root: Path) -> str | None:
    """The sha256 of a ``sha256sum`` listing of the files under ``root`` (``shared/data``)
    that ``patterns`` match, or None when a pattern matches nothing (the data are absent)."""
    paths: set[Path] = set()
    for pattern in patterns:
        found = [p for p in root.glob(pattern) if p.is_file()]
        if not found:
            return None
        paths.update(found)
    listing = hashlib.sha256()
    for relative in sorted(p.relative_to(root).as_posix() for p in paths):
        listing.update(
            f"{hashlib.sha256((root / relative).read_bytes()).hexdigest()}  {relative}\n".encode()
        )
    return listing.hexdigest()


def check_digest(name: str) -> None:
    """Skip the calling test unless the data on disk are those ``name``'s floors were measured
    on."""
    import pytest

    entry = read()[name]
    found = digest(entry["data"], DATA)
    if found is None:
        pytest.skip(f"shared data for the {name} floors ({', '.join(entry['data'])}) is absent")
    if found != entry["sha256"]:
        pytest.skip(
            f"the {name} floors were measured on data with sha256 {entry['sha256'][:12]}, but "
            f"shared/data now hashes to {found[:12]}: re-measure, then record the new data with "
            f"`python -m benchmarks.floors rehash {name}` (or raise/lower --new-data)"
        )


def silent_drops(old: dict[str, dict], new: dict[str, dict]) -> list[str]:
    """Each floor of ``old`` that is lower or gone in ``new`` without a ``lowered`` record
    there naming the old value and a reason."""
    problems = []
    for name, before in old.items():
        after = new.get(name, {})
        for metric, value in before["floors"].items():
            now = after.get("floors", {}).get(metric)
            if now is not None and now >= value:
                continue
            record = after.get("lowered", {}).get(metric, {})
            if record.get("from") != value or not str(record.get("reason", "")).strip():
                problems.append(
                    f"{name} {metric}: {value} -> {now} with no lowered record "
                    f"{{'from': {value}, 'reason': ...}}"
                )
    return problems


# --- the command line ---------------------------------------------------------------------


def _values(pairs: list[str]) -> dict[str, float]:
    values = {}
    for pair in pairs:
        metric, sep, value = pair.partition("=")
        try:
            values[metric] = float(value) if sep else float("nan")
        except ValueError:
            values[metric] = float("nan")
        if values[metric] != values[metric]:
            raise SystemExit(f"expected METRIC=VALUE with a number, got {pair!r}")
    return values


def _fresh_digest(name: str, entry: dict, new_data: bool, data: Path) -> str:
    found = digest(entry["data"], data)
    if found is None:
        raise SystemExit(f"the data of {name} ({', '.join(entry['data'])}) are absent")
    if found != entry["sha256"] and not new_data:
        raise SystemExit(
            f"the data of {name} changed since its floors were measured; re-measure "
            f"every floor of {name} and pass --new-data"
        )
    return found


def _raise(entry: dict, values: dict[str, float]) -> None:
    for metric, value in values.items():
        now = entry["floors"].get(metric)
        if now is not None and value <= now:
            raise SystemExit(
                f"{metric} is {now}; raise needs a higher value (lower it with `lower`)"
            )
        entry["floors"][metric] = value
        entry.get("lowered", {}).pop(metric, None)


def _lower(entry: dict, values: dict[str, float], reason: str) -> None:
    if not reason.strip():
        raise SystemExit("lower needs --reason: a floor never goes down silently")
    for metric, value in values.items():
        now = entry["floors"].get(metric)
        if now is None or value >= now:
            raise SystemExit(f"{metric} is {now}; lower needs a lower value")
        entry["floors"][metric] = value
        entry.setdefault("lowered", {})[metric] = {"from": now, "reason": reason.strip()}


def _record(args: argparse.Namespace, path: Path, data: Path) -> None:
    entries = read(path)
    if args.eval not in entries:
        raise SystemExit(
            f"no evaluation {args.eval!r} in {path.name} (it has {', '.join(entries)})"
        )
    entry = entries[args.eval]
    entry["sha256"] = _fresh_digest(
        args.eval, entry, args.command == "rehash" or args.new_data, data
    )
    if args.command == "raise":
        _raise(entry, _values(args.values))
    elif args.command == "lower":
        _lower(entry, _values(args.values), args.reason or "")
    entry["floors"] = dict(sorted(entry["floors"].items()))
    if not entry.get("lowered"):
        entry.pop("lowered", None)
    entry["measured"] = datetime.date.today().isoformat()
    path.write_text(json.dumps(entries, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{args.eval}: {json.dumps(entry['floors'])} (measured {entry['measured']})")


def _check(names: list[str], path: Path, data: Path) -> int:
    entries = read(path)
    stale = 0
    for name in names or entries:
        found = digest(entries[name]["data"], data)
        state = (
            "absent" if found is None else "ok" if found == entries[name]["sha256"] else "CHANGED"
        )
        stale += state == "CHANGED"
        print(f"{name:12} {state}")
    return 1 if stale else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.floors", description=__doc__.split("\n\n")[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="compare the data on disk with the digests")
    check.add_argument("evals", nargs="*", metavar="EVAL")
    rehash = commands.add_parser(
        "rehash", help="record new data whose re-measured figures meet every floor"
    )
    rehash.add_argument("eval", metavar="EVAL")
    for command in ("raise", "lower"):
        sub = commands.add_parser(command, help=f"{command} floors, recording the date")
        sub.add_argument("eval", metavar="EVAL")
        sub.add_argument("values", nargs="+", metavar="METRIC=VALUE")
        sub.add_argument(
            "--new-data",
            action="store_true",
            help="the data changed and every floor was re-measured",
        )
        if command == "lower":
            sub.add_argument(
                "--reason", required=True, help="why the floor goes down (kept in the file)"
            )
    return parser


def main(argv: list[str] | None = None, path: Path = FLOORS, data: Path = DATA) -> int:
    """Run the command line on the floors file ``path`` and the data folder ``data``;
    1 when ``check`` finds changed data."""
    args = _parser().parse_args(argv)
    if args.command == "check":
        return _check(args.evals, path, data)
    _record(args, path, data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
