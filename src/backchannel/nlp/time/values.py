"""TIMEX3 values for the grammar's matches, resolved against the publication date.

One normaliser per grammar ``kind`` reads the parts a rule captured (month, num, unit...)
and writes the TIMEX3 type and value: "June 26" seen from 2020-08-06 in the past tense is
``2020-06-26``; "last month" from 2023-06-30 is ``2023-05``; "two days" is ``P2D``; "every
week" is ``P1W``. Expressions that need an anchor get value None when there is none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from backchannel.nlp.time import calendar as cal
from backchannel.nlp.time.grammar import Candidate
from backchannel.nlp.time.lexicon import TimeLexicon, lexicon

__all__ = ["Context", "Resolved", "resolve", "focus_quarter"]


@dataclass(frozen=True, slots=True)
class Context:
    """What a value is resolved against: the anchor date, the tense of the clause and the
    quarter the article reports on ("1989-Q3"), when it names one."""

    anchor: dt.date | None
    tense: cal.Tense = "past"
    quarter: str | None = None


@dataclass(frozen=True, slots=True)
class Resolved:
    """A TIMEX3 type and value (value None when it needs an anchor that is missing)."""

    type: str
    value: str | None


Normaliser = Callable[[Candidate, Context, TimeLexicon], "Resolved | None"]


def _num(c: Candidate, lex: TimeLexicon) -> float | None:
    text = c.part("num")
    return lex.number(text) if text else None


def _qty(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def _period(amount: float | None, unit: str) -> str:
    """A TIMEX3 duration: P3D, PT2H, PXY (unknown amount); quarters, weekends, fortnights
    and decades in months, days, weeks and years (P9M, P2D, P2W, P20Y) as TimeBank writes them."""
    if amount is not None and unit in ("Q", "WE", "F", "DE"):
        factor, unit = {"Q": (3, "M"), "WE": (2, "D"), "F": (2, "W"), "DE": (10, "Y")}[unit]
        amount = amount * factor
    if amount is not None and amount % 1 == 0.5 and unit in _HALVES:
        return _with_half(amount, unit)
    text = "X" if amount is None else _qty(amount)
    if unit.startswith("T"):
        return f"PT{text}{unit[1:]}"
    return f"P{text}{unit}"


def _with_half(amount: float, unit: str) -> str:
    smaller, count = _HALVES[unit]
    whole = f"{int(amount)}{unit[-1]}" if amount >= 1 else ""
    if unit.startswith("T"):
        return f"PT{whole}{count}{smaller[-1]}"
    clock = "T" if smaller.startswith("T") else ""
    return f"P{whole}{clock}{count}{smaller[-1]}"


#: half of a unit in the next smaller one: "2 1/2 years" -> P2Y6M, "5 1/2 hours" -> PT5H30M.
_HALVES = {"Y": ("M", 6), "M": ("D", 15), "D": ("TH", 12), "TH": ("TM", 30), "TM": ("TS", 30)}


def _day_number(c: Candidate, lex: TimeLexicon) -> int | None:
    text = c.part("day") or c.part("daynum")
    if text is None:
        return None
    return lex.ordinals.get(text) or int("".join(ch for ch in text if ch.isdigit()))


def _month_number(c: Candidate, lex: TimeLexicon) -> int | None:
    text = c.part("month")
    if text is not None:
        return lex.months.get(text)
    number = c.part("monthnum")
    return int(number) if number else None


def calendar(c: Candidate, ctx: Context, lex: TimeLexicon) -> Resolved | None:
    """An explicit date or month, its year inferred from the anchor when not written."""
    month, dom = _month_number(c, lex), _day_number(c, lex)
    if month is None:
        return None
    year = _year_of(c, ctx, month, dom)
    if year is None:
        return Resolved(c.type, f"XXXX-{month:02d}" + (f"-{dom:02d}" if dom else ""))
    if dom is None:
        return Resolved(c.type, f"{year:04d}-{month:02d}")
    try:
        return Resolved(c.type, dt.date(year, month, dom).isoformat())
    except ValueError:
        return None


def _year_of(c: Candidate, ctx: Context, month: int, dom: int | None) -> int | None:
    if c.part("year"):
        return int(c.part("year"))
    if ctx.anchor is None:
        return None
    step = {"last": -1, "next": 1, "this": 0}.get(c.part("yrel") or "", None)
    if step is not None:
        return ctx.anchor.year + step
    weekday_no = lexicon().weekdays.get(c.part("weekday") or "")
    return cal.nearest_year(month, dom, ctx.anchor, ctx.tense, weekday_no)


def relative_name(c: Candidate, ctx: Context, lex: TimeLexicon) -> Resolved | None:
    """A month named relative to the anchor: "last November", "next March"."""
    month, step = _month_number(c, lex), lex.relations.get(c.part("rel") or "", 0)
    if month is None or ctx.anchor is None:
        return Resolved(c.type, None) if month else None
    tense = {-1: "past", 1: "future"}.get(step, ctx.tense)
    year = cal.nearest_year(month, None, ctx.anchor, tense)
    if c.part("rel") == "this" or (step and month == ctx.anchor.month):
        year = ctx.anchor.year + step
    return Resolved(c.type, f"{year:04d}-{month:02d}")


def year(c: Candidate, ctx: Context, lex: TimeLexicon) -> Resolved | None:
    return Resolved(c.type, c.part("year"))


def spoken_year(c: Candidate, ctx: Context, lex: TimeLexicon) -> Resolved | None:
    """ "nineteen ninety-six" -> 1996, "the year two thousand" -> 2000."""
    words = (c.part("spoken") or "").replace("-", " ").replace(" and ", " ").split()
    if words[:2] == ["two", "thousand"]:
        rest = lex.number(" ".join(words[2:])) if words[2:] else 0
        return Resolved(c.type, f"{2000 + int(rest or 0):04d}")
    hundreds = lex.number(words[0])
    tail = [w for w in words[1:] if w != "hundred"]
    rest = lex.number(" ".join(tail)) if tail else 0
    if hundreds is None or rest is None:
        return None
    return Resolved(c.type, f"{int(hundreds) * 100 + int(rest):04d}")


def past_weekend(c: Candidate, ctx: Context, lex: TimeLexicon) -> Resolved | None:
    """ "over the weekend": the weekend before the anchor."""
    if ctx.anchor is None:
        return Resolved(c.type, None)
    saturday = cal.weekday_near(ctx.anchor, 6, 0, "past")
    return Resolved(c.type, cal.week(saturday) + "-WE")


def decade(c: Candidate, ctx: Context, lex: TimeLexicon) -> Resolved | None:
    """ "the 1990s" -> 199; "the '80s" -> 198 in the century of the anchor (or before it)."""
    digits = (c.part("decade") or "").lstrip("'")
    if digits.isalpha():
        digits = str(int(lex.numbers.get(digits[:-3] + "y", 0)))
    if len(digits) == 4:
        return Resolved(c.type, digits[:3])
    base = ctx.anchor.year if ctx.anchor else 1999
    century = base // 100 if int(digits) <= base % 100 else base // 100 - 1
    return Resolved(c.type, f"{century:02d}{digits[0]}")


def _ordinal(text: str | None, lex: TimeLexicon) -> int | None:
    """ "third" -> 3, "20th" -> 20."""
    if not text:
        return None
    digits = "".join(ch for ch in text if ch.isdigit())
    return int(digits) if digits else lex.ordinals.get(text)


def century(c: Candidate, ctx: Context, lex: TimeLexicon) -> Resolved | None:
    number = _ordinal(c.part("ord"), lex)
    return Resolved(c.type, f"{number - 1:02d}") if number else None


def _with_part(value: str, c: Candidate, lex: TimeLexicon, type_: str = "TIME") -> Resolved:
    part = lex.parts_of_day.get(c.part("daypart") or "")
    if part is None:
        return Resolved("DATE", value)
    return Resolved(type_, f"{value}T{part}")


def relative_day(c: Candidate, ctx: Context, lex: TimeLexicon) -> Resolved | None:
    """today, yesterday, tomorrow, tonight (with a part of day when given)."""
    word = c.part("relday") or ""
    if ctx.anchor is None:
        return Resolved(c.type, None)
    value = cal.day(ctx.anchor + dt.timedelta(days=lex.relative_days[word]))
    if word == "tonight":
        return Resolved("TIME", f"{value}TNI")
    return _with_part(value, c, lex)


def weekday(c: Candidate, ctx: Context, lex: TimeLexicon) -> Resolved | None:
    """A weekday: the one before the anchor in past tense, after it in future tense."""
    number = lex.weekdays.get(c.part("weekday") or "")
    if number is None:
        return None
    if ctx.anchor is None:
        return Resolved(c.type, f"XXXX-WXX-{number}")
    step = lex.relations.get(c.part("rel") or "", 0)
    date = cal.weekday_near(ctx.anchor, number, step, ctx.tense)
    return _with_part(cal.day(date), c, lex, "DATE")


def _year_before(quarter: str) -> str:
    return f"{int(quarter[:4]) - 1:04d}{quarter[4:]}"


#: how long after a quarter ends financial news still reports on it.
_REPORTING_LAG = dt.timedelta(days=45)


def _reported_quarter(anchor: dt.date | None) -> str | None:
    """The quarter financial news reports on, the one that ended most recently ("1989-Q3");
    None without an anchor or when it falls before the calendar's first day."""
    if anchor is None or anchor - dt.date.min < _REPORTING_LAG:
        return None
    return cal.quarter_of(anchor - _REPORTING_LAG)


