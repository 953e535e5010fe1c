"""SIGKILL trials: ingests killed at random points, each store then rerun to completion.

Runs come from a :class:`ForkServer` (a fresh interpreter that loads the model once and
forks each ingest) or from :func:`cli_launch` (``python -m backchannel.cli ingest``, each a
process of its own). After every kill the store is checked as it lies
(:func:`~tests.reliability.integrity.check_killed`), and after the rerun against the
uninterrupted reference run (:func:`~tests.reliability.integrity.check_completed`).
"""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks._shared import ROOT
from tests.reliability.integrity import (
    Snapshot,
    check_completed,
    check_killed,
    committed,
    count,
    integrity,
    snapshot,
)

#: Seconds an ingest of the kill corpus may take before it counts as a hang.
RUN_BOUND = 300.0


class ForkServer:
    """A fresh interpreter that loads the model once and forks an ingest for each run asked
    of it (so a run costs its coding, not seconds of start-up, and no run inherits the state
    of the process that asks for it, pytest's threads included).

    Protocol, one line each: ``source<TAB>db`` on its stdin starts a run and is answered
    with the run's pid; ``pid code`` reports a run that ended (code -9 after a SIGKILL).
    """

    def __init__(self, batch_size: int) -> None:
        code = f"from tests.reliability.kill import serve_forks; serve_forks({batch_size})"
        self.process = subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=ROOT
        )
        self.ended: dict[int, int] = {}
        self._lines = _Lines(self.process.stdout.fileno())

    def __enter__(self) -> ForkServer:
        return self

    def __exit__(self, *exc) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)

    def launch(self, source: Path, db: Path) -> Served:
        self.process.stdin.write(f"{source}\t{db}\n".encode())
        self.process.stdin.flush()
        while True:
            fields = self._lines.next(None).split()
            if len(fields) == 1:
                return Served(self, int(fields[0]))
            self.ended[int(fields[0])] = int(fields[1])

    def drain(self, timeout: float) -> None:
        """Take in the ends reported within ``timeout`` seconds."""
        line = self._lines.next(timeout)
        while line:
            pid, code = line.split()
            self.ended[int(pid)] = int(code)
            line = self._lines.next(0)


class _Lines:
    """Lines from a pipe, read unbuffered, so that ``select`` sees every one not yet taken."""

    def __init__(self, fd: int) -> None:
        self.fd, self.buffer = fd, b""

    def next(self, timeout: float | None) -> str:
        """The next line, or "" when none came within ``timeout`` seconds (None: wait)."""
        while b"\n" not in self.buffer:
            if not select.select([self.fd], [], [], timeout)[0]:
                return ""
            chunk = os.read(self.fd, 4096)
            if not chunk:
                raise RuntimeError("the other end of the pipe closed")
            self.buffer += chunk
            timeout = None  # the rest of a line that has begun is on its way
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.decode()


class Served:
    """A run of a :class:`ForkServer`, with the part of ``subprocess.Popen`` the trials use."""

    def __init__(self, server: ForkServer, pid: int) -> None:
        self.server, self.pid = server, pid

    def poll(self) -> int | None:
        self.server.drain(0)
        return self.server.ended.get(self.pid)

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.pid not in self.server.ended:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                raise subprocess.TimeoutExpired(f"ingest {self.pid}", timeout)
            self.server.drain(0.05 if left is None else min(0.05, left))
        return self.server.ended[self.pid]


def serve_forks(batch_size: int) -> None:
    """The :class:`ForkServer` side: runs until its stdin closes."""
    from backchannel.nlp import load

    nlp, running, asked = load(), set(), _Lines(sys.stdin.fileno())
    while True:
        try:
            line = asked.next(0.02)
        except RuntimeError:  # stdin closed: no more runs; end those still going
            for pid in running:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            break
        if line:
            source, db = line.split("\t")
            pid = os.fork()
            if pid == 0:
                _forked_ingest(nlp, Path(source), Path(db), batch_size)
            running.add(pid)
            print(pid, flush=True)
        for pid in list(running):
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                running.discard(pid)
                print(pid, os.waitstatus_to_exitcode(status), flush=True)


def _forked_ingest(nlp, source: Path, db: Path, batch_size: int) -> None:
    """In the forked child: what ``backchannel ingest`` does after loading the model."""
    from backchannel.ingest import Coder, ingest
    from backchannel.store import open_store

    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # the server's stdout is its protocol
    try:
        with open_store(db) as store:
            ingest([source], store, coder=Coder(nlp=nlp), batch_size=batch_size)
    except BaseException:
        os._exit(1)
    os._exit(0)


