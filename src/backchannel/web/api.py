"""The JSON API under ``/api/``: the query layer's answers as JSON (and CSV where tabular).

Each list endpoint takes the same filter parameters as the pages (``actor``, ``country``,
``sector``, ``dyad`` as ``USA-RUS``, ``type``, ``quad``, ``modality``, ``sourcing``,
``since``, ``until``, ``place_country``) as typed query parameters
(:data:`~backchannel.web.params.FilterDep`), bounds every number it takes, and declares the
model of its answer (:mod:`backchannel.web.schemas`), so ``/openapi.json`` lists them all and
``/docs`` shows them. Every error answers ``{"error": {"status", "message", "parameter"}}``
(:mod:`backchannel.web.safety`). Every endpoint takes the store as a dependency
(:data:`~backchannel.web.params.StoreDep`).
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import PlainTextResponse, Response
from pydantic import BaseModel, BeforeValidator, Field

from backchannel import brief as briefs
from backchannel import clusters, export, query
from backchannel.errors import QueryError
from backchannel.store import Store
from backchannel.web import schemas
from backchannel.web.params import FilterDep, StoreDep, csv_response, known_params, to_plain

__all__ = ["router"]

EXPORT_LIMIT = 10000
SUFFIX = {"polecat": "tsv", "jsonl": "jsonl", "csv": "csv", "parquet": "parquet"}

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": schemas.ApiError, "description": "A parameter cannot work (it is named)"},
    404: {"model": schemas.ApiError, "description": "No such thing, or no such path"},
    "4XX": {"model": schemas.ApiError, "description": "Another client error (405, 414)"},
    500: {"model": schemas.ApiError, "description": "The server could not answer"},
}
CSV = {200: {"content": {"text/csv": {}}, "description": "A CSV download"}}


class SideOut(BaseModel):
    """One speaker on one side of a claim (``backchannel.claims.SideRow``)."""

    stance: str
    speaker: str | None
    text: str | None
    article_id: str | None
    date: str | None = Field(description="The article's publication day")
    speaker_kind: str | None
    outlet: str | None
    anonymous: bool = Field(description="An unnamed source (a group naming people is not)")


class ClaimOut(BaseModel):
    """A claim: a proposition and who stands where (``backchannel.claims.ClaimView``)."""

    id: str
    proposition: str
    stances: list[str]
    first: str | None = Field(description="First publication day of its statements")
    last: str | None = Field(description="Last publication day of its statements")
    voices: int = Field(description="Statements")
    articles: int
    sources: int = Field(description="Independent sources: story copies and one outlet once")
    sides: list[SideOut]


class ClaimsPage(BaseModel):
    total: int = Field(description="Claims matching the filters, on every page")
    page: int
    per_page: int
    pages: int
    filters: dict[str, Any] = Field(description="The filters that were applied")
    claims: list[ClaimOut]


router = APIRouter(
    prefix="/api", tags=["api"], responses=ERRORS, dependencies=[Depends(known_params)]
)


def _answers(model: Any, *also: str) -> dict[str, Any]:
    """Route options that publish ``model`` as the answer's schema. Answers are not checked
    against it at run time (a record a model does not foresee must not turn into a 500);
    tests/web/test_error_contract.py checks every endpoint's answers against its model."""
    answer: dict[str, Any] = {"model": model, "content": {kind: {} for kind in also}}
    return {"response_model": None, "responses": {200: answer}}


def _int(high: int, description: str) -> Any:
    return Query(ge=1, le=high, description=f"{description} (1 to {high:,})")


def _words(description: str) -> Any:
    return Query(description=description, max_length=query.MAX_TEXT)


def _one_of(
    choices: tuple[str, ...] | list[str], description: str, *, optional: bool = False
) -> Any:
    """A parameter that takes one of ``choices`` (``Literal`` takes a tuple as its values);
    an ``optional`` one left empty (``stance=``, as a form sends "any") is not given."""
    kind: Any = Literal[tuple(choices)]
    if optional:
        blank = BeforeValidator(lambda value: value or None)
        return Annotated[kind | None, blank, Query(description=description)]
    return Annotated[kind, Query(description=description)]


