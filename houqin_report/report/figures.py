"""The figures of one school's term, computed from its facts: the only place they are derived.

Pure functions, no I/O: every total is a Decimal or int sum over the user's entries, every rate
one decimal of part ÷ whole (rate). Summary, plan, lint and the bureau's fold all call these,
so a figure is computed one way wherever it is printed or checked.
"""
from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Union, get_args

from houqin_report.facts.approx import Approx, nominal, total
from houqin_report.facts.model import Budget, Donation, Facts, Hazard, Indicator, Project, ProjectStage, Purchase, Training
from houqin_report.text import sections
from houqin_report.text.numbers import shown_in_prose

PROJECT_STATES = tuple(reversed(get_args(ProjectStage)))  # 完工 first, as reports list them
SAFETY_TRAINING = ("演练", "安全教育")


def rate(part: int | Decimal | Approx, whole: int | Decimal | Approx) -> Decimal | None:
    """part ÷ whole × 100 to one decimal (half up); None when whole is 0 (no rate over nothing)
    or either is approximate (a rate over 约20处 would be printed as if exact)."""
    if not whole or isinstance(part, Approx) or isinstance(whole, Approx):
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


Figure = Union[int, Decimal, Approx]  # a count or an amount, exact or as written
UNSAID = "未注明渠道"  # a purchase whose 渠道 was not given
UNSORTED = "未分类"  # a purchase or hazard whose 类别 was not given (其他 is a category of its own)


_LAST = ("其他", UNSORTED)  # a breakdown names these after every category proper


def _by_size(amounts: dict[str, Figure]) -> dict[str, Figure]:
    """Largest first, 其他 and 未分类 last; ties in the order met."""
    return dict(sorted(amounts.items(), key=lambda kv: (kv[0] in _LAST, -nominal(kv[1]))))


def adds_up_in_prose(whole: Figure, parts: list[Figure]) -> bool:
    """Whether parts, each rounded as prose prints money (text/numbers.shown_in_prose), add up
    to whole rounded the same way; an approximate figure is printed as written, never rounded."""
    if isinstance(whole, Approx) or any(isinstance(p, Approx) for p in parts):
        return True
    return sum((shown_in_prose(p) for p in parts), Decimal(0)) == shown_in_prose(whole)


def _add(totals: dict[str, Figure], key: str, amount: Figure | None) -> None:
    if amount is not None:
        totals[key] = totals.get(key, Decimal(0)) + amount


@dataclass(frozen=True)
class HazardFigures:
    rounds: int | Approx | str | None  # a count, or how often (每周一次) as written
    found: int | Approx
    fixed: int | Approx
    in_progress: int
    open: int | None  # None when the counts are approximate
    rate: Decimal | None  # 整改率, one decimal; None when nothing was found or counts are approximate
    by_category: dict[str, int]
    cost: Figure
    listed: bool  # whether a per-hazard list was given (else only totals)
    key_only: bool  # the list holds the key hazards only (清单: 重点)
    hazards: list[Hazard]
    unfixed: list[Hazard]

    @property
    def frequency(self) -> str | None:
        return self.rounds if isinstance(self.rounds, str) else None

    @property
    def uncosted(self) -> int:
        """Listed hazards fixed without a 费用: a cost total leaves them out."""
        return sum(1 for h in self.hazards if h.status == "已整改" and h.cost is None)


@dataclass(frozen=True)
class PurchaseFigures:
    count: int
    total: Figure  # of the items with an amount
    unpriced: int  # items without an amount
    by_channel: dict[str, Figure]
    by_category: dict[str, Figure]
    government_share: Decimal | None  # 政府采购 share of the priced total, percent
    items: list[Purchase]

    @property
    def categorized(self) -> bool:
        """Some purchase says its 类别 (else a breakdown by category says nothing)."""
        return any(key != UNSORTED for key in self.by_category)

    @property
    def channels_round(self) -> bool:
        """The breakdown by channel still adds up to the total once prose rounds each to
        0.01万元 (else prose prints them exact)."""
        return adds_up_in_prose(self.total, list(self.by_channel.values()))

    @property
    def categories_round(self) -> bool:
        """The same for the breakdown by category (按类别分，…)."""
        return adds_up_in_prose(self.total, list(self.by_category.values()))


@dataclass(frozen=True)
class DonationFigures:
    count: int
    total: Figure
    unpriced: int
    donors: list[str]  # as written, first seen first
    items: list[Donation]


@dataclass(frozen=True)
class ProjectFigures:
    count: int
    total: Figure  # Σ 金额/总投资 of the projects that give one
    unpriced: int  # projects without an amount
    spent: Figure | None  # Σ 本期投入, None when no project gives one
    by_status: dict[str, int]
    amount_by_status: dict[str, Figure]
    items: list[Project]
    open: list[Project]  # not 完工: carried into the next plan


DESIGN_WORDS = ("设计", "规划", "方案", "可研", "可行性研究")


def is_design(project: Project) -> bool:
    """A project whose work is a design or a plan (校园文化建设设计), not building: it is
    drawn up and reviewed, never built or handed over."""
    return any(word in project.name for word in DESIGN_WORDS)


@dataclass(frozen=True)
class TrainingFigures:
    count: int
    people: Figure
    hours: Decimal
    by_type: dict[str, int]
    items: list[Training]


@dataclass(frozen=True)
class BudgetFigures:
    planned: Figure | None
    spent: Figure | None
    rate: Decimal | None  # 执行率
    budget: Budget


