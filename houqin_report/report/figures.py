"""The figures of one school's term, computed from its facts: the only place they are derived.

Pure functions, no I/O: every total is a Decimal or int sum over the user's entries, every rate
one decimal of part ÷ whole (rate). Summary, plan, lint and the bureau's fold all call these,
so a figure is computed one way wherever it is printed or checked.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import get_args

from houqin_report.facts.model import Facts, Hazard, Indicator, Project, ProjectStatus, Purchase, Training

PROJECT_STATES = tuple(reversed(get_args(ProjectStatus)))  # 完工 first, as reports list them
SAFETY_TRAINING = ("演练", "安全教育")


def rate(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """part ÷ whole × 100 to one decimal (half up); None when whole is 0 (no rate over nothing)."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class HazardFigures:
    rounds: int | None
    found: int
    fixed: int
    in_progress: int
    open: int
    rate: Decimal | None  # 整改率, one decimal; None when nothing was found
    by_category: dict[str, int]
    cost: Decimal
    listed: bool  # whether a per-hazard list was given (else only totals)
    hazards: list[Hazard]
    unfixed: list[Hazard]


@dataclass(frozen=True)
class PurchaseFigures:
    count: int
    total: Decimal
    by_channel: dict[str, Decimal]
    by_category: dict[str, Decimal]
    government_share: Decimal | None  # 政府采购 share of the total, percent
    items: list[Purchase]


@dataclass(frozen=True)
class ProjectFigures:
    count: int
    total: Decimal
    by_status: dict[str, int]
    amount_by_status: dict[str, Decimal]
    items: list[Project]
    open: list[Project]  # not 完工: carried into the next plan


@dataclass(frozen=True)
class TrainingFigures:
    count: int
    people: int
    hours: Decimal
    by_type: dict[str, int]
    items: list[Training]


@dataclass(frozen=True)
class IndicatorLine:
    indicator: Indicator
    change: Decimal | None  # signed: percent change, or percentage points when unit is %
    points: bool  # change is in percentage points


def project_figures(projects: list[Project]) -> ProjectFigures:
    by_status = Counter(p.status for p in projects)
    amounts: dict[str, Decimal] = {}
    for p in projects:
        if p.amount is not None:
            amounts[p.status] = amounts.get(p.status, Decimal(0)) + p.amount
    return ProjectFigures(
        count=len(projects),
        total=sum((p.amount for p in projects if p.amount is not None), Decimal(0)),
        by_status={s: by_status[s] for s in PROJECT_STATES if by_status[s]},
        amount_by_status={s: amounts[s] for s in PROJECT_STATES if s in amounts},
        items=list(projects),
        open=[p for p in projects if p.status != "完工"],
    )


def hazard_figures(facts: Facts) -> HazardFigures:
    inspection = facts.inspection
    hazards = facts.hazards
    found = inspection.found_count if inspection else 0
    fixed = inspection.fixed_count if inspection else 0
    statuses = Counter(h.status for h in hazards)
    categories = Counter(h.category or "其他" for h in hazards)
    return HazardFigures(
        rounds=inspection.rounds if inspection else None,
        found=found,
        fixed=fixed,
        in_progress=statuses["整改中"],
        open=found - fixed,
        rate=rate(fixed, found),
        by_category=dict(sorted(categories.items(), key=lambda kv: (-kv[1], kv[0]))),
        cost=sum((h.cost for h in hazards if h.cost is not None), Decimal(0)),
        listed=bool(hazards),
        hazards=hazards,
        unfixed=[h for h in hazards if h.status != "已整改"],
    )


def purchase_figures(purchases: list[Purchase]) -> PurchaseFigures:
    total = sum((p.amount for p in purchases), Decimal(0))
    by_channel: dict[str, Decimal] = {}
    by_category: dict[str, Decimal] = {}
    for p in purchases:
        by_channel[p.channel] = by_channel.get(p.channel, Decimal(0)) + p.amount
        key = p.category or "其他"
        by_category[key] = by_category.get(key, Decimal(0)) + p.amount
    government = by_channel.get("政府采购", Decimal(0))
    return PurchaseFigures(
        count=len(purchases),
        total=total,
        by_channel=dict(sorted(by_channel.items(), key=lambda kv: -kv[1])),
        by_category=dict(sorted(by_category.items(), key=lambda kv: -kv[1])),
        government_share=rate(government, total) if government else None,
        items=list(purchases),
    )


def training_figures(trainings: list[Training]) -> TrainingFigures:
    kinds = Counter(t.kind for t in trainings)
    return TrainingFigures(
        count=len(trainings),
        people=sum(t.people or 0 for t in trainings),
        hours=sum((t.hours for t in trainings if t.hours is not None), Decimal(0)),
        by_type=dict(kinds.most_common()),
        items=list(trainings),
    )


def indicator_line(indicator: Indicator) -> IndicatorLine:
    prev, cur = indicator.previous, indicator.current
    points = indicator.unit in ("%", "％")
    if prev is None or (prev == 0 and not points):
        return IndicatorLine(indicator, None, points)
    if points:
        return IndicatorLine(indicator, cur - prev, True)
    return IndicatorLine(indicator, (cur - prev) * 100 / prev, False)


def conditions(projects, hazards, energy_down: bool = False) -> dict[str, bool]:  # noqa: ANN001
    """What an area's figures say, for the conditions of its heading wordings
    (text/sections.CONDITIONS). projects: anything with by_status (a school's ProjectFigures,
    a bureau's ProjectTotals) or None; hazards: anything with found and fixed, or None."""
    return {
        "有完工项目": bool(projects and "完工" in projects.by_status),
        "隐患全部整改": bool(hazards and hazards.found and hazards.fixed == hazards.found),
        "能耗下降": energy_down,
    }