Page = Annotated[int, _int(query.MAX_PAGE, "Page number")]
PerPage = Annotated[int, _int(query.MAX_PER_PAGE, "Events per page")]
Limit = Annotated[int, _int(query.MAX_LIMIT, "Most rows to answer")]
ClusterLimit = Annotated[int, _int(query.MAX_PER_PAGE, "Clusters per page")]
ClaimsPerPage = Annotated[int, _int(query.MAX_PER_PAGE, "Claims per page")]
MinCount = Annotated[int, _int(10**9, "Fewest events an edge needs")]
Order = _one_of(query.ORDERS, "Newest or oldest day first, most conflictual or cooperative first")
Level = _one_of(("country", "actor"), "Nodes are countries or actors")
Format = _one_of(list(SUFFIX), "Export format")
Dedupe = _one_of(clusters.DEDUPE, "Drop repeated reports: none, one a day, or one a cluster")
Stance = _one_of(query.STANCES, "The statement's stance", optional=True)
BriefFormat = _one_of(("json", "md"), "JSON, or the Markdown text")
Both = Annotated[bool, Query(description="Count both directions of the dyad")]
Complete = Annotated[bool, Query(description="Only dyads with both countries known")]


@router.get(
    "/events",
    summary="Events matching the filters, one page at a time",
    **_answers(schemas.EventsPage),
)
def events(
    store: StoreDep, flt: FilterDep, page: Page = 1, per_page: PerPage = 50, order: Order = "-day"
) -> dict[str, Any]:
    found = query.find_events(store, flt, page=page, per_page=per_page, order=order)
    return {
        "total": found.total,
        "page": found.page,
        "per_page": found.per_page,
        "pages": found.pages,
        "filters": flt.active(),
        "events": to_plain(found.items),
    }


@router.get(
    "/events.csv",
    summary="Every event matching the filters as CSV (up to 10,000)",
    response_class=Response,
    responses=CSV,
)
def events_csv(store: StoreDep, flt: FilterDep) -> Response:
    rows = [_flat(e.to_dict()) for _, e in zip(range(EXPORT_LIMIT), query.iter_events(store, flt))]
    return csv_response(rows, "events")


@router.get(
    "/export.zip",
    summary="The matching events exported (format, dedupe) with their provenance sidecar",
    response_class=Response,
    responses={200: {"content": {"application/zip": {}}, "description": "A zip download"}},
)
def export_zip(
    store: StoreDep,
    flt: FilterDep,
    format: Format = "polecat",
    dedupe: Dedupe = "none",
) -> Response:
    return _export_zip(store, flt, format, dedupe)


@router.get(
    "/events/{event_id}",
    summary="One event, its statements and the other reports of it",
    **_answers(schemas.EventDetail),
)
def event(store: StoreDep, event_id: str) -> dict[str, Any]:
    found = query.event(store, event_id)
    if found is None:
        raise HTTPException(404, f"no event {event_id}")
    cluster = clusters.cluster_of(store, event_id)
    said = query.statements(store, ids=list(found.attributed_to)) if found.attributed_to else ()
    return {"event": found.to_dict(), "statements": to_plain(said), "cluster": to_plain(cluster)}


@router.get(
    "/clusters",
    summary="Event clusters: reports of one real-world event merged",
    **_answers(list[schemas.ClusterOut]),
)
def event_clusters(
    store: StoreDep, flt: FilterDep, response: Response, page: Page = 1, limit: ClusterLimit = 200
) -> Any:
    """One page of clusters (``limit`` a page), most independent sources first; the
    ``X-Total-Count`` header says how many match in all."""
    from backchannel.claims.clustered import find_clusters  # imported on use, as claims are

    found = find_clusters(store, flt, page=page, per_page=limit)
    response.headers["X-Total-Count"] = str(found.total)
    return to_plain(found.items)


