"""Citation counts in, SciELO's journal indicators out: impact factors, immediacy, half-lives.

Pure functions over small count mappings (no database, no I/O), written after the two places SciELO
codes them:

* SciELO Analytics (``analytics/controller.py``): ``impact_factor_window`` gives the 0..5-year
  factors (``fi0`` = immediacy, ``fiN`` = sum of citations in Y to Y-1..Y-N over the citable items of
  those years); a zero denominator is ``None`` here (SciELO Analytics writes 0: pass
  ``undefined=0.0`` to reproduce it). ``citing_half_life`` walks the cited-year buckets in the order
  given (SciELO Analytics asks Elasticsearch for cited year, descending) and interpolates inside the
  bucket that reaches 50 %;
* classic Bibliometria (``scielo03[1-6].prc``): ``cited_half_life`` counts the ten cited years
  Y..Y-9, takes k = the last year whose cumulative share (rounded to one decimal) is under 50 % and
  interpolates, printing ``">10.0"`` past ten years and ``"-"`` when the ten years hold no citation.

``rounded`` formats numbers the way the reports print them (CISIS ``f(x,1,d)`` = C ``%.{d}f``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

#: Document types counted as citable items by default (SciELO Analytics' ``citable_documents``).
CITABLE_TYPES = frozenset({"research-article", "review-article"})
#: Decimals SciELO prints: impact factors and immediacy 4 (report 04/18), half-lives 2 (report 07),
#: report 03 averages 2.
IF_DECIMALS = 4
HALF_LIFE_DECIMALS = 2
AVERAGE_DECIMALS = 2
MORE_THAN_TEN = ">10.0"
NO_CITATIONS = "-"


def rounded(value: float | None, decimals: int) -> float | None:
    """``value`` as the reports print it with ``decimals`` places, ``None`` kept. Python's
    ``round`` and C's ``%.nf`` both round the exact binary value, ties to even, so they agree."""
    if value is None:
        return None
    return round(value, decimals)


def ratio(numerator: float, denominator: float) -> float | None:
    """``numerator / denominator``, ``None`` when the denominator is zero (undefined)."""
    return numerator / denominator if denominator else None


@dataclass(frozen=True, slots=True)
class ImpactWindow:
    """For one journal and base year Y: citations in Y to Y-k and citable items of Y-k, k = 0..5."""

    citations: tuple[float, ...]
    citable: tuple[float, ...]

    def factor(self, years: int, undefined: float | None = None) -> float | None:
        """``years`` = 0: immediacy; N >= 1: the N-year impact factor (sum over Y-1..Y-N)."""
        first, last = (0, 1) if years == 0 else (1, years + 1)
        value = ratio(sum(self.citations[first:last]), sum(self.citable[first:last]))
        return undefined if value is None else value


def impact_window(
    base_year: int,
    citations_by_cited_year: Mapping[int, float],
    citable_by_year: Mapping[int, float],
    span: int = 5,
) -> ImpactWindow:
    """The counts an impact factor needs, from the citations received in ``base_year`` (by cited
    year) and the journal's citable items per publication year; missing years count 0."""
    years = range(base_year, base_year - span - 1, -1)
    return ImpactWindow(
        tuple(float(citations_by_cited_year.get(y, 0)) for y in years),
        tuple(float(citable_by_year.get(y, 0)) for y in years),
    )


@dataclass(frozen=True, slots=True)
class HalfLifeYear:
    """One cited year's row of a half-life table: citations, share and cumulative share (%)."""

    citations: int
    percentage: float
    accumulated_percentage: float


@dataclass(frozen=True, slots=True)
class CitingHalfLife:
    """SciELO Analytics' half-life for one base year: the value, the year reaching 50 %, the table."""

    value: float | None
    year: int | None
    total: int
    data: dict[int, HalfLifeYear]