_UNIT_WORDS = {"semester": "M", "period": "Q"}
_UNIT_WORDS_DURATION = {"period": "Q"}


def relative_unit(c: Candidate, ctx: Context, lex: TimeLexicon) -> Resolved | None:
    """this/last/next week, month, year, quarter, decade; "the year-ago quarter"."""
    word = c.part("unit") or ("quarter" if c.part("ord") else "year")
    unit = lex.units.get(word) or _UNIT_WORDS.get(word, "Y")
    if ctx.anchor is None:
        return Resolved(c.type, None)
    rel = c.part("rel") or ""
    if rel.startswith("year"):
        if ctx.quarter and unit in ("Q", "Y"):
            return Resolved(c.type, _year_before(ctx.quarter))
        return Resolved(c.type, cal.at_grain(cal.shift(ctx.anchor, "Y", -1), unit))
    if unit == "Q" and rel in (
        "",
        "the latest",
        "latest",
        "the most recent",
        "most recent",
        "the same",
        "same",
        "that",
        "comparable",
    ):
        return Resolved(c.type, ctx.quarter or _reported_quarter(ctx.anchor))
    step = lex.relations.get(rel, 0)
    return Resolved(c.type, cal.at_grain(cal.shift(ctx.anchor, unit, step), unit))


_BACKWARD = ("ago", "earlier", "before", "back")


