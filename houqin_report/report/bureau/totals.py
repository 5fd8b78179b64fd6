"""Bureau-wide totals: Decimal and int sums over the schools' rows; rates are figures.rate over
the totals, never an average of the schools' rates."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Sequence, get_args

from houqin_report.facts.model import Channel, HazardCategory, Indicator, TrainingType
from houqin_report.report.bureau.rows import IndicatorFigure, SchoolRow
from houqin_report.report.figures import PROJECT_STATES, indicator_line, rate

# The orders in which the report and workbook list each kind: the model's own.
CHANNELS = get_args(Channel)
HAZARD_CATEGORIES = get_args(HazardCategory)
TRAINING_TYPES = get_args(TrainingType)


@dataclass(frozen=True)
class Headcount:
    total: int
    reported: int  # schools that gave the figure
    missing: int  # schools that did not


@dataclass(frozen=True)
class ProjectTotals:
    count: int
    total: Decimal
    by_status: dict[str, int]
    amount_by_status: dict[str, Decimal]
    schools: int  # schools with at least one project


@dataclass(frozen=True)
class HazardTotals:
    rounds: int
    rounds_schools: int  # schools that gave 排查次数
    rounds_missing: int  # schools that did not
    found: int
    fixed: int
    open: int
    in_progress: int
    rate: Decimal | None
    cost: Decimal
    by_category: dict[str, int]
    schools: int  # schools that found hazards
    open_schools: int  # schools with hazards not yet fixed
    flagged: tuple[str, ...]  # schools (as printed) that found hazards and fixed none


@dataclass(frozen=True)
class PurchaseTotals:
    count: int
    total: Decimal
    by_channel: dict[str, Decimal]
    government: Decimal
    share: Decimal | None  # 政府采购 share of the total, percent
    schools: int


@dataclass(frozen=True)
class TrainingTotals:
    count: int
    people: int
    hours: Decimal | None  # only for all kinds together (rows keep one total of hours)
    by_type: dict[str, int]
    schools: int


@dataclass(frozen=True)
class BureauIndicator:
    name: str
    unit: str | None
    schools: int  # schools that reported both this and last period's figure
    current: Decimal  # sum over those schools; the mean for a figure in %
    previous: Decimal
    mean: bool  # a percentage: averaged over the schools, not summed
    change: Decimal | None  # percent change, or percentage points when mean (context.indicator_line)

    @property
    def down(self) -> bool:
        return self.change is not None and self.change < 0


def headcount(values: Iterable[int | None]) -> Headcount:
    values = list(values)
    given = [v for v in values if v is not None]
    return Headcount(sum(given), len(given), len(values) - len(given))


def ordered(mapping: dict[str, object], order: Sequence[str]) -> dict:
    known = {k: mapping[k] for k in order if k in mapping}
    known.update({k: v for k, v in mapping.items() if k not in known})
    return known


def project_totals(rows: list[SchoolRow]) -> ProjectTotals:
    by_status: Counter[str] = Counter()
    amounts: dict[str, Decimal] = {}
    for r in rows:
        by_status.update(r.projects_by_status)
        for status, amount in r.project_amount_by_status.items():
            amounts[status] = amounts.get(status, Decimal(0)) + amount
    return ProjectTotals(
        count=sum(r.projects for r in rows),
        total=sum((r.project_amount for r in rows), Decimal(0)),
        by_status=ordered({k: v for k, v in by_status.items() if v}, PROJECT_STATES),
        amount_by_status=ordered(amounts, PROJECT_STATES),
        schools=sum(1 for r in rows if r.projects),
    )


def hazard_totals(rows: list[SchoolRow], printed: list[str]) -> HazardTotals:
    found = sum(r.hazards_found for r in rows)
    fixed = sum(r.hazards_fixed for r in rows)
    categories: Counter[str] = Counter()
    for r in rows:
        categories.update(r.hazards_by_category)
    return HazardTotals(
        rounds=sum(r.rounds or 0 for r in rows),
        rounds_schools=sum(1 for r in rows if r.rounds is not None),
        rounds_missing=sum(1 for r in rows if r.rounds is None),
        found=found,
        fixed=fixed,
        open=found - fixed,
        in_progress=sum(r.hazards_in_progress for r in rows),
        rate=rate(fixed, found),
        cost=sum((r.hazard_cost for r in rows), Decimal(0)),
        by_category=dict(sorted(categories.items(), key=lambda kv: (-kv[1], HAZARD_CATEGORIES.index(kv[0]) if kv[0] in HAZARD_CATEGORIES else 99))),
        schools=sum(1 for r in rows if r.hazards_found),
        open_schools=sum(1 for r in rows if r.hazards_open),
        flagged=tuple(name for r, name in zip(rows, printed) if r.flagged),
    )


def purchase_totals(rows: list[SchoolRow]) -> PurchaseTotals:
    total = sum((r.purchase_total for r in rows), Decimal(0))
    channels: dict[str, Decimal] = {}
    for r in rows:
        for channel, amount in r.purchase_by_channel.items():
            channels[channel] = channels.get(channel, Decimal(0)) + amount
    government = channels.get("政府采购", Decimal(0))
    return PurchaseTotals(
        count=sum(r.purchases for r in rows),
        total=total,
        by_channel=dict(sorted(channels.items(), key=lambda kv: -kv[1])),
        government=government,
        share=rate(government, total) if total else None,
        schools=sum(1 for r in rows if r.purchases),
    )


def training_totals(rows: list[SchoolRow], pick) -> TrainingTotals:
    """pick(row) → (count, people, count by type, hours or None) of the trainings wanted."""
    count = people = schools = 0
    hours: Decimal | None = Decimal(0)
    kinds: Counter[str] = Counter()
    for r in rows:
        n, p, by_type, h = pick(r)
        count += n
        people += p
        schools += 1 if n else 0
        kinds.update(by_type)
        hours = None if h is None or hours is None else hours + h
    return TrainingTotals(
        count=count, people=people, hours=hours,
        by_type=ordered({k: v for k, v in kinds.items() if v}, TRAINING_TYPES),
        schools=schools,
    )


def indicators(rows: list[SchoolRow]) -> list[BureauIndicator]:
    """Figures reported (with last period's) by more than half of the schools, same unit:
    summed over those schools; figures in % are averaged instead (a sum of rates means nothing)."""
    pairs: dict[tuple[str, str | None], list[IndicatorFigure]] = {}
    for r in rows:
        seen = set()
        for i in r.indicators:
            key = (i.name, i.unit)
            if i.previous is None or key in seen:
                continue  # a school listing one figure twice counts once (its first)
            seen.add(key)
            pairs.setdefault(key, []).append(i)
    out = []
    for (name, unit), figures in pairs.items():
        if 2 * len(figures) <= len(rows):
            continue
        mean = unit in ("%", "％")
        current = sum((i.current for i in figures), Decimal(0))
        previous = sum((i.previous for i in figures), Decimal(0))
        if mean:
            current = (current / len(figures)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            previous = (previous / len(figures)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        line = indicator_line(Indicator.model_construct(name=name, current=current, previous=previous, unit=unit))
        out.append(BureauIndicator(name, unit, len(figures), current, previous, mean, line.change))
    out.sort(key=lambda i: (-i.schools, i.name))
    return out