@router.get(
    "/claims",
    summary="Claims: statements about one proposition across articles, one page at a time",
    **_answers(ClaimsPage),
)
def claims(
    store: StoreDep,
    since: Annotated[
        str | None, _words("Published on or after; YYYY, YYYY-MM or YYYY-MM-DD")
    ] = None,
    until: Annotated[
        str | None, _words("Published on or before; YYYY, YYYY-MM or YYYY-MM-DD")
    ] = None,
    actor: Annotated[
        str | None, _words("A speaker's name or actor id, or words of the claim")
    ] = None,
    stance: Stance = None,
    page: Page = 1,
    per_page: ClaimsPerPage = 20,
) -> dict[str, Any]:
    from backchannel.claims import find_claims  # loads the NLP stack's lexicons: imported on use

    chosen = {"since": since, "until": until, "actor": actor, "stance": stance}
    chosen = {k: v.strip() for k, v in chosen.items() if v and v.strip()}
    found = find_claims(store, **chosen, page=page, per_page=per_page)
    return {
        "total": found.total,
        "page": found.page,
        "per_page": found.per_page,
        "pages": found.pages,
        "filters": chosen,
        "claims": [_claim(c) for c in found.items],
    }


def _claim(claim: Any) -> dict[str, Any]:
    out = to_plain(claim)
    out["stances"] = list(claim.stances)
    out["sides"] = [to_plain(s) | {"anonymous": s.anonymous} for s in claim.sides]
    return out


@router.get(
    "/actors",
    summary="Actors with their event and mention counts",
    **_answers(list[schemas.ActorOut]),
)
def actors(
    store: StoreDep,
    country: Annotated[str | None, _words("Country code (ISO3, IGO…)")] = None,
    name: Annotated[str | None, _words("Part of the actor's name")] = None,
    limit: Limit = 200,
) -> Any:
    found = query.actors(
        store,
        country=(country or "").strip().upper() or None,
        name=(name or "").strip() or None,
        limit=limit,
    )
    return [to_plain(a) | {"events": a.events} for a in found]


@router.get(
    "/actors/{actor_id}/counterparts",
    summary="Who an actor dealt with",
    **_answers(list[schemas.CounterpartOut]),
)
def counterparts(store: StoreDep, actor_id: str, limit: Limit = 50) -> Any:
    return to_plain(query.counterparts(store, actor_id, limit=limit))


@router.get(
    "/dyads",
    summary="Directed country dyads with counts by quad class",
    **_answers(list[schemas.DyadOut]),
)
def dyads(
    store: StoreDep,
    flt: FilterDep,
    complete: Complete = False,
    limit: Limit = 100,
) -> Any:
    return to_plain(query.dyads(store, filters=flt, complete=complete, limit=limit))


@router.get(
    "/dyad-months",
    summary="Event counts by month, dyad and quad class",
    **_answers(list[schemas.DyadMonthOut]),
)
def dyad_months(store: StoreDep, flt: FilterDep) -> Any:
    return to_plain(query.dyad_months(store, filters=flt))


@router.get(
    "/dyad-months.csv",
    summary="Dyad-month counts as CSV",
    response_class=Response,
    responses=CSV,
)
def dyad_months_csv(store: StoreDep, flt: FilterDep) -> Response:
    return csv_response(to_plain(query.dyad_months(store, filters=flt)), "dyad-months")


@router.get(
    "/intensity/{actor_country}/{recipient_country}",
    summary="A dyad's monthly intensity series",
    **_answers(list[schemas.IntensityOut]),
)
def intensity(
    store: StoreDep,
    actor_country: str,
    recipient_country: str,
    both: Both = False,
) -> Any:
    return to_plain(
        query.intensity_series(
            store, actor_country.upper(), recipient_country.upper(), both_directions=both
        )
    )


@router.get(
    "/network",
    summary="Directed network edges (level=country or actor)",
    **_answers(list[schemas.EdgeOut]),
)
def network(
    store: StoreDep, flt: FilterDep, level: Level = "country", min_count: MinCount = 1
) -> Any:
    return to_plain(query.network(store, filters=flt, level=level, min_count=min_count))


