"""Bureau-wide totals: Decimal and int sums over the schools' rows; rates are figures.rate over
the totals, never an average of the schools' rates. An approximate figure of a school (近70万元)
makes the total it enters approximate (facts/approx.py: 约…, …以上), and a rate over an
approximate total is not given. A school that did not report a kind (its key left out) adds
nothing and is named as 未填, never counted as 0.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Sequence, get_args

from houqin_report.facts.approx import Approx, nominal, total
from houqin_report.facts.model import Channel, HazardCategory, Indicator, TrainingType
from houqin_report.report.bureau.rows import Figure, SchoolRow
from houqin_report.report.figures import PROJECT_STATES, UNSAID, indicator_line, rate

# The orders in which the report and workbook list each kind: the model's own (donations are
# apart from purchases, issue 13; a purchase without 渠道 is 未注明渠道).
CHANNELS = tuple(c for c in get_args(Channel) if c != "捐赠") + (UNSAID,)
HAZARD_CATEGORIES = get_args(HazardCategory)
TRAINING_TYPES = get_args(TrainingType)
ZERO = Decimal(0)


@dataclass(frozen=True)
class Headcount:
    total: Figure
    reported: int  # schools that gave the figure
    missing: tuple[str, ...]  # schools (as printed) that did not


@dataclass(frozen=True)
class ProjectTotals:
    count: int
    total: Figure
    unpriced: int  # projects without an amount
    by_status: dict[str, int]
    amount_by_status: dict[str, Figure]
    schools: int  # schools with at least one project
    unreported: tuple[str, ...]


@dataclass(frozen=True)
class HazardTotals:
    rounds: Figure
    rounds_schools: int  # schools that gave 排查次数 as a count
    frequency_schools: tuple[str, ...]  # schools that gave how often instead (每周一次)
    rounds_missing: tuple[str, ...]  # schools that reported hazards but not 排查次数
    found: Figure
    fixed: Figure
    open: int | None  # None when the counts are approximate
    in_progress: int
    rate: Decimal | None
    cost: Figure
    by_category: dict[str, int]
    schools: int  # schools that found hazards
    open_schools: int  # schools with hazards not yet fixed
    flagged: tuple[str, ...]  # schools (as printed) that found hazards and fixed none
    unreported: tuple[str, ...]


@dataclass(frozen=True)
class PurchaseTotals:
    count: int
    total: Figure
    unpriced: int
    by_channel: dict[str, Figure]
    government: Figure
    share: Decimal | None  # 政府采购 share of the priced purchases (donations apart), percent
    schools: int
    unreported: tuple[str, ...]
    donations: int
    donation_total: Figure
    donation_schools: int


@dataclass(frozen=True)
class TrainingTotals:
    count: int
    people: Figure
    hours: Decimal | None  # only for all kinds together (rows keep one total of hours)
    by_type: dict[str, int]
    schools: int
    unreported: tuple[str, ...]


@dataclass(frozen=True)
class Against:
    """A school whose figure moved the other way from the district's."""

    school: str
    change: Decimal  # percent change, or percentage points for a figure in %


@dataclass(frozen=True)
class BureauIndicator:
    name: str
    unit: str | None
    area: str  # the 栏目 it is shown under
    schools: int  # schools that reported both this and last period's figure
    current: Decimal  # sum over those schools; the arithmetic mean for a figure in %
    previous: Decimal
    mean: bool  # a percentage: averaged over the schools (each school counts once), not summed
    change: Decimal | None  # percent change, or percentage points when mean (context.indicator_line)
    low: Decimal | None = None  # for a mean: the lowest and highest school, this period
    low_school: str = ""
    high: Decimal | None = None
    high_school: str = ""
    against: tuple[Against, ...] = ()  # schools that moved the other way, largest change first

    @property
    def down(self) -> bool:
        return self.change is not None and self.change < 0


def headcount(values: Iterable[Figure | None], printed: Sequence[str]) -> Headcount:
    values = list(values)
    given = [v for v in values if v is not None]
    return Headcount(total(given, 0), len(given), tuple(n for v, n in zip(values, printed) if v is None))


def ordered(mapping: dict[str, object], order: Sequence[str]) -> dict:
    known = {k: mapping[k] for k in order if k in mapping}
    known.update({k: v for k, v in mapping.items() if k not in known})
    return known


def _add(totals: dict[str, Figure], key: str, amount: Figure) -> None:
    totals[key] = totals.get(key, ZERO) + amount


def _unreported(rows: Sequence[SchoolRow], printed: Sequence[str], kind: str) -> tuple[str, ...]:
    return tuple(n for r, n in zip(rows, printed) if not r.reported(kind))


def project_totals(rows: Sequence[SchoolRow], printed: Sequence[str]) -> ProjectTotals:
    by_status: Counter[str] = Counter()
    amounts: dict[str, Figure] = {}
    for r in rows:
        by_status.update(r.projects_by_status)
        for status, amount in r.project_amount_by_status.items():
            _add(amounts, status, amount)
    return ProjectTotals(
        count=sum(r.projects for r in rows),
        total=total(r.project_amount for r in rows),
        unpriced=sum(r.projects_unpriced for r in rows),
        by_status=ordered({k: v for k, v in by_status.items() if v}, PROJECT_STATES),
        amount_by_status=ordered(amounts, PROJECT_STATES),
        schools=sum(1 for r in rows if r.projects),
        unreported=_unreported(rows, printed, "项目"),
    )


