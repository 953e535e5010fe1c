"""A brief as text: :func:`markdown` and :func:`html` (one self-contained page).

The page is rendered from this package's templates (``templates/brief_page.html`` and
``templates/_brief_body.html``) with its stylesheet (``static/app.css``) inlined; the web
app renders the same body inside its own pages through :func:`environment`.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from jinja2 import Environment, PackageLoader

from backchannel import charts
from backchannel.brief.sources import speaker_label
from backchannel.clusters import EventCluster
from backchannel.dates import cluster_label, event_label, event_note

if TYPE_CHECKING:
    from backchannel.brief import Brief, Change
    from backchannel.claims import SideRow

__all__ = ["environment", "headline", "html", "markdown", "stylesheet"]


def headline(cluster: EventCluster) -> str:
    """A one-line account of an event cluster: who did what to whom."""
    lead = cluster.lead
    who = lead.actor_name or lead.actor_country or "unidentified actor"
    whom = (
        f" → {lead.recipient_name or lead.recipient_country}"
        if (lead.recipient_name or lead.recipient_country)
        else ""
    )
    how = f" ({lead.mode})" if lead.mode else ""
    doubt = "" if lead.modality == "asserted" else f" [{lead.modality}]"
    return f"{who}{whom}: {lead.type}{how}{doubt}"


# -- Markdown -----------------------------------------------------------------------


def _md_cluster(b: Brief, c: EventCluster) -> list[str]:
    lead = c.lead
    sources = (
        f"{c.sources} independent source{'s' if c.sources != 1 else ''}, "
        f"{c.reports} report{'s' if c.reports != 1 else ''}"
    )
    lines = [
        f"- **[{headline(c)}]({b.event_url(lead.id)})** ({cluster_label(c)}; {sources}; "
        f"sourcing: {', '.join(c.sourcings)})",
        f"  > {lead.sentence.text.strip()}",
    ]
    lines += [
        f"  - reported by {r.outlet or 'unknown outlet'}, {(r.published or '')[:10] or 'undated'}"
        f" ([article]({b.article_url(r.article_id)})): {r.how}"
        for r in b.reports_of(c)
    ]
    return lines


def _md_changes(b: Brief) -> list[str]:
    first, last = b.previous
    lines = [f"Against the previous {b.days} days ({first} – {last}):", ""]
    return lines + (
        [
            f"- {c.dyad}: {c.before} → {c.now} event{'s' if c.now != 1 else ''} "
            f"({c.label}{_pct(c)}); "
            f"conflict {c.conflict_before} → {c.conflict_now}"
            for c in b.changes
        ]
        or ["No events between identified sides in either period."]
    )


def _md_side(b: Brief, s: SideRow) -> str:
    where = [(s.date or "")[:10]] if s.date else []
    if s.article_id:
        where.append(f"[article]({b.article_url(s.article_id)})")
    return f"  - {s.stance}: {speaker_label(s.speaker, s.anonymous)}" + (
        f" ({', '.join(where)})" if where else ""
    )


def _md_said(b: Brief) -> list[str]:
    lines = [
        f"- {s.speaker} ({s.statement.stance}): “{s.statement.content.text.strip()}” — "
        f"{s.outlet or 'unknown outlet'}, {(s.published or '')[:10]} "
        f"([article]({b.article_url(s.statement.article_id)}))"
        for s in b.said
    ] or ["No attributed statements."]
    if b.said_total > len(b.said):
        lines.append(f"- … and {b.said_total - len(b.said)} more statements")
    return lines


def markdown(b: Brief) -> str:
    """The brief as Markdown: links go to the web app's event and article pages (absolute
    under the brief's ``base_url``); anonymous speakers are marked ``[anonymous, N]``."""
    lines = [f"# {b.title}", ""]
    if b.generated:
        lines += [f"Generated {b.generated}.", ""]
    lines += [
        f"{b.events} events from {b.articles} articles, "
        f"{len(b.timeline)} distinct events after merging reports.",
        "",
        "## Top developments",
        "",
        "Ranked by independent sources; each with who reported it and on whose word.",
        "",
    ]
    lines += [line for c in b.developments for line in _md_cluster(b, c)] or [
        "No events in this period."
    ]
    lines += ["", "## What changed", "", *_md_changes(b)]
    lines += ["", "## Timeline", ""]
    lines += [
        f"- {cluster_label(c)}: [{headline(c)}]({b.event_url(c.lead.id)})" for c in b.timeline
    ]
    lines += ["", "## Who said what", ""]
    for claim in b.claims:
        lines += [f"- **{claim.proposition}**"]
        lines += [_md_side(b, s) for s in claim.sides]
    if b.claims:
        lines += ["", "Statements the events rest on, and contested ones:", ""]
    lines += _md_said(b)
    lines += ["", "## Sourcing notes", ""]
    lines += [
        f"- {n} event report{'s rest' if n != 1 else ' rests'} on {kind} sourcing"
        for kind, n in b.sourcing
    ]
    lines += [
        f"- Only anonymous sources: [{headline(c)}]({b.event_url(c.lead.id)}) ({cluster_label(c)})"
        for c in b.anonymous_only
    ]
    return "\n".join(lines) + "\n"


def _pct(change: Change) -> str:
    return f", {change.percent:+.0f} %" if change.percent is not None else ""


# -- HTML ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja environment of the brief's templates (the web app overlays its own on it)."""
    env = Environment(loader=PackageLoader("backchannel.brief", "templates"), autoescape=True)
    env.globals.update(
        headline=headline,
        legend=charts.quad_legend,
        quad_class=charts.quad_class,
        speaker_label=speaker_label,
    )
    env.filters.update(when=event_label, when_note=event_note, cluster_when=cluster_label)
    return env


def stylesheet() -> str:
    """The stylesheet, inlined into self-contained pages (the web app serves it as a file)."""
    return (
        resources.files("backchannel.brief").joinpath("static/app.css").read_text(encoding="utf-8")
    )


def html(b: Brief) -> str:
    """The brief as one self-contained HTML page: CSS inline, charts as inline SVG."""
    template = environment().get_template("brief_page.html")
    return template.render(
        b=b,
        css=stylesheet(),
        headline=headline,
        legend=charts.quad_legend,
        quad_class=charts.quad_class,
    )