#: Starts ``ingest source --db db`` and returns the running child (Popen or Served).
Launch = Callable[[Path, Path], "subprocess.Popen | Served"]


def cli_launch(batch_size: int) -> Launch:
    """Each run is ``python -m backchannel.cli ingest`` in a process of its own."""

    def launch(source: Path, db: Path) -> subprocess.Popen:
        command = [
            sys.executable,
            "-m",
            "backchannel.cli",
            "ingest",
            str(source),
            "--db",
            str(db),
            "--batch-size",
            str(batch_size),
        ]
        return subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT
        )

    return launch


@dataclass(frozen=True)
class Trial:
    """One store ingested with SIGKILLs at random points, then rerun to completion: each
    kill is a trial, checked when it lands; the rerun's check holds for all of them."""

    store: int
    kills: tuple[int, ...]  # articles committed when each SIGKILL landed
    problems: tuple[str, ...]
    lost: int = 0
    duplicates: int = 0
    hung: int = 0

    @property
    def intact(self) -> bool:
        return not self.problems


def complete(launch: Launch, source: Path, db: Path) -> str | None:
    """Run an ingest to its end; a problem in words, or None."""
    child = launch(source, db)
    try:
        code = child.wait(timeout=RUN_BOUND)
    except subprocess.TimeoutExpired:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        return f"hang: the ingest ran past {RUN_BOUND:g} s"
    return None if code == 0 else f"the ingest exited with {code}"


def reference(launch: Launch, source: Path, folder: Path) -> Snapshot:
    """The uninterrupted run the trials are held to."""
    db = folder / "reference.db"
    problem = complete(launch, source, db)
    if problem:
        raise RuntimeError(f"the uninterrupted reference ingest failed: {problem}")
    problems, _ = integrity(db)
    if problems:
        raise RuntimeError(f"the uninterrupted reference store is broken: {problems}")
    return snapshot(db)


def kill_at(
    launch: Launch, source: Path, db: Path, target: int, delay: float
) -> tuple[int | None, list[str]]:
    """Start an ingest and SIGKILL it ``delay`` seconds after ``target`` articles are
    committed; how many were committed just before the kill and their ids (None and the
    ids when the run ended first)."""
    child = launch(source, db)
    deadline = time.monotonic() + RUN_BOUND
    while child.poll() is None and count(db) < target and time.monotonic() < deadline:
        time.sleep(0.03)
    time.sleep(delay)
    seen = committed(db)
    if child.poll() is not None:
        return None, seen
    try:
        os.kill(child.pid, signal.SIGKILL)
    except ProcessLookupError:  # it ended (and was reaped) just now
        pass
    return (len(seen) if child.wait() == -signal.SIGKILL else None), seen


def trial(
    number: int,
    launch: Launch,
    source: Path,
    db: Path,
    ref: Snapshot,
    rng: random.Random,
    kills: int,
) -> Trial:
    """Up to ``kills`` SIGKILLs at sorted random points (the later ones land in resumed
    runs), each followed by an integrity check, then a rerun to completion held to the
    uninterrupted run."""
    total = len(ref.order)
    targets = sorted(rng.randrange(total) for _ in range(kills))
    landed, problems, doubled = [], [], 0
    for target in targets:
        at, seen = kill_at(launch, source, db, target, rng.uniform(0, 0.6))
        if at is None:  # the run ended before the kill: this store is complete
            break
        landed.append(at)
        found, extra = check_killed(db, ref, seen)
        doubled += extra
        problems += [f"after kill {len(landed)} (at {at} articles): {p}" for p in found]
    hang = complete(launch, source, db)
    if hang:
        problems.append(f"rerun: {hang}")
    found, extra, lost = check_completed(db, ref)
    problems += [f"after the rerun: {p}" for p in found]
    return Trial(
        number,
        tuple(landed),
        tuple(problems),
        lost,
        doubled + extra,
        int(bool(hang and "hang" in hang)),
    )


def kill_trials(
    launch: Launch, source: Path, folder: Path, *, kills: int, seed: int, per_store: int = 3
) -> tuple[Snapshot, list[Trial]]:
    """The reference run, then stores killed up to ``per_store`` times each and rerun to
    completion, until ``kills`` SIGKILLs have landed."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    ref = reference(launch, source, folder)
    done: list[Trial] = []
    while (landed := sum(len(t.kills) for t in done)) < kills:
        if len(done) > 2 * kills:
            raise RuntimeError(
                f"only {landed} of {kills} kills landed: the runs end before they can be killed"
            )
        db = folder / f"trial-{len(done)}.db"
        done.append(trial(len(done), launch, source, db, ref, rng, min(per_store, kills - landed)))
    return ref, done