def hazard_totals(rows: Sequence[SchoolRow], printed: Sequence[str]) -> HazardTotals:
    found = total((r.hazards_found for r in rows), 0)
    fixed = total((r.hazards_fixed for r in rows), 0)
    exact = not isinstance(found, Approx) and not isinstance(fixed, Approx)
    categories: Counter[str] = Counter()
    for r in rows:
        categories.update(r.hazards_by_category)
    counted = [r.rounds for r in rows if r.rounds is not None and not isinstance(r.rounds, str)]
    return HazardTotals(
        rounds=total(counted, 0),
        rounds_schools=len(counted),
        frequency_schools=tuple(n for r, n in zip(rows, printed) if isinstance(r.rounds, str)),
        rounds_missing=tuple(n for r, n in zip(rows, printed) if r.rounds is None and r.reported("隐患")),
        found=found,
        fixed=fixed,
        open=found - fixed if exact else None,
        in_progress=sum(r.hazards_in_progress for r in rows),
        rate=rate(fixed, found),
        cost=total(r.hazard_cost for r in rows),
        by_category=dict(sorted(categories.items(), key=lambda kv: (-kv[1], HAZARD_CATEGORIES.index(kv[0]) if kv[0] in HAZARD_CATEGORIES else 99))),
        schools=sum(1 for r in rows if r.hazards_found),
        open_schools=sum(1 for r in rows if r.hazards_open or (r.hazards_open is None and r.hazards_found)),
        flagged=tuple(name for r, name in zip(rows, printed) if r.flagged),
        unreported=_unreported(rows, printed, "隐患"),
    )


def purchase_totals(rows: Sequence[SchoolRow], printed: Sequence[str]) -> PurchaseTotals:
    priced = total(r.purchase_total for r in rows)
    channels: dict[str, Figure] = {}
    for r in rows:
        for channel, amount in r.purchase_by_channel.items():
            _add(channels, channel, amount)
    government = channels.get("政府采购", ZERO)
    return PurchaseTotals(
        count=sum(r.purchases for r in rows),
        total=priced,
        unpriced=sum(r.purchases_unpriced for r in rows),
        by_channel=dict(sorted(channels.items(), key=lambda kv: -nominal(kv[1]))),
        government=government,
        share=rate(government, priced) if priced else None,
        schools=sum(1 for r in rows if r.purchases),
        unreported=_unreported(rows, printed, "采购"),
        donations=sum(r.donations for r in rows),
        donation_total=total(r.donation_total for r in rows),
        donation_schools=sum(1 for r in rows if r.donations),
    )


def training_totals(rows: Sequence[SchoolRow], printed: Sequence[str], pick) -> TrainingTotals:
    """pick(row) → (count, people, count by type, hours or None) of the trainings wanted."""
    count = schools = 0
    people: list[Figure] = []
    hours: Decimal | None = ZERO
    kinds: Counter[str] = Counter()
    for r in rows:
        n, p, by_type, h = pick(r)
        count += n
        people.append(p)
        schools += 1 if n else 0
        kinds.update(by_type)
        hours = None if h is None or hours is None else hours + h
    return TrainingTotals(
        count=count, people=total(people, 0), hours=hours,
        by_type=ordered({k: v for k, v in kinds.items() if v}, TRAINING_TYPES),
        schools=schools,
        unreported=_unreported(rows, printed, "培训"),
    )


def indicators(rows: Sequence[SchoolRow], printed: Sequence[str]) -> list[BureauIndicator]:
    """Figures reported (with last period's) by more than half of the schools, same unit:
    summed over those schools; figures in % are averaged instead (each school once: a sum of
    rates means nothing), with the lowest and the highest school."""
    pairs: dict[tuple[str, str | None], list[tuple[str, Decimal, Decimal]]] = {}
    areas: dict[str, str] = {}
    for r, name in zip(rows, printed):
        seen = set()
        for i in r.indicators:
            key = (i.name, i.unit)
            if i.previous is None or key in seen:
                continue  # a school listing one figure twice counts once (its first)
            seen.add(key)
            pairs.setdefault(key, []).append((name, i.current, i.previous))
            areas.setdefault(i.name, i.area)
    out = []
    for (name, unit), figures in pairs.items():
        if 2 * len(figures) <= len(rows):
            continue
        mean = unit in ("%", "％")
        current = sum((c for _, c, _ in figures), ZERO)
        previous = sum((p for _, _, p in figures), ZERO)
        extra: dict = {}
        if mean:
            current = (current / len(figures)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            previous = (previous / len(figures)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            low = min(figures, key=lambda f: f[1])
            high = max(figures, key=lambda f: f[1])
            extra = {"low": low[1], "low_school": low[0], "high": high[1], "high_school": high[0]}
        line = indicator_line(Indicator.model_construct(name=name, current=current, previous=previous, unit=unit))
        against: list[Against] = []
        if line.change:
            for school, c, p in figures:
                own = indicator_line(Indicator.model_construct(name=name, current=c, previous=p, unit=unit)).change
                if own is not None and own * line.change < 0:
                    against.append(Against(school, own))
            against.sort(key=lambda a: -abs(a.change))
        out.append(BureauIndicator(name, unit, areas[name], len(figures), current, previous, mean, line.change, against=tuple(against), **extra))
    out.sort(key=lambda i: (-i.schools, i.name))
    return out