def _figure_before_unit(c: Candidate, amount: float | None) -> bool:
    """ "292,000 week ago" in a table of figures: a number that cannot count a singular unit."""
    word = c.part("unit") or ""
    return amount is not None and amount > 1 and not word.endswith("s") and "-" not in c.text


def offset(c: Candidate, ctx: Context, lex: TimeLexicon) -> Resolved | None:
    """ "two years ago" -> the anchor's year minus two; "three days later"."""
    unit, amount = lex.units.get(c.part("unit") or ""), _num(c, lex)
    backward = c.part("dir") in _BACKWARD
    if unit is None or _figure_before_unit(c, amount):
        return None
    if amount is None:
        return Resolved(c.type, "PAST_REF" if backward else "FUTURE_REF")
    if ctx.anchor is None or amount != int(amount):
        return Resolved(c.type, None)
    if ctx.quarter and backward and unit == "Y" and amount == 1:
        return Resolved(c.type, _year_before(ctx.quarter))
    moved = cal.shift(ctx.anchor, unit, -int(amount) if backward else int(amount))
    return Resolved(c.type, cal.at_grain(moved, unit))


def duration(c: Candidate, ctx: Context, lex: TimeLexicon) -> Resolved | None:
    """ "three days" -> P3D; "two hours" -> PT2H; "several years", "years" -> PXY."""
    word = c.part("unit")
    unit = lex.units.get(word or "") or _UNIT_WORDS_DURATION.get(word or "")
    if unit is None:
        return None
    amount = _num(c, lex)
    if amount is None and not (c.part("vague") or word.endswith(("s", "ies"))):
        amount = 1.0
    if amount is not None and c.part("half"):
        amount += 0.5
    return Resolved(c.type, _period(amount, unit))


def quarter(c: Candidate, ctx: Context, lex: TimeLexicon) -> Resolved | None:
    """ "the third quarter" -> 1989-Q3 (the anchor's year unless one is written)."""
    number, rel = _ordinal(c.part("ord"), lex), c.part("rel") or ""
    if number is not None and not 1 <= number <= 4:
        return None
    if number is None and c.part("year"):
        focus = ctx.quarter or _reported_quarter(ctx.anchor)
        number = int(focus[-1]) if focus else None
    if c.part("year") and number:
        return Resolved(c.type, f"{c.part('year')}-Q{number}")
    if ctx.anchor is None:
        return Resolved(c.type, None)
    if number is None:
        return Resolved(c.type, _unnumbered_quarter(rel, ctx))
    step = {"last": -1, "next": 1}.get(c.part("yrel") or "", 0)
    year = ctx.anchor.year + step - (1 if rel.startswith("year") else 0)
    return Resolved(c.type, f"{year:04d}-Q{number}")


