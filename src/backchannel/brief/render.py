"""A brief as text: :func:`markdown` and :func:`html` (one self-contained page).

The page is rendered from this package's templates (``templates/brief_page.html`` and
``templates/_brief_body.html``) with its stylesheet (``static/app.css``) inlined; the web
app renders the same body inside its own pages through :func:`environment`.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from jinja2 import Environment, PackageLoader

from backchannel import charts
from backchannel.clusters import EventCluster

if TYPE_CHECKING:
    from backchannel.brief import Brief, Change

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


def _md_cluster(c: EventCluster) -> str:
    lead = c.lead
    days = c.first_day if c.first_day == c.last_day else f"{c.first_day} – {c.last_day}"
    sources = (
        f"{c.sources} independent source{'s' if c.sources != 1 else ''}, "
        f"{c.reports} report{'s' if c.reports != 1 else ''}"
    )
    return (
        f"- **{headline(c)}** ({days}; {sources}; sourcing: {', '.join(c.sourcings)})\n"
        f"  > {lead.sentence.text.strip()} — *{lead.outlet or 'unknown outlet'}*"
    )


def markdown(b: Brief) -> str:
    """The brief as Markdown."""
    lines = [f"# {b.title}", ""]
    if b.generated:
        lines += [f"Generated {b.generated}.", ""]
    lines += [
        f"{b.events} events from {b.articles} articles, "
        f"{len(b.timeline)} distinct events after merging reports.",
        "",
        "## Top developments",
        "",
    ]
    lines += [_md_cluster(c) for c in b.developments] or ["No events in this period."]
    lines += ["", "## What changed", "", f"Against the previous {_days(b)} days:", ""]
    lines += [
        f"- {c.dyad}: {c.before} → {c.now} events ({c.label}{_pct(c)}); "
        f"conflict {c.conflict_before} → {c.conflict_now}"
        for c in b.changes
    ] or ["No events in either period."]
    lines += ["", "## Timeline", ""]
    lines += [f"- {c.first_day}: {headline(c)}" for c in b.timeline]
    lines += ["", "## Who said what", ""]
    for claim in b.claims:
        lines += [f"- **{claim.proposition}**"]
        lines += [
            f"  - {s.stance}: {s.speaker or 'unattributed'}"
            + (f" ({(s.date or '')[:10]})" if s.date else "")
            for s in claim.sides
        ]
    if b.claims:
        lines += ["", "Statements the events rest on, and contested ones:", ""]
    lines += [
        f"- {s.statement.speaker or 'unattributed'} ({s.statement.stance}): "
        f"“{s.statement.content.text.strip()}” — "
        f"{s.outlet or 'unknown outlet'}, {(s.published or '')[:10]}"
        for s in b.said
    ] or ["No attributed statements."]
    lines += ["", "## Sourcing notes", ""]
    lines += [
        f"- {n} event report{'s rest' if n != 1 else ' rests'} on {kind} sourcing"
        for kind, n in b.sourcing
    ]
    lines += [f"- Only anonymous sources: {headline(c)} ({c.first_day})" for c in b.anonymous_only]
    return "\n".join(lines) + "\n"


def _days(b: Brief) -> int:
    return (date.fromisoformat(b.until) - date.fromisoformat(b.since)).days + 1


def _pct(change: Change) -> str:
    return f", {change.percent:+.0f} %" if change.percent is not None else ""


# -- HTML ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja environment of the brief's templates (the web app overlays its own on it)."""
    env = Environment(loader=PackageLoader("backchannel.brief", "templates"), autoescape=True)
    env.globals.update(headline=headline, legend=charts.quad_legend, quad_class=charts.quad_class)
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
