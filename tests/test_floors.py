"""The accuracy floors in ``benchmarks/floors.json``: well formed, each one a figure its
benchmark computes and its gate checks, and never lowered silently from one version of the
file to the next (see ``benchmarks/floors.py``)."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import importlib
import inspect
import json
import re
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

from benchmarks import floors
from benchmarks._shared import ROOT

ENTRIES = floors.read()
RELATIVE = floors.FLOORS.relative_to(ROOT).as_posix()


def _float_fields(cls) -> set[str]:
    return {f.name for f in dataclasses.fields(cls) if f.type == "float"}


def _attribution_metrics() -> set[str]:
    from backchannel.nlp.attribution import FINDERS
    from benchmarks import attribution_eval

    counts = defaultdict(attribution_eval._Counts)
    for role in attribution_eval.ROLES:
        attribution_eval.add_counts(counts, set(), set(), role, 1.0)
    return {f"{finder}.{role}.{match}" for finder in FINDERS for role, match in counts}


def _geo_metrics() -> set[str]:
    from benchmarks import geo_eval

    sets = inspect.signature(geo_eval.evaluate).parameters["sets"].default
    return {f"{name}.{metric}" for name in sets for metric in geo_eval.Tally().scores()}


def _dataclass_metrics(module: str, cls: str):
    return lambda: _float_fields(getattr(importlib.import_module(f"benchmarks.{module}"), cls))


#: each evaluation → the figures its benchmark computes, as floors.json names them
METRICS = {
    "attribution": _attribution_metrics,
    "events": _dataclass_metrics("events_eval", "EventScores"),
    "extraction": _dataclass_metrics("extraction", "Scores"),
    "geo": _geo_metrics,
    "readouts": _dataclass_metrics("readouts_eval", "ReadoutScores"),
    "time": _dataclass_metrics("time_eval", "TimeScores"),
}


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_entry_is_well_formed(name):
    entry = ENTRIES[name]
    assert (ROOT / entry["gate"]).is_file()
    assert entry["data"] and all(isinstance(p, str) for p in entry["data"])
    assert re.fullmatch(r"[0-9a-f]{64}", entry["sha256"])
    datetime.date.fromisoformat(entry["measured"])
    assert all(0 < value <= 1 for value in entry["floors"].values())
    for metric, record in entry.get("lowered", {}).items():
        assert record["reason"].strip() and record["from"] > entry["floors"].get(metric, 0), metric


def test_every_evaluation_has_its_metric_table():
    assert set(METRICS) == set(ENTRIES)


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_every_floor_is_a_figure_the_benchmark_computes(name):
    assert set(ENTRIES[name]["floors"]) <= METRICS[name]()


def _gated_metrics(module) -> set[str]:
    """The ``metric`` values the module's tests are parametrized over."""
    found = set()
    for _, function in inspect.getmembers(module, inspect.isfunction):
        for mark in getattr(function, "pytestmark", []):
            if mark.name == "parametrize" and mark.args[0] == "metric":
                found.update(mark.args[1])
    return found


def _module(path: Path):
    return importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))


@pytest.mark.parametrize(
    "path", sorted((ROOT / "tests" / "gates").glob("test_*.py")), ids=lambda p: p.stem
)
def test_every_gate_checks_exactly_its_floors(path):
    module = _module(path)
    gated = _gated_metrics(module)
    if not gated:
        assert not hasattr(module, "EVAL"), (
            "a gate with an EVAL parametrizes a test over its metrics"
        )
        return
    entry = ENTRIES[module.EVAL]
    assert entry["gate"] == path.relative_to(ROOT).as_posix()
    assert gated == set(entry["floors"])


def test_every_floor_has_a_gate():
    gates = {
        name
        for path in (ROOT / "tests" / "gates").glob("test_*.py")
        if (name := getattr(_module(path), "EVAL", None))
    }
    assert gates == {name for name, entry in ENTRIES.items() if entry["floors"]}


# --- floors never go down silently ------------------------------------------------------------

OLD = {"x": {"floors": {"f1": 0.8, "recall": 0.7}}}


@pytest.mark.parametrize(
    "new, silent",
    [
        ({"x": {"floors": {"f1": 0.81, "recall": 0.7}}}, []),
        ({"x": {"floors": {"f1": 0.79, "recall": 0.7}}}, ["x f1"]),
        ({"x": {"floors": {"f1": 0.8}}}, ["x recall"]),
        ({}, ["x f1", "x recall"]),
        (
            {
                "x": {
                    "floors": {"f1": 0.79, "recall": 0.7},
                    "lowered": {"f1": {"from": 0.8, "reason": "gold set corrected"}},
                }
            },
            [],
        ),
        (
            {
                "x": {
                    "floors": {"f1": 0.79, "recall": 0.7},
                    "lowered": {"f1": {"from": 0.85, "reason": "an older lowering"}},
                }
            },
            ["x f1"],
        ),
        (
            {
                "x": {
                    "floors": {"f1": 0.79, "recall": 0.7},
                    "lowered": {"f1": {"from": 0.8, "reason": " "}},
                }
            },
            ["x f1"],
        ),
        (
            {
                "x": {
                    "floors": {"f1": 0.8},
                    "lowered": {"recall": {"from": 0.7, "reason": "metric retired"}},
                }
            },
            [],
        ),
    ],
    ids=[
        "raised",
        "lowered",
        "removed",
        "evaluation-removed",
        "lowered-with-record",
        "record-of-another-value",
        "record-without-reason",
        "removed-with-record",
    ],
)
def test_silent_drops(new, silent):
    assert [p.split(":")[0] for p in floors.silent_drops(OLD, new)] == silent


