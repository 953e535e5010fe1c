"""A bounded load test of the web app on loopback: concurrent clients over the main pages and API.

    python -m benchmarks.load_test                          # 50 clients for 30 s, sample store
    python -m benchmarks.load_test --db backchannel.db --clients 20 --seconds 10

It serves the app with uvicorn on a free 127.0.0.1 port in a child process, over the store
given by ``--db`` or a throwaway copy of the web tests' sample store (their hostile article
and undated event included), and runs ``--clients`` clients (asyncio, one
``httpx.AsyncClient`` each), every one asking for the next path of a fixed mix of pages and
API endpoints as soon as its previous answer came, until ``--seconds`` are up. Each path is
asked for once before the clock starts (the first brief or claims page imports the claims
module: a cold start, not load). It prints the requests made, p50 and p99 latency in
milliseconds, and the errors: answers other than 2xx, and requests that failed or timed out.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from backchannel import query
from backchannel.store import open_store

READY_SECONDS = 60


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What a load test measured."""

    clients: int
    seconds: float
    requests: int
    errors: int
    p50_ms: float
    p99_ms: float
    slowest: tuple[tuple[str, float], ...]  # (path, p99 ms) of the slowest paths
    failures: tuple[str, ...]  # a few of the errors, for diagnosis

    def summary(self) -> str:
        lines = [
            f"load test: {self.clients} clients for {self.seconds:.0f} s on loopback",
            f"requests  {self.requests} ({self.requests / self.seconds:.1f}/s)",
            f"latency   p50 {self.p50_ms:.1f} ms   p99 {self.p99_ms:.1f} ms",
            f"errors    {self.errors}",
        ]
        lines += [f"  slow: p99 {ms:8.1f} ms  {path}" for path, ms in self.slowest]
        lines += [f"  error: {failure}" for failure in self.failures]
        return "\n".join(lines)


def paths(db: str | Path) -> list[str]:
    """The mix of pages and API endpoints, with ids taken from the store at ``db``."""
    mix = [
        "/",
        "/events",
        "/events?page=2&per_page=5",
        "/clusters",
        "/actors",
        "/dyads",
        "/network",
        "/network?level=actor",
        "/claims",
        "/brief",
        "/api/events",
        "/api/actors",
        "/api/dyads",
        "/api/dyad-months",
        "/api/network",
        "/api/clusters",
        "/api/statements",
        "/api/events.csv",
    ]
    with open_store(db) as store:
        events = query.find_events(store, per_page=1).items
        dyads = query.dyads(store, complete=True, limit=1)
    for ev in events:
        word = next((w for w in (ev.title or ev.sentence.text).split() if w.isalpha()), "the")
        mix += [
            f"/events/{ev.id}",
            f"/articles/{ev.article_id}",
            f"/api/events/{ev.id}",
            f"/search?q={word}",
            f"/api/search?q={word}",
            f"/api/brief?since={ev.day}&until={ev.day}",
        ]
        mix += (
            [f"/actors/{ev.actor_id}", f"/api/actors/{ev.actor_id}/counterparts"]
            if ev.actor_id
            else []
        )
    for dyad in dyads:
        mix += [
            f"/dyads/{dyad.actor_country}/{dyad.recipient_country}",
            f"/api/intensity/{dyad.actor_country}/{dyad.recipient_country}?both=true",
        ]
    return mix


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_ready(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if httpx.get(url + "/api/events?per_page=1", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the app did not start on {url} within {READY_SECONDS} s")


@contextmanager
def serving(db: str | Path) -> Iterator[str]:
    """The app over ``db`` served by uvicorn in a child process on loopback: yields its URL."""
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "backchannel.web.app:app_from_env",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    env = os.environ | {"BACKCHANNEL_DB": str(db)}
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(command, env=env, stdout=log, stderr=log)
        try:
            _wait_until_ready(f"http://127.0.0.1:{port}", server)
            yield f"http://127.0.0.1:{port}"
        except RuntimeError:
            log.seek(0)
            raise RuntimeError(
                log.read().decode(errors="replace")[-2000:] or "uvicorn exited"
            ) from None
        finally:
            server.terminate()
            server.wait(timeout=10)


async def _client(
    url: str,
    mix: list[str],
    start: int,
    deadline: float,
    timings: dict,
    failures: list,
    *,
    once: bool = False,
) -> None:
    """One client: the next path of the mix as soon as the last answer came, until the deadline
    (or through the mix ``once``)."""
    async with httpx.AsyncClient(base_url=url, timeout=30, follow_redirects=True) as client:
        i = start
        while time.monotonic() < deadline and not (once and i == start + len(mix)):
            path, i = mix[i % len(mix)], i + 1
            began = time.perf_counter()
            try:
                response = await client.get(path)
                failed = None if response.is_success else f"{response.status_code} {path}"
            except httpx.HTTPError as exc:
                failed = f"{type(exc).__name__} {path}"
            timings[path].append((time.perf_counter() - began) * 1000)
            if failed:
                failures.append(failed)


async def _run(url: str, mix: list[str], clients: int, seconds: float) -> tuple[dict, list, float]:
    """Timings by path, failures and seconds taken: a warm-up pass, then ``clients`` at once."""
    timings: dict[str, list[float]] = defaultdict(list)
    failures: list[str] = []
    await _client(url, mix, 0, float("inf"), defaultdict(list), failures, once=True)
    began = time.monotonic()
    await asyncio.gather(
        *(
            _client(url, mix, n * len(mix) // clients, began + seconds, timings, failures)
            for n in range(clients)
        )
    )
    return timings, failures, time.monotonic() - began


def _percentile(values: list[float], pct: int) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[pct - 1]
        if len(values) > 1
        else sum(values)
    )


def load_test(db: str | Path, *, clients: int = 50, seconds: float = 30.0) -> LoadResult:
    """Serve the store at ``db`` and load it with ``clients`` clients for ``seconds``."""
    mix = paths(db)
    with serving(db) as url:
        timings, failures, elapsed = asyncio.run(_run(url, mix, clients, seconds))
    every = [ms for values in timings.values() for ms in values]
    slowest = sorted(
        ((path, _percentile(v, 99)) for path, v in timings.items()), key=lambda pv: -pv[1]
    )[:5]
    return LoadResult(
        clients,
        elapsed,
        len(every),
        len(failures),
        _percentile(every, 50),
        _percentile(every, 99),
        tuple(slowest),
        tuple(dict.fromkeys(failures))[:5],
    )


@contextmanager
def sample_db() -> Iterator[Path]:
    """A throwaway copy of the web tests' store (sample, hostile and undated articles)."""
    from tests.web.sample_store import build_store, hostile_records

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "load.db"
        build_store(path, hostile_records()).close()
        yield path


def main(argv: list[str] | None = None) -> LoadResult:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--db", help="a store path or URL (default: a copy of the web tests' sample store)"
    )
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args(argv)
    if args.db:
        result = load_test(args.db, clients=args.clients, seconds=args.seconds)
    else:
        with sample_db() as db:
            result = load_test(db, clients=args.clients, seconds=args.seconds)
    print(result.summary())
    return result


if __name__ == "__main__":
    main()