def _unnumbered_quarter(rel: str, ctx: Context) -> str | None:
    """ "the quarter", "the latest quarter" (the one reported on), "last quarter", "the
    year-ago quarter"."""
    focus = ctx.quarter or _reported_quarter(ctx.anchor)
    if rel.startswith("year"):
        return _year_before(focus) if focus else None
    step = {"current": 0, "next": 1, "coming": 1, "last": -1, "previous": -1, "past": -1}
    if rel in step:
        return cal.quarter_of(cal.shift(ctx.anchor, "Q", step[rel]))
    return focus


def half_year(c: Candidate, ctx: Context, lex: TimeLexicon) -> Resolved | None:
    """ "the first half of 1990" -> 1990-H1, "the second half of this year"."""
    if c.part("year"):
        year = int(c.part("year"))
    elif ctx.anchor is None:
        return Resolved(c.type, None)
    else:
        year = ctx.anchor.year + {"last": -1, "next": 1}.get(c.part("yrel") or "", 0)
    return Resolved(c.type, f"{year:04d}-H{1 if c.part('half') == 'first' else 2}")


def quarter_ended(c: Candidate, ctx: Context, lex: TimeLexicon) -> Resolved | None:
    """ "the quarter ended Sept. 30" -> the quarter holding the middle of the three months
    that ended on that day (fiscal quarters end in any month)."""
    dated = calendar(c, ctx, lex)
    if dated is None or dated.value is None or dated.value.startswith("X"):
        return Resolved(c.type, None)
    end = dt.date.fromisoformat(dated.value)
    return Resolved(c.type, cal.quarter_of(end - dt.timedelta(days=45)))


def focus_quarter(candidates: list[Candidate], anchor: dt.date | None) -> str | None:
    """The quarter an article reports on: the one that ended last before the anchor if the
    article names it, else the one it names most often (first on a tie)."""
    lex = lexicon()
    named = [
        resolve(c, Context(anchor))
        for c in candidates
        if c.kind == "quarter" and c.part("ord") in lex.ordinals
    ]
    recent = anchor.year - 1 if anchor else 0
    values = [r.value for r in named if r is not None and r.value and int(r.value[:4]) >= recent]
    reported = _reported_quarter(anchor)
    if reported in values:
        return reported
    return max(values, key=values.count) if values else None


def season(c: Candidate, ctx: Context, lex: TimeLexicon) -> Resolved | None:
    """ "last fall" -> 1997-FA seen from 1998-10; "summer 2019" -> 2019-SU."""
    code = lex.seasons.get(c.part("season") or "")
    if code is None:
        return None
    if c.part("year"):
        return Resolved(c.type, f"{c.part('year')}-{code}")
    if ctx.anchor is None:
        return Resolved(c.type, None)
    step = lex.relations.get(c.part("rel") or "", 0)
    return Resolved(c.type, f"{_season_year(code, step, ctx):04d}-{code}")


def _season_year(code: str, step: int, ctx: Context) -> int:
    """The year of the season "last"/"next"/"this" names: last is the latest one already
    over, next the earliest not yet begun, this the one in the anchor's year."""
    anchor = ctx.anchor
    month = cal.SEASON_MONTHS[code]
    starts = [dt.date(y, month, 1) for y in range(anchor.year - 2, anchor.year + 2)]
    if step < 0:
        return max(s for s in starts if cal.shift(s, "M", 3) <= anchor).year
    if step > 0:
        return min(s for s in starts if s > anchor).year
    return anchor.year


def _date_part(c: Candidate, ctx: Context, lex: TimeLexicon) -> str | None:
    if ctx.anchor is None:
        return None
    if c.part("relday"):
        return cal.day(ctx.anchor + dt.timedelta(days=lex.relative_days[c.part("relday")]))
    if c.part("weekday"):
        number = lex.weekdays[c.part("weekday")]
        return cal.day(cal.weekday_near(ctx.anchor, number, 0, ctx.tense))
    if c.part("month"):
        dated = calendar(c, ctx, lex)
        return dated.value if dated is not None else None
    return cal.day(ctx.anchor)


