"""The reliability suite's figures: what it tried and found, counted across its tests.

One :class:`Figures` a pytest run, kept in the run's stash under :data:`FIGURES` (the
``figures`` fixture); ``tests/conftest.py`` prints it at the end of the run and
``benchmarks.reliability`` prints it and writes it as JSON.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

import pytest

#: Where a pytest run keeps the suite's figures.
FIGURES = pytest.StashKey["Figures"]()


@dataclass(repr=False)
class Figures:
    """What the reliability suite tried and found (the acceptance figures of issue 15).

    Counts are of inputs: while hypothesis shrinks a failing input it runs many smaller
    ones, so a single bug can count many crashes; ``problems`` lists the distinct ones.
    """

    inputs: int = 0
    crashes: int = 0
    hangs: int = 0
    violations: int = 0
    lost: int = 0
    duplicates: int = 0
    failed: int = 0
    trials: int = 0
    intact: int = 0
    stores: int = 0
    bench: dict = field(default_factory=dict)
    web: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def __repr__(self) -> str:  # short, as hypothesis prints it beside a failing example
        return f"<Figures: {self.inputs} inputs, {self.crashes} crashes>"

    def problem(self, line: str) -> None:
        """Keep one line about what went wrong (the first 20 distinct ones)."""
        if line not in self.problems and len(self.problems) < 20:
            self.problems.append(line)

    def add_trials(self, trials: Iterable) -> None:
        """Count each kill as a trial; a kill is intact when its store is."""
        for trial in trials:
            self.stores += 1
            self.trials += len(trial.kills)
            self.intact += len(trial.kills) if trial.intact else 0
            self.lost += trial.lost
            self.duplicates += trial.duplicates
            self.hangs += trial.hung
            for line in trial.problems:
                self.problem(f"SIGKILL store {trial.store}: {line}")

    def add_bench(self, result: dict) -> None:
        """Count a run of :func:`tests.reliability.bench.ingest_bench`."""
        self.bench = {k: v for k, v in result.items() if k != "stderr_tail"}
        self.lost += result["lost"]
        self.duplicates += result["duplicates"]
        self.failed += result["failed"]
        self.crashes += result["exit"] not in (0, None)
        self.hangs += result["exit"] is None
        for line in result["problems"]:
            self.problem(f"bench: {line}")

    def lines(self) -> list[str]:
        lines = [
            f"inputs tried {self.inputs:,}, crashes {self.crashes}, hangs {self.hangs}, "
            f"articles lost {self.lost}, duplicates {self.duplicates}, "
            f"SIGKILL trials {self.intact}/{self.trials} intact",
            f"  (kills in {self.stores} stores, each rerun to completion; properties broken "
            f"{self.violations}; articles recorded as failed while the run went on {self.failed})",
        ]
        if self.bench:
            b = self.bench
            lines.append(
                f"bench {b['label']} with --workers 2: lines {b['lines']:,}, read {b['read']:,}, "
                f"added {b['added']:,}, already stored {b['unchanged']:,}, "
                f"skipped {b['skipped']:,}, failed {b['failed']}, lost {b['lost']}, "
                f"exit {b['exit']}, {b['seconds']:.0f} s"
            )
        lines += [f"  {line}" for line in self.problems]
        return lines

    def to_dict(self) -> dict:
        return asdict(self)