def citing_half_life(
    base_year: int, buckets: Iterable[tuple[int, int]], total: int | None = None
) -> CitingHalfLife:
    """Half-life of ``buckets`` (cited year, count) walked in the order given, as SciELO Analytics
    computes it: shares of ``total`` (every reference of the year, those without a cited year too;
    by default the buckets' sum) accumulated in bucket order, the first bucket reaching 50 % is the
    half-life year, the years from ``base_year`` down to the oldest bucket without citations take
    the share of the next later year, and the value interpolates between that year and the next.
    ``value`` is ``None`` when no bucket reaches 50 % (most references carry no year)."""
    items = [(int(y), int(n)) for y, n in buckets if n]
    total = sum(n for _, n in items) if total is None else int(total)
    if not items or not total:
        return CitingHalfLife(None, None, total, {})
    rows: dict[int, HalfLifeYear] = {}
    running = 0
    hl_year: int | None = None
    for year, count in items:
        running += count
        acc = running / total * 100
        rows[year] = HalfLifeYear(count, count / total * 100, acc)
        if acc >= 50 and hl_year is None:
            hl_year = year
    for year in range(base_year, min(rows) - 1, -1):
        row = rows.setdefault(year, HalfLifeYear(0, 0, 0))
        if year < base_year and row.citations == 0:
            rows[year] = HalfLifeYear(0, 0, rows[year + 1].accumulated_percentage)
    if hl_year is None:
        return CitingHalfLife(None, None, total, rows)
    previous = rows[hl_year + 1].accumulated_percentage if hl_year + 1 in rows else 0.0
    reached = rows[hl_year].accumulated_percentage
    if reached == previous:
        return CitingHalfLife(None, hl_year, total, rows)
    value = (base_year - hl_year) + (50 - previous) / (reached - previous)
    return CitingHalfLife(value, hl_year, total, rows)


def citing_half_life_value(
    base_year: int, buckets: Iterable[tuple[int, int]], total: int
) -> float | None:
    """``citing_half_life(...).value`` without building the table (the same arithmetic, for the
    bulk computation): the year after the half-life year takes, when it has no citations and lies
    before ``base_year``, the share of the next later year that has some."""
    running = 0
    acc: dict[int, float] = {}
    hl_year = None
    for year, count in buckets:
        if not count:
            continue
        running += count
        acc[year] = share = running / total * 100
        if hl_year is None and share >= 50:
            hl_year = year
    if hl_year is None:
        return None
    nxt = hl_year + 1
    while nxt < base_year and nxt not in acc:
        nxt += 1
    previous = acc.get(nxt, 0.0)
    reached = acc[hl_year]
    if reached == previous:
        return None
    return (base_year - hl_year) + (50 - previous) / (reached - previous)


@dataclass(frozen=True, slots=True)
class CitedHalfLife:
    """Classic report 07 for one journal and base year: the ten-year table and the half-life."""

    total: int
    #: (cited year, citations, cumulative citations, cumulative % to one decimal), Y down to Y-9.
    rows: tuple[tuple[int, int, int, float], ...]
    #: A number (two decimals), ``">10.0"``, or ``"-"``.
    value: float | str


def cited_half_life(
    base_year: int, citations_by_cited_year: Mapping[int, int], total: int | None = None
) -> CitedHalfLife:
    """Bibliometria's half-life: T = every citation made in ``base_year`` to the journal (``total``
    when some have no cited year; by default the sum of the mapping); cumulative
    counts c_i for cited years Y, Y-1, ..., Y-9 (i = 1..10) and shares p_i = c_i/T*100 printed with
    one decimal; k = the last i with p_i < 50 (0 when none), then
    ``k + (T/2 - c_k) / (c_{k+1} - c_k)`` to two decimals; when k reaches 10 the value is ``"-"`` if
    c_10 = 0 (no citation of the last ten years) and ``">10.0"`` otherwise."""
    if total is None:
        total = int(sum(citations_by_cited_year.values()))
    if total == 0:
        return CitedHalfLife(0, (), NO_CITATIONS)
    rows = []
    running = 0
    for i in range(10):
        year = base_year - i
        count = int(citations_by_cited_year.get(year, 0))
        running += count
        rows.append((year, count, running, rounded(running / total * 100, 1) or 0.0))
    k, c_k = 0, 0
    for i, (_, _, cumulative, share) in enumerate(rows, 1):
        if share < 50:
            k, c_k = i, cumulative
    if k >= 10:
        return CitedHalfLife(total, tuple(rows), NO_CITATIONS if c_k == 0 else MORE_THAN_TEN)
    c_next = rows[k][2]
    value = k + (total / 2 - c_k) / (c_next - c_k)
    return CitedHalfLife(total, tuple(rows), rounded(value, HALF_LIFE_DECIMALS) or 0.0)


def cited_half_life_value(
    base_year: int, citations_by_cited_year: Mapping[int, int], total: int
) -> float | str:
    """``cited_half_life(...).value`` without the table, for the bulk computation: the cumulative
    shares only grow, so k is the number of leading years under 50 % and c_{k+1} the count where
    the share first reaches it."""
    if not total:
        return NO_CITATIONS
    running = c_k = 0
    for i in range(10):
        running += citations_by_cited_year.get(base_year - i, 0)
        if round(running / total * 100, 1) >= 50:
            return round(i + (total / 2 - c_k) / (running - c_k), HALF_LIFE_DECIMALS)
        c_k = running
    return NO_CITATIONS if c_k == 0 else MORE_THAN_TEN