@router.get(
    "/network.gexf",
    summary="Network edges as GEXF for Gephi",
    response_class=Response,
    responses={200: {"content": {"application/gexf+xml": {}}, "description": "A GEXF file"}},
)
def network_gexf(
    store: StoreDep, flt: FilterDep, level: Level = "country", min_count: MinCount = 1
) -> Response:
    edges = query.network(store, filters=flt, level=level, min_count=min_count)
    return Response(
        export.network_gexf(edges),
        media_type="application/gexf+xml",
        headers={"Content-Disposition": "attachment; filename=network.gexf"},
    )


@router.get(
    "/search",
    summary="Articles containing every word of q",
    **_answers(list[schemas.ArticleHitOut]),
)
def search(
    store: StoreDep,
    q: Annotated[str, _words("Words that must all appear")] = "",
    limit: Limit = 50,
) -> Any:
    return to_plain(query.search(store, q, limit=limit))


@router.get(
    "/search/actors",
    summary="Actors whose name or id contains q, or that the text names so",
    **_answers(list[schemas.ActorOut]),
)
def search_actors(
    store: StoreDep,
    q: Annotated[str, _words("Part of a name, an id, or how an article names the actor")] = "",
    limit: Limit = 20,
) -> Any:
    found = query.actors(store, matching=q, limit=limit) if q.strip() else ()
    return [to_plain(a) | {"events": a.events} for a in found]


@router.get(
    "/statements",
    summary="Statements by article or stance",
    **_answers(list[schemas.StatementOut]),
)
def statements(
    store: StoreDep,
    article: Annotated[str | None, _words("An article id")] = None,
    stance: Stance = None,
    limit: Limit = 500,
) -> Any:
    return to_plain(query.statements(store, article=article or None, stance=stance, limit=limit))


@router.get(
    "/brief",
    summary="The brief for a period as JSON, or as Markdown (format=md)",
    **_answers(schemas.BriefOut, "text/markdown"),
)
def brief(
    store: StoreDep,
    since: Annotated[str, _words("First day; YYYY, YYYY-MM or YYYY-MM-DD")],
    until: Annotated[str, _words("Last day; YYYY, YYYY-MM or YYYY-MM-DD")],
    actor: Annotated[str | None, _words("An actor id, or part of a name")] = None,
    format: BriefFormat = "json",
) -> Any:
    made = briefs.write_brief(store, since=since, until=until, actor=actor or None)
    if format == "md":
        return PlainTextResponse(made.markdown, media_type="text/markdown; charset=utf-8")
    return {
        "title": made.title,
        "events": made.events,
        "articles": made.articles,
        "developments": to_plain(made.developments),
        "anonymous_only": to_plain(made.anonymous_only),
        "reports": {cluster: to_plain(found) for cluster, found in made.reports},
        "said": to_plain(made.said),
        "changes": [to_plain(c) | {"dyad": c.dyad, "label": c.label} for c in made.changes],
        "previous": list(made.previous),
        "markdown": made.markdown,
    }


def _export_zip(store: Store, flt: query.EventFilter, format: str, dedupe: str) -> Response:
    """An export and its provenance sidecar in one zip, built in a temporary folder."""
    if format not in SUFFIX:
        raise QueryError(f"unknown export format {format!r}; expected one of {', '.join(SUFFIX)}")
    with tempfile.TemporaryDirectory() as folder:
        result = export.export(
            store,
            Path(folder) / f"events.{SUFFIX[format]}",
            format=format,
            dedupe=dedupe,
            filters=flt,
        )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(result.path, result.path.name)
            archive.write(result.provenance, result.provenance.name)
    return Response(
        buffer.getvalue(),
        media_type="application/zip",
        headers={"Content-Disposition": f"attachment; filename=backchannel-{format}.zip"},
    )


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    trigger, sentence = row.pop("trigger"), row.pop("sentence")
    row.update(
        trigger_text=trigger["text"],
        trigger_start=trigger["start"],
        trigger_end=trigger["end"],
        sentence_start=sentence["start"],
        sentence_end=sentence["end"],
        sentence_text=sentence["text"],
    )
    return row
