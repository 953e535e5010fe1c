"""Claims and briefs at scale: the claims page and a one-month brief on a store of 20,000 articles.

    python -m benchmarks.claims_scale                      # 20,000 articles from 400 coded ones
    python -m benchmarks.claims_scale --articles 5000 --seed 200 --db /tmp/claims.db

It codes the first ``--seed`` articles of the bench corpus (``shared/data/corpora/bench``,
read in place) with the spaCy pipeline, then fills a new store with ``--articles`` articles:
the coded records copied under new ids (article, statement and event ids suffixed), each copy
published, and its day-precision event dates shifted, by a different number of days, so the store
spans several months and a month holds copies of many stories. Copies keep the original's
near-duplicate cluster, as a wire story's copies would. Writing copies needs no NLP, so the
store builds in a few minutes on two cores (the coded seed is kept beside the store, as
``NAME.seed.jsonl``, and an existing ``--db`` is measured as it is).

It then groups the store's claims (as the first read after an ingest does), and times, each
over ``--repeat`` runs (the best and the median): the claims page (``/claims`` through the
web app's TestClient, first page, and a page filtered by an actor and a month), the clusters
page (its first answer clusters every event, later ones page what it kept), and a
one-month brief (``write_brief`` over the busiest month, Markdown and HTML rendered). It
prints the store's size with the figures. A benchmark that prints, not a test.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

from backchannel.records import Article, Record
from backchannel.store import Stored, open_store
from benchmarks._shared import data_path

CORPUS = ("corpora", "bench", "reuters21578_bbc.jsonl")
SPREAD_DAYS = 150  # copies are shifted by up to this many days


def _bench_articles(path: Path, limit: int) -> Iterator[Article]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if limit <= 0:
                return
            item = json.loads(line)
            if not (item.get("text") or "").strip():
                continue
            limit -= 1
            yield Article(
                id=f"bench-{item['id']}",
                text=item["text"],
                title=item.get("title"),
                published=(item.get("published") or "")[:10] or None,
                outlet=item.get("outlet") or "Reuters",
                source="bench",
            )


def code_seed(count: int) -> list[dict]:
    """The first ``count`` bench articles, coded, as record dicts."""
    from backchannel.nlp import load
    from backchannel.nlp.pipeline import analyse_many

    path = data_path(*CORPUS)
    if path is None:
        sys.exit("the bench corpus (shared/data/corpora/bench) is absent")
    nlp = load()
    return [r.to_dict() for r in analyse_many(_bench_articles(path, count), nlp)]


def _shift(value: str | None, days: int) -> str | None:
    """An ISO day (or a longer ISO time starting with one) moved by ``days``."""
    if not value or len(value) < 10:
        return value
    try:
        moved = date.fromisoformat(value[:10]) + timedelta(days=days)
    except ValueError:
        return value
    return moved.isoformat() + value[10:]


def copy_record(data: dict, copy: int, days: int, origin: int = 0) -> dict:
    """A record dict under new ids (``origin``: the seed's index, as two seed articles may
    share a statement), published (and dated, where dated by day) ``days`` later."""
    suffix = f"-c{copy}s{origin}"
    out = json.loads(json.dumps(data))
    out["article_id"] = out["id"] = data["article_id"] + suffix
    out["published"] = _shift(data.get("published"), days)
    out["cluster"] = data.get("cluster") or data["article_id"]
    for statement in out["statements"]:
        statement["id"] += suffix
    for event in out["events"]:
        event["id"] += suffix
        event["attributed_to"] = [sid + suffix for sid in event["attributed_to"]]
        when = event.get("date") or {}
        if when.get("precision") == "day":
            when["value"] = _shift(when.get("value"), days)
    return out


def build(db: Path, seed: list[dict], articles: int, batch: int = 200) -> float:
    """Fill a new store at ``db`` with ``articles`` copies of the ``seed`` records."""
    started = time.perf_counter()
    with open_store(db) as store:
        pending: list[Stored] = []
        for n in range(articles):
            original = seed[n % len(seed)]
            copy = n // len(seed)
            days = (copy * 37) % SPREAD_DAYS
            data = copy_record(original, copy, days, n % len(seed))
            record = Record.from_dict(data)
            line = json.dumps(data, ensure_ascii=False)
            pending.append(Stored(record.article, record, record.article.id.encode(), "copy", line))
            if len(pending) >= batch:
                store.add(pending)
                pending = []
        store.add(pending)
    return time.perf_counter() - started


def _timed(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times), statistics.median(times)


def _busiest_month(store) -> str:
    from sqlalchemy import select

    from backchannel.store import schema

    a = schema.articles
    with store.engine.connect() as conn:
        months = Counter((p or "")[:7] for p in conn.scalars(select(a.c.published)) if p)
    return months.most_common(1)[0][0]


def measure(db: Path, repeat: int) -> None:
    from fastapi.testclient import TestClient

    from backchannel.brief import write_brief
    from backchannel.claims import find_claims, refresh
    from backchannel.web.app import create_app

    with open_store(db) as store:
        counts = store.counts()
        started = time.perf_counter()
        refresh(store, force=True)
        grouping = time.perf_counter() - started
        total = find_claims(store, per_page=1).total
        month = _busiest_month(store)
        speaker = next(
            (s.speaker for c in find_claims(store, per_page=5).items for s in c.sides if s.speaker),
            "",
        )
        print(f"store: {db}")
        print("store size: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
        print(f"claims: {total:,} (grouping them all took {grouping:.1f} s, once per store state)")

        def brief() -> None:
            made = write_brief(store, since=month, until=month)
            made.markdown, made.html  # noqa: B018 - rendering is part of the time

        made = write_brief(store, since=month, until=month)
        best, median = _timed(brief, repeat)
        print(
            f"one-month brief {month} ({made.events:,} events, {made.articles:,} articles): "
            f"best {best:.2f} s, median {median:.2f} s"
        )
    with TestClient(create_app(str(db))) as client:
        for label, url in (
            ("claims page", "/claims"),
            ("claims page, page 5", "/claims?page=5"),
            ("claims page, one month", f"/claims?since={month}&until={month}"),
            ("claims page, one speaker", f"/claims?actor={speaker[:20]}"),
            ("clusters page", "/clusters"),
            ("clusters page, one month", f"/clusters?since={month}&until={month}&page=2"),
        ):
            first, _ = _timed(lambda url=url: client.get(url).raise_for_status(), 1)
            best, median = _timed(lambda url=url: client.get(url).raise_for_status(), repeat)
            print(
                f"{label} ({url}): first {first:.3f} s, "
                f"then best {best:.3f} s, median {median:.3f} s"
            )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=400, help="bench articles coded by NLP")
    parser.add_argument("--db", type=Path, help="the store to build (default: a temporary one)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    db = args.db or Path(tempfile.mkdtemp(prefix="claims-scale-")) / "claims.db"
    if db.exists():
        print(f"using the existing store {db}")
    else:
        cached = db.with_suffix(".seed.jsonl")
        if cached.exists():
            seed = [json.loads(line) for line in cached.open(encoding="utf-8")]
            print(f"read {len(seed)} coded seed articles from {cached}")
        else:
            started = time.perf_counter()
            seed = code_seed(args.seed)
            print(f"coded {len(seed)} seed articles in {time.perf_counter() - started:.0f} s")
            db.parent.mkdir(parents=True, exist_ok=True)
            cached.write_text("".join(json.dumps(d) + "\n" for d in seed), encoding="utf-8")
        print(f"built {args.articles:,} articles in {build(db, seed, args.articles):.0f} s")
    measure(db, args.repeat)


if __name__ == "__main__":
    main()