@dataclass(frozen=True)
class IndicatorLine:
    indicator: Indicator
    change: Decimal | None  # signed: percent change, or percentage points when unit is %
    points: bool  # change is in percentage points


def project_figures(projects: list[Project]) -> ProjectFigures:
    by_status = Counter(p.status for p in projects)
    amounts: dict[str, Figure] = {}
    for p in projects:
        _add(amounts, p.status, p.investment)
    spent = [p.spent for p in projects if p.spent is not None]
    return ProjectFigures(
        count=len(projects),
        total=total(p.investment for p in projects),
        unpriced=sum(1 for p in projects if p.investment is None),
        spent=total(spent) if spent else None,
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
    exact = not isinstance(found, Approx) and not isinstance(fixed, Approx)
    statuses = Counter(h.status for h in hazards)
    categories = Counter(h.category or UNSORTED for h in hazards)
    return HazardFigures(
        rounds=inspection.rounds if inspection else None,
        found=found,
        fixed=fixed,
        in_progress=statuses["整改中"],
        open=found - fixed if exact else None,
        rate=rate(fixed, found),
        by_category=dict(sorted(categories.items(), key=lambda kv: (kv[0] in _LAST, -kv[1], kv[0]))),
        cost=total(h.cost for h in hazards),
        listed=bool(hazards),
        key_only=bool(inspection and inspection.key_only and hazards),
        hazards=hazards,
        unfixed=[h for h in hazards if h.status != "已整改"],
    )


def purchase_figures(purchases: list[Purchase]) -> PurchaseFigures:
    """Purchases proper (Facts.all_purchases: donations apart)."""
    by_channel: dict[str, Figure] = {}
    by_category: dict[str, Figure] = {}
    for p in purchases:
        _add(by_channel, p.channel or UNSAID, p.amount)
        _add(by_category, p.category or UNSORTED, p.amount)
    priced = total(p.amount for p in purchases)
    government = by_channel.get("政府采购")
    return PurchaseFigures(
        count=len(purchases),
        total=priced,
        unpriced=sum(1 for p in purchases if p.amount is None),
        by_channel=_by_size(by_channel),
        by_category=_by_size(by_category),
        government_share=rate(government, priced) if government else None,
        items=list(purchases),
    )


def donation_figures(donations: list[Donation]) -> DonationFigures:
    return DonationFigures(
        count=len(donations),
        total=total(d.amount for d in donations),
        unpriced=sum(1 for d in donations if d.amount is None),
        donors=list(dict.fromkeys(d.donor for d in donations if d.donor)),
        items=list(donations),
    )


def training_figures(trainings: list[Training]) -> TrainingFigures:
    kinds = Counter(t.kind for t in trainings)
    return TrainingFigures(
        count=len(trainings),
        people=total((t.people for t in trainings), 0),
        hours=sum((t.hours for t in trainings if t.hours is not None), Decimal(0)),
        by_type=dict(kinds.most_common()),
        items=list(trainings),
    )


def budget_figures(budget: Budget | None) -> BudgetFigures | None:
    if budget is None:
        return None
    return BudgetFigures(budget.planned, budget.spent, rate(budget.spent, budget.planned) if budget.spent is not None else None, budget)


def indicator_line(indicator: Indicator) -> IndicatorLine:
    prev, cur = indicator.previous, indicator.current
    points = indicator.unit in ("%", "％")
    if prev is None or (prev == 0 and not points):
        return IndicatorLine(indicator, None, points)
    if points:
        return IndicatorLine(indicator, cur - prev, True)
    return IndicatorLine(indicator, (cur - prev) * 100 / prev, False)


CONSUMPTION_WORDS = ("用电", "用水", "用气", "能耗", "油耗", "电费", "水费")
"""Indicators where less is better: a fall is a saving, a plan holds next term to this term's figure."""


def is_consumption(line: IndicatorLine) -> bool:
    return not line.points and any(word in line.indicator.name for word in CONSUMPTION_WORDS)


def energy_down(lines: list[IndicatorLine]) -> bool:
    """Every consumption figure that can be compared with last term's fell, and there is one."""
    compared = [line for line in lines if is_consumption(line) and line.change is not None]
    return bool(compared) and all(line.change < 0 for line in compared)


def conditions(projects, hazards, energy_down: bool = False, campaigns=()) -> dict[str, bool]:  # noqa: ANN001
    """What an area's figures say, for the conditions of its heading wordings
    (text/sections.CONDITIONS). projects: anything with by_status (a school's ProjectFigures,
    a bureau's ProjectTotals) or None; hazards: anything with found and fixed, or None;
    campaigns: the 创建 entries the area shows."""
    return {
        "有完工项目": bool(projects and "完工" in projects.by_status),
        "隐患全部整改": bool(hazards and hazards.found and hazards.fixed == hazards.found),
        "能耗下降": energy_down,
        "创建已通过": any(c.stage == "已通过" for c in campaigns),
    }


def content_holds(texts: Iterable[str], shown: Iterable[str]) -> dict[str, bool]:
    """The table's 条件 (data/sections.yaml) for an area: each holds when one of its words is a
    whole word of the area's texts (the same search-mode cut as filing, so 学校车棚 is not
    校车), or the area shows one of its kinds of figures."""
    from houqin_report.text.tokenizer import cut_for_search

    words: set[str] = set()
    for text in texts:
        if text:
            words.update(t.casefold() for t in cut_for_search(unicodedata.normalize("NFKC", text)))
    shown = set(shown)
    return {name: bool(c.words & words or shown.intersection(c.figures))
            for name, c in sections.content_conditions().items()}
