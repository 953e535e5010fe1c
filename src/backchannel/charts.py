"""Charts as inline SVG, drawn server-side: no external assets, readable without JavaScript.

Used by the web app and by briefs (which embed them in a self-contained HTML page).
Colours follow the quad classes everywhere: cooperation in blue (verbal) and green
(material), conflict in orange (verbal) and red (material). Cooperation stacks above the
axis, conflict below (both directions labelled), so a dyad's turn from one to the other
shows at a glance.

Time charts share one layout (:data:`LEFT`, :data:`RIGHT`, one slot per period), so charts
drawn over the same ``periods`` (:func:`common_periods`) line up one above the other. A bar
chart with links marks each period (``data-since``/``data-until``) and its link pattern
(``data-brush``): the web app's ``app.js`` lets a drag across it set the date filter. The
periods come from the query layer's event day, which keeps to publication dates.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from html import escape

from backchannel import plover
from backchannel.query import Edge, IntensityPoint

__all__ = [
    "QUAD_COLOURS",
    "common_periods",
    "intensity_line",
    "network",
    "period_bounds",
    "quad_bars",
    "quad_class",
    "quad_legend",
]

QUAD_COLOURS = {
    "VERBAL COOPERATION": "#4a90c2",
    "MATERIAL COOPERATION": "#2e9e5b",
    "VERBAL CONFLICT": "#f08c3a",
    "MATERIAL CONFLICT": "#c8372d",
}
INK, GRID, MUTED = "#222", "#ddd", "#777"
LEFT, RIGHT = 36, 10  # the plot's margins in every time chart, so that their axes line up
FONT = "font-family='system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif' font-size='11'"


def _svg(width: int, height: int, body: Iterable[str], label: str, extra: str = "") -> str:
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' width='{width}' "
        f"height='{height}' style='max-width:100%;height:auto' role='img' "
        f"aria-label='{escape(label)}' {FONT} {extra}>" + "".join(body) + "</svg>"
    )


def _text(
    x: float, y: float, text: str, *, anchor: str = "middle", fill: str = MUTED, extra: str = ""
) -> str:
    return (
        f"<text x='{x:.1f}' y='{y:.1f}' text-anchor='{anchor}' fill='{fill}' {extra}>"
        f"{escape(text)}</text>"
    )


def _empty(width: int, _height: int, label: str) -> str:
    return _svg(width, 36, [_text(width / 2, 22, "no events in this selection")], label)


def quad_class(quad: str | None) -> str:
    """The CSS class that colours a quad badge (``quad-VERBAL-COOPERATION``)."""
    return "quad-" + (quad or "").replace(" ", "-")


def quad_legend() -> str:
    """A small inline legend of the four quad colours (as HTML)."""
    items = (
        f"<span class='swatch' style='background:{colour}'></span>{escape(quad.title())}"
        for quad, colour in QUAD_COLOURS.items()
    )
    return "<span class='legend'>" + " ".join(f"<span>{item}</span>" for item in items) + "</span>"


def period_bounds(period: str) -> tuple[str, str]:
    """The first and last day of a ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` period
    (the period itself, twice, when it is none of those: stored dates can be anything)."""
    try:
        if len(period) == 7:
            year, month = map(int, period.split("-"))
            following = date(year + month // 12, month % 12 + 1, 1)
            return f"{period}-01", (following - timedelta(days=1)).isoformat()
    except ValueError:
        return period, period
    if len(period) == 4:
        return f"{period}-01-01", f"{period}-12-31"
    return period, period


# -- stacked quad bars --------------------------------------------------------------


def _by_period(
    counts: Iterable[tuple[str, str | None, int]], periods: Sequence[str] | None = None
) -> dict[str, dict[str, int]]:
    table: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for period, quad, n in counts:
        if period and quad in QUAD_COLOURS:
            table[period][quad] += n
    if periods is not None:  # a shared axis: its periods, in its order, and no others
        return {period: dict(table.get(period, {})) for period in periods}
    filled = {period: {} for period in _continuous(sorted(table))}
    return {period: dict(table.get(period, {})) for period in sorted(filled.keys() | table.keys())}


def common_periods(*series: Iterable[str | None]) -> list[str]:
    """One axis for several time charts: every period any of ``series`` names, first to last
    (continuous where the span allows), for their ``periods`` argument."""
    return _continuous(sorted({p for periods in series for p in periods if p}))


def _continuous(periods: list[str], limit: int = 400) -> list[str]:
    """Every day (or month) from the first period to the last, so time reads to scale."""
    if not periods:
        return []
    try:
        if all(len(p) == 10 for p in periods):
            first, last = date.fromisoformat(periods[0]), date.fromisoformat(periods[-1])
            days = (last - first).days
            return (
                [(first + timedelta(days=i)).isoformat() for i in range(days + 1)]
                if days < limit
                else periods
            )
        if all(len(p) == 7 for p in periods):
            (y1, m1), (y2, m2) = (map(int, periods[0].split("-")), map(int, periods[-1].split("-")))
            months = (y2 - y1) * 12 + m2 - m1
            return (
                [
                    f"{y1 + (m1 - 1 + i) // 12:04d}-{(m1 - 1 + i) % 12 + 1:02d}"
                    for i in range(months + 1)
                ]
                if months < limit
                else periods
            )
    except ValueError:
        return periods
    return periods


def quad_bars(
    counts: Iterable[tuple[str, str | None, int]],
    *,
    width: int = 960,
    height: int = 220,
    label: str = "events by month and quad class",
    href: Callable[[str], str] | None = None,
    periods: Sequence[str] | None = None,
) -> str:
    """Stacked bars of event counts per period: cooperation above the axis, conflict below.

    With ``href``, each period's bars link to ``href(period)`` (drill-down to its events),
    and a drag across the chart sets the date filter (``app.js``). ``periods`` fixes the
    axis (:func:`common_periods`), to line the chart up with others.
    """
    table = _by_period(counts, periods)
    if not table:
        return _empty(width, height, label)
    top, bottom = 12, 30
    ups = [sum(v for q, v in row.items() if q.endswith("COOPERATION")) for row in table.values()]
    downs = [sum(v for q, v in row.items() if q.endswith("CONFLICT")) for row in table.values()]
    high, low = max(ups), max(downs)
    if high + low == 0:
        return _empty(width, height, label)
    zero = top + (height - top - bottom) * high / (high + low)
    unit = (height - top - bottom) / (high + low)
    step = (width - LEFT - RIGHT) / len(table)
    bar = min(step * 0.75, 36)
    body = _bar_axes(width, height, top, bottom, zero, high, low)
    every = max(1, math.ceil(len(table) / 10))
    for i, (period, row) in enumerate(table.items()):
        x = LEFT + i * step + (step - bar) / 2
        stack = "".join(_bar_stack(x, bar, zero, unit, period, row))
        linked = f"<a href='{escape(href(period))}'>{stack}</a>" if href and row else stack
        since, until = period_bounds(period)
        body.append(
            f"<g class='period' data-period='{escape(period)}' data-since='{escape(since)}' "
            f"data-until='{escape(until)}' "
            f"data-x='{LEFT + i * step:.1f}' data-w='{step:.1f}'>{linked}</g>"
        )
        if i % every == 0:
            body.append(_text(x + bar / 2, height - bottom + 14, period))
    body += _directions(zero, top, height - bottom)  # over the bars, on a white halo
    brush = f"class='brushable' data-brush='{escape(href(''))}'" if href else ""
    return _svg(width, height, body, label, extra=brush)


def _bar_axes(
    width: int, height: int, top: int, bottom: int, zero: float, high: int, low: int
) -> list[str]:
    """The grid, the zero line and the scale of a bar chart."""
    right = width - RIGHT
    return [
        _text(LEFT - 4, top + 8, f"{high}" if high else "", anchor="end"),
        _text(LEFT - 4, height - bottom, f"{low}" if low else "", anchor="end"),
        f"<line x1='{LEFT}' x2='{right}' y1='{top}' y2='{top}' stroke='{GRID}'/>",
        f"<line x1='{LEFT}' x2='{right}' y1='{height - bottom}' y2='{height - bottom}' "
        f"stroke='{GRID}'/>",
        f"<line x1='{LEFT}' x2='{right}' y1='{zero:.1f}' y2='{zero:.1f}' stroke='{INK}'/>",
    ]


def _directions(zero: float, top: float, floor: float) -> list[str]:
    """ "▲ cooperation" above the zero line and "▼ conflict" below it, at the left edge
    (each only where there is room for it)."""
    marks = []
    if zero - top >= 14:
        marks.append(_text(LEFT + 4, zero - 4, "▲ cooperation", anchor="start", extra=_DIR))
    if floor - zero >= 14:
        marks.append(_text(LEFT + 4, zero + 12, "▼ conflict", anchor="start", extra=_DIR))
    return marks


_DIR = "class='direction' font-size='10' paint-order='stroke' stroke='#fff' stroke-width='3'"


def _bar_stack(
    x: float, w: float, zero: float, unit: float, period: str, row: dict[str, int]
) -> list[str]:
    parts, up, down = [], zero, zero
    for quad in plover.QUADS:
        n = row.get(quad, 0)
        if not n:
            continue
        h = n * unit
        y = up - h if quad.endswith("COOPERATION") else down
        if quad.endswith("COOPERATION"):
            up -= h
        else:
            down += h
        parts.append(
            f"<rect x='{x:.1f}' y='{y:.1f}' width='{w:.1f}' height='{h:.1f}' "
            f"fill='{QUAD_COLOURS[quad]}'>"
            f"<title>{escape(period)}: {n} {escape(quad.lower())}</title></rect>"
        )
    return parts


# -- intensity line -----------------------------------------------------------------


def intensity_line(
    points: Sequence[IntensityPoint],
    *,
    width: int = 960,
    height: int = 200,
    label: str = "mean PLOVER intensity by month",
    periods: Sequence[str] | None = None,
) -> str:
    """Mean monthly intensity (−10..+10) as a line, with the month's range as a band.

    Each month sits in the middle of its slot, as a bar chart's bar does: drawn over the
    same ``periods`` (:func:`common_periods`) the two line up. Points without a month
    (undated events in an article without a date), or outside ``periods``, are left out."""
    months = list(periods) if periods is not None else None
    points = [p for p in points if p.mean is not None and p.month]
    points = [p for p in points if months is None or p.month in months]
    if not points:
        return _empty(width, height, label)
    top, bottom = 10, 28
    months = months if months is not None else _continuous([p.month for p in points])
    slot = {m: i for i, m in enumerate(months)}
    step = (width - LEFT - RIGHT) / len(months)

    def y(value: float) -> float:
        return top + (10 - value) / 20 * (height - top - bottom)

    def x(month: str) -> float:
        return LEFT + (slot.get(month, 0) + 0.5) * step

    body = [
        f"<line x1='{LEFT}' x2='{width - RIGHT}' y1='{y(v):.1f}' y2='{y(v):.1f}' "
        f"stroke='{GRID if v else INK}'/>"
        + _text(LEFT - 4, y(v) + 4, f"{v:+d}" if v else "0", anchor="end")
        for v in (10, 5, 0, -5, -10)
    ]
    body += _directions(y(0), top, height - bottom)
    path = " ".join(
        f"{'M' if i == 0 else 'L'}{x(p.month):.1f},{y(p.mean):.1f}" for i, p in enumerate(points)
    )
    body.append(f"<path d='{path}' fill='none' stroke='{MUTED}' stroke-width='1.2'/>")
    for p in points:
        body += _intensity_mark(x(p.month), y, p)
    every = max(1, math.ceil(len(months) / 10))
    body += [_text(x(m), height - bottom + 16, m) for i, m in enumerate(months) if i % every == 0]
    return _svg(width, height, body, label)


def _intensity_mark(x: float, y: Callable[[float], float], p: IntensityPoint) -> list[str]:
    colour = (
        QUAD_COLOURS["MATERIAL COOPERATION"] if p.mean >= 0 else QUAD_COLOURS["MATERIAL CONFLICT"]
    )
    return [
        f"<line x1='{x:.1f}' x2='{x:.1f}' y1='{y(p.highest):.1f}' y2='{y(p.lowest):.1f}' "
        f"stroke='{colour}' stroke-width='6' stroke-opacity='0.25'/>",
        f"<circle cx='{x:.1f}' cy='{y(p.mean):.1f}' r='3.5' fill='{colour}'>"
        f"<title>{escape(p.month)}: mean {p.mean:+.1f} over {p.count} events</title></circle>",
    ]


# -- network ------------------------------------------------------------------------


def _edge_colour(edge: Edge) -> str:
    if edge.mean_intensity is None:
        return MUTED
    if edge.mean_intensity >= 0:
        return (
            QUAD_COLOURS["MATERIAL COOPERATION"]
            if edge.mean_intensity > 5
            else QUAD_COLOURS["VERBAL COOPERATION"]
        )
    return (
        QUAD_COLOURS["MATERIAL CONFLICT"]
        if edge.mean_intensity < -4
        else QUAD_COLOURS["VERBAL CONFLICT"]
    )


def _ring_layout(nodes: list[str], width: float, height: float) -> dict[str, tuple[float, float]]:
    """Nodes on an ellipse, busiest at the top, leaving room for labels at the sides."""
    n = max(1, len(nodes))
    rx, ry = max(60.0, width / 2 - 170), max(60.0, height / 2 - 36)
    return {
        node: (
            width / 2 + rx * math.cos(2 * math.pi * i / n - math.pi / 2),
            height / 2 + ry * math.sin(2 * math.pi * i / n - math.pi / 2),
        )
        for i, node in enumerate(nodes)
    }


def _node_order(edges: Sequence[Edge]) -> list[str]:
    weight: dict[str, int] = defaultdict(int)
    for e in edges:
        weight[e.source] += e.count
        weight[e.target] += e.count
    return sorted(weight, key=lambda n: (-weight[n], n))


def network(
    edges: Sequence[Edge],
    *,
    width: int = 960,
    height: int = 600,
    href: Callable[[str], str] | None = None,
    label: str = "actor network",
) -> str:
    """Directed actor network on a circle: edge width by count, colour by mean intensity."""
    if not edges:
        return _empty(width, height, label)
    nodes = _node_order(edges)
    pos = _ring_layout(nodes, width, height)
    top = max(e.count for e in edges)
    body = [
        "<defs><marker id='arrow' viewBox='0 0 10 10' refX='10' refY='5' "
        "markerWidth='8' markerHeight='8' markerUnits='userSpaceOnUse' orient='auto-start-reverse'>"
        f"<path d='M0,0 L10,5 L0,10 z' fill='{MUTED}'/></marker></defs>"
    ]
    body += [_edge(e, pos, top) for e in edges]
    body += [_node(n, pos[n], (width / 2, height / 2), href) for n in nodes]
    return _svg(width, height, body, label)


def _edge(e: Edge, pos: dict[str, tuple[float, float]], top: int) -> str:
    (x1, y1), (x2, y2) = pos[e.source], pos[e.target]
    dx, dy = x2 - x1, y2 - y1
    dist = math.hypot(dx, dy) or 1
    bend = 0.12  # curve both directions of a pair apart
    mx, my = (x1 + x2) / 2 - dy * bend, (y1 + y2) / 2 + dx * bend
    ex, ey = x2 - dx / dist * 9, y2 - dy / dist * 9
    width = 1 + 5 * e.count / top
    mean = f"{e.mean_intensity:+.1f}" if e.mean_intensity is not None else "n/a"
    return (
        f"<path d='M{x1:.1f},{y1:.1f} Q{mx:.1f},{my:.1f} {ex:.1f},{ey:.1f}' fill='none' "
        f"stroke='{_edge_colour(e)}' stroke-width='{width:.1f}' stroke-opacity='0.75' "
        "marker-end='url(#arrow)'>"
        f"<title>{escape(e.source)} → {escape(e.target)}: {e.count} events "
        f"({e.cooperation} cooperation, {e.conflict} conflict), mean intensity {mean}"
        "</title></path>"
    )


def _node(
    name: str,
    xy: tuple[float, float],
    centre: tuple[float, float],
    href: Callable[[str], str] | None,
) -> str:
    (x, y), (cx, cy) = xy, centre
    anchor = "start" if x > cx + 5 else "end" if x < cx - 5 else "middle"
    dx = 10 if anchor == "start" else -10 if anchor == "end" else 0
    dy = 4 if anchor != "middle" else (-11 if y < cy else 18)
    short = name if len(name) <= 24 else name[:23] + "…"
    node = (
        f"<circle cx='{x:.1f}' cy='{y:.1f}' r='6' fill='#fff' stroke='{INK}' stroke-width='1.5'>"
        f"<title>{escape(name)}</title></circle>"
        + _text(x + dx, y + dy, short, anchor=anchor, fill=INK, extra="font-weight='600'")
    )
    return f"<a href='{escape(href(name))}'>{node}</a>" if href else node