def clock(c: Candidate, ctx: Context, lex: TimeLexicon) -> Resolved | None:
    """ "2 p.m." -> the anchor day at 14:00; "midnight Friday"; "noon"."""
    named = c.part("named")
    if named:
        hour, minute = (24, 0) if named == "midnight" else (12, 0)
        if named == "midnight":
            date = _date_part(c, ctx, lex)
            return Resolved(c.type, f"{date}T24" if date else None)
    else:
        hour, minute = int(c.part("hour") or 0), int(c.part("minute") or 0)
        ampm = (c.part("ampm") or "").replace(".", "")
        hour = hour % 12 + (12 if ampm == "pm" else 0) if ampm in ("am", "pm") else hour
    date = _date_part(c, ctx, lex)
    return Resolved(c.type, f"{date}T{hour:02d}:{minute:02d}" if date else None)


def part_of_day(c: Candidate, ctx: Context, lex: TimeLexicon) -> Resolved | None:
    """ "this morning" -> the anchor day, TMO; "last night" -> the day before, TNI."""
    when, part = c.part("daywhen") or "", lex.parts_of_day.get(c.part("daypart") or "")
    if ctx.anchor is None or part is None:
        return Resolved(c.type, None)
    back = when.endswith("last") and part in ("NI", "EV") or when == "yesterday"
    days = -1 if back else (1 if when == "tomorrow" else 0)
    return Resolved(c.type, f"{cal.day(ctx.anchor + dt.timedelta(days=days))}T{part}")


def holiday(c: Candidate, ctx: Context, lex: TimeLexicon) -> Resolved | None:
    """Christmas, Thanksgiving, Election Day... in the written or the nearest year."""
    name = c.part("holiday") or ""
    fixed = lex.holidays.get(name)
    month = int(fixed[:2]) if fixed else lex.weekday_holidays[name][0]
    if c.part("year"):
        year = int(c.part("year"))
    elif ctx.anchor is not None:
        year = cal.nearest_year(month, int(fixed[3:]) if fixed else 15, ctx.anchor, ctx.tense)
    else:
        return Resolved(c.type, None)
    if fixed:
        return Resolved(c.type, f"{year:04d}-{fixed}")
    _, weekday_no, n, first = lex.weekday_holidays[name]
    return Resolved(c.type, cal.day(cal.nth_weekday(year, month, weekday_no, n, first)))


def every(c: Candidate, ctx: Context, lex: TimeLexicon) -> Resolved | None:
    """ "every week" -> P1W, "every other year" -> P2Y, "daily" -> P1D."""
    if c.part("set"):
        return Resolved(c.type, lex.sets[c.part("set")])
    unit = lex.units.get(c.part("unit") or "")
    if unit is None:
        return None
    amount = _num(c, lex) or 1.0
    return Resolved(c.type, _period(amount * (2 if c.part("other") else 1), unit))


def set_named(c: Candidate, ctx: Context, lex: TimeLexicon) -> Resolved | None:
    """ "every Thursday" -> XXXX-WXX-4, "each July" -> XXXX-07."""
    if c.part("month"):
        return Resolved(c.type, f"XXXX-{lex.months[c.part('month')]:02d}")
    number = lex.weekdays.get(c.part("weekday") or "")
    part = lex.parts_of_day.get(c.part("daypart") or "")
    return Resolved(c.type, f"XXXX-WXX-{number}" + (f"T{part}" if part else ""))


def reference(c: Candidate, ctx: Context, lex: TimeLexicon) -> Resolved | None:
    return Resolved(c.type, lex.references.get(c.part("ref") or ""))


NORMALISERS: dict[str, Normaliser] = {
    "calendar": calendar,
    "relative_name": relative_name,
    "year": year,
    "spoken_year": spoken_year,
    "past_weekend": past_weekend,
    "decade": decade,
    "century": century,
    "relative_day": relative_day,
    "weekday": weekday,
    "relative_unit": relative_unit,
    "offset": offset,
    "duration": duration,
    "quarter": quarter,
    "season": season,
    "clock": clock,
    "part_of_day": part_of_day,
    "holiday": holiday,
    "set": every,
    "set_named": set_named,
    "half_year": half_year,
    "quarter_ended": quarter_ended,
    "reference": reference,
}


def resolve(candidate: Candidate, context: Context) -> Resolved | None:
    """The TIMEX3 type and value of one grammar match, or None when it is no time at all.

    A date the calendar cannot hold ("50,000 years ago" from a modern anchor, "next year"
    seen from 9999-12-31, "last week" from 0001-01-01) keeps its type and gets no value.
    """
    try:
        resolved = NORMALISERS[candidate.kind](candidate, context, lexicon())
    except (OverflowError, ValueError):
        return Resolved(candidate.type, None)
    if resolved is not None and resolved.value and not cal.in_calendar(resolved.value):
        return Resolved(resolved.type, None)
    return resolved