def _git(*args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def _versions() -> list[tuple[str, dict]]:
    """floors.json at the base (the upstream's merge-base, else HEAD's parent, else HEAD), at
    each later commit that changed it, and in the working tree."""
    base = (
        _git("merge-base", "HEAD", "@{upstream}")
        or _git("rev-parse", "HEAD~1")
        or _git("rev-parse", "HEAD")
    )
    if base is None:
        pytest.skip("not a git checkout with a commit")
    commits = [
        base,
        *(_git("rev-list", "--reverse", f"{base}..HEAD", "--", RELATIVE) or "").split(),
    ]
    versions = [
        (c[:10], json.loads(text)) for c in commits if (text := _git("show", f"{c}:./{RELATIVE}"))
    ]
    return versions + [("working tree", ENTRIES)]


def test_no_floor_was_lowered_silently():
    versions = _versions()
    if len(versions) == 1:
        pytest.skip(f"{RELATIVE} is new in this checkout")
    problems = [
        f"{before} -> {after}: {problem}"
        for (before, old), (after, new) in zip(versions, versions[1:])
        for problem in floors.silent_drops(old, new)
    ]
    assert not problems, "lower a floor with `python -m benchmarks.floors lower`:\n" + "\n".join(
        problems
    )


# --- the digest and the command line ---------------------------------------------------------


@pytest.fixture
def data(tmp_path):
    """A data folder of two files and a floors file with one entry measured on them."""
    root = tmp_path / "data"
    (root / "gold").mkdir(parents=True)
    (root / "gold" / "b.txt").write_text("bee\n")
    (root / "gold" / "a.txt").write_text("ay\n")
    path = tmp_path / "floors.json"
    entry = {
        "gate": "g.py",
        "measured": "2026-01-01",
        "data": ["gold/*.txt"],
        "sha256": floors.digest(["gold/*.txt"], root),
        "floors": {"f1": 0.8, "recall": 0.7},
    }
    path.write_text(json.dumps({"x": entry}))
    return path


def _main(argv: list[str], path: Path) -> int:
    return floors.main(argv, path=path, data=path.parent / "data")


def test_digest_is_that_of_a_sha256sum_listing(data):
    root = data.parent / "data"
    listing = "".join(
        f"{hashlib.sha256((root / name).read_bytes()).hexdigest()}  {name}\n"
        for name in ("gold/a.txt", "gold/b.txt")
    )
    assert floors.digest(["gold/*.txt"], root) == hashlib.sha256(listing.encode()).hexdigest()
    assert floors.digest(["gold/*.txt", "missing/*"], root) is None


def test_raise_records_the_value_and_the_date(data):
    _main(["raise", "x", "f1=0.85"], data)
    entry = floors.read(data)["x"]
    assert entry["floors"] == {"f1": 0.85, "recall": 0.7}
    assert entry["measured"] == datetime.date.today().isoformat()


@pytest.mark.parametrize(
    "argv",
    [
        ["raise", "x", "f1=0.75"],
        ["raise", "x", "f1=0.8"],
        ["lower", "x", "f1=0.75"],
        ["lower", "x", "f1=0.85", "--reason", "r"],
        ["raise", "y", "f1=0.9"],
    ],
    ids=[
        "raise-to-lower",
        "raise-to-same",
        "lower-without-reason",
        "lower-to-higher",
        "unknown-evaluation",
    ],
)
def test_the_command_line_refuses(data, argv):
    before = data.read_text()
    with pytest.raises(SystemExit):
        _main(argv, data)
    assert data.read_text() == before


def test_lower_leaves_a_record_the_history_check_accepts(data):
    old = floors.read(data)
    _main(["lower", "x", "f1=0.75", "--reason", "the gold set was corrected"], data)
    new = floors.read(data)
    assert new["x"]["lowered"] == {"f1": {"from": 0.8, "reason": "the gold set was corrected"}}
    assert floors.silent_drops(old, new) == []
    _main(["raise", "x", "f1=0.78"], data)
    assert "lowered" not in floors.read(data)["x"]


def test_new_data_must_be_declared(data):
    (data.parent / "data" / "gold" / "a.txt").write_text("changed\n")
    assert _main(["check"], data) == 1
    with pytest.raises(SystemExit, match="--new-data"):
        _main(["raise", "x", "f1=0.85"], data)
    _main(["rehash", "x"], data)
    assert floors.read(data)["x"]["sha256"] == floors.digest(["gold/*.txt"], data.parent / "data")
    assert _main(["check"], data) == 0
