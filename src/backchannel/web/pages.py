"""The app's pages: each parses the URL, calls the query layer once or twice, renders.

Every page takes the store as a dependency (:data:`~backchannel.web.params.StoreDep`).
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from backchannel import brief as briefs
from backchannel import charts, clusters, query
from backchannel.query import EventFilter
from backchannel.store import Store
from backchannel.vocab import CONTESTED
from backchannel.web.highlight import highlight, record_layers
from backchannel.web.params import StoreDep, event_filter, int_param, render, url_with

__all__ = ["router"]

router = APIRouter()

#: the claims page's filters (``find_claims`` keywords)
CLAIM_FILTERS = ("since", "until", "actor", "stance")
#: the most actors the search page lists above its articles
ACTOR_HITS = 20


def _record(store: Store, article_id: str) -> dict:
    return next(iter(store.record_dicts([article_id])), {})


@router.get("/", include_in_schema=False)
def home() -> RedirectResponse:
    return RedirectResponse("/events")


@router.get("/events", response_class=HTMLResponse, include_in_schema=False)
def events(store: StoreDep, request: Request):
    flt = event_filter(request)
    page = query.find_events(
        store,
        flt,
        page=int_param(request, "page", 1),
        per_page=int_param(request, "per_page", 50),
        order=request.query_params.get("order") or "-day",
    )
    counts = [(m.month, m.quad, m.count) for m in query.dyad_months(store, filters=flt)]

    def drill(period: str) -> str:
        since, until = charts.period_bounds(period)
        return url_with(request, None, since=since, until=until, page=None)

    return render(
        request,
        "events.html",
        page=page,
        flt=flt,
        nav="events",
        known_actors=query.actors(store, limit=200),
        chart=charts.quad_bars(counts, height=150, href=drill),
    )


@router.get("/clusters", response_class=HTMLResponse, include_in_schema=False)
def event_clusters(store: StoreDep, request: Request):
    from backchannel.claims.clustered import find_clusters  # imported on use, as claims are

    flt = event_filter(request)
    per_page = int_param(request, "per_page", int_param(request, "limit", 50))  # limit: as before
    found = find_clusters(store, flt, page=int_param(request, "page", 1), per_page=per_page)
    return render(
        request, "clusters.html", found=found, flt=flt, nav="events", window=clusters.WINDOW_DAYS
    )


@router.get("/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
def event(store: StoreDep, request: Request, event_id: str):
    found = query.event(store, event_id)
    if found is None:
        raise HTTPException(404, f"no event {event_id}")
    record = _record(store, found.article_id)
    said = query.statements(store, ids=list(found.attributed_to)) if found.attributed_to else ()
    contested = [
        s
        for s in query.statements(store, article=found.article_id)
        if s.stance in CONTESTED and s.id not in found.attributed_to
    ]
    text = highlight(record.get("text", ""), record_layers(record, focus=event_id))
    return render(
        request,
        "event.html",
        ev=found,
        said=said,
        contested=contested,
        text=text,
        nav="events",
        cluster=clusters.cluster_of(store, event_id),
        coded=next((e for e in record.get("events", []) if e["id"] == event_id), {}),
    )


@router.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
def article(store: StoreDep, request: Request, article_id: str):
    found = store.article(article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id}")
    record = _record(store, article_id)
    focus = request.query_params.get("event")
    text = highlight(found.text, record_layers(record, focus=focus) if record else [])
    return render(
        request,
        "article.html",
        article=found,
        record=record,
        text=text,
        nav="search",
        events=query.find_events(store, EventFilter(article=article_id), per_page=500).items,
    )


@router.get("/actors", response_class=HTMLResponse, include_in_schema=False)
def actors(store: StoreDep, request: Request):
    found = query.actors(
        store,
        country=(request.query_params.get("country") or "").upper() or None,
        name=request.query_params.get("name") or None,
        limit=int_param(request, "limit", 300),
    )
    return render(request, "actors.html", actors=found, nav="actors")


@router.get("/actors/{actor_id}", response_class=HTMLResponse, include_in_schema=False)
def actor(store: StoreDep, request: Request, actor_id: str):
    found = query.actor(store, actor_id)
    if found is None:
        raise HTTPException(404, f"no actor {actor_id}")
    flt = EventFilter(actor=actor_id)
    counts = [(m.month, m.quad, m.count) for m in query.dyad_months(store, filters=flt)]
    chart = charts.quad_bars(counts, href=_drill(actor=actor_id))
    return render(
        request,
        "actor.html",
        actor=found,
        events=query.find_events(store, flt, per_page=200).items,
        nav="actors",
        counterparts=query.counterparts(store, actor_id),
        chart=chart,
    )


@router.get("/dyads", response_class=HTMLResponse, include_in_schema=False)
def dyads(store: StoreDep, request: Request):
    complete = not request.query_params.get("all")
    flt = event_filter(request)
    found = query.dyads(store, filters=flt, limit=500, complete=complete)
    return render(request, "dyads.html", dyads=found, complete=complete, flt=flt, nav="dyads")


@router.get("/dyads/{left}/{right}", response_class=HTMLResponse, include_in_schema=False)
def dyad(store: StoreDep, request: Request, left: str, right: str):
    left, right = query.parse_dyad(f"{left}-{right}")
    directions = ((left, right), (right, left))
    months = {pair: query.dyad_months(store, filters=EventFilter(dyad=pair)) for pair in directions}
    series = query.intensity_series(store, left, right, both_directions=True)
    # one time axis for both directions and the intensity line, so they line up
    axis = charts.common_periods(
        *([m.month for m in rows] for rows in months.values()), [p.month for p in series]
    )
    views = {
        f"{a}→{b}": charts.quad_bars(
            [(m.month, m.quad, m.count) for m in months[(a, b)]],
            href=_drill(dyad=f"{a}-{b}"),
            label=f"{a} to {b}: events by month and quad",
            periods=axis,
        )
        for a, b in directions
    }
    page = query.find_events(store, EventFilter(dyad=(left, right)), per_page=100)
    back = query.find_events(store, EventFilter(dyad=(right, left)), per_page=100)
    return render(
        request,
        "dyad.html",
        left=left,
        right=right,
        views=views,
        nav="dyads",
        line=charts.intensity_line(series, periods=axis),
        series=series,
        events=page,
        back=back,
    )


def _drill(**filters: str):
    """A link maker from a chart period to the events of that period under ``filters``."""

    def href(period: str) -> str:
        since, until = charts.period_bounds(period)
        return "/events?" + urlencode({**filters, "since": since, "until": until})

    return href


@router.get("/network", response_class=HTMLResponse, include_in_schema=False)
def network(store: StoreDep, request: Request):
    level = request.query_params.get("level", "country")
    flt = event_filter(request)
    edges = query.network(
        store,
        filters=flt,
        level=level,
        min_count=int_param(request, "min_count", 1),
    )
    key = "country" if level == "country" else "actor"

    def href(name: str) -> str:
        return f"/events?{key}={quote(name)}"

    return render(
        request,
        "network.html",
        edges=edges,
        level=level,
        flt=flt,
        nav="network",
        svg=charts.network(edges, href=href),
    )


@router.get("/claims", response_class=HTMLResponse, include_in_schema=False)
def claims(store: StoreDep, request: Request):
    from backchannel.claims import find_claims  # loads the NLP stack's lexicons: imported on use

    params = request.query_params
    chosen = {key: (params.get(key) or "").strip() or None for key in CLAIM_FILTERS}
    found = find_claims(
        store,
        **chosen,
        page=int_param(request, "page", 1),
        per_page=int_param(request, "per_page", 20),
    )
    return render(request, "claims.html", found=found, chosen=chosen, nav="claims")


@router.get("/search", response_class=HTMLResponse, include_in_schema=False)
def search(store: StoreDep, request: Request):
    """Actors (by name, id or how the text names them) above the articles with every word."""
    text = request.query_params.get("q", "")
    return render(
        request,
        "search.html",
        q=text,
        actors=query.actors(store, matching=text, limit=ACTOR_HITS) if text.strip() else (),
        hits=query.search(store, text, limit=100),
        nav="search",
    )


@router.get("/brief", response_class=HTMLResponse, include_in_schema=False)
def brief(store: StoreDep, request: Request):
    return render(request, "brief.html", b=_brief(request, store), nav="brief")


@router.get("/brief.html", include_in_schema=False)
def brief_page(store: StoreDep, request: Request) -> HTMLResponse:
    return HTMLResponse(_brief(request, store).html)


@router.get("/brief.md", include_in_schema=False)
def brief_markdown(store: StoreDep, request: Request) -> Response:
    return PlainTextResponse(
        _brief(request, store).markdown, media_type="text/markdown; charset=utf-8"
    )


def _brief(request: Request, store: Store) -> briefs.Brief:
    """The brief for the URL's ``since``/``until``/``actor`` (default: the 30 days up to the
    latest publication day)."""
    params = request.query_params
    since, until = briefs.period(store, params.get("since") or None, params.get("until") or None)
    return briefs.write_brief(store, since=since, until=until, actor=params.get("actor") or None)
