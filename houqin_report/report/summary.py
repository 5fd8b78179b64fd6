"""compute: Facts → the report context. The only place figures are derived; no I/O.

Templates receive this context and choose words; they do no arithmetic. Every list keeps all
the user's entries (nothing dropped): items that fit no standard section go to 其他工作.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from houqin_report.text import segment
from houqin_report.facts.model import Facts, Hazard, Indicator, Project, Purchase, Training
from houqin_report.facts.values import FuzzyDate
from houqin_report.outline.wording import rate

PROJECT_STATES = ("完工", "在建", "已批复", "申报", "规划")
SAFETY_TRAINING = ("演练", "安全教育")


@dataclass(frozen=True)
class Period:
    """The time a document covers, with the words it is named by."""

    school_year: int | None  # 2023 for 2023—2024学年
    semester: str | None  # 第一学期 / 第二学期 / 全学年
    year: int | None  # 2024 for a 年度 report

    @property
    def title(self) -> str:
        """2023—2024学年第二学期, 2023—2024学年, 2024年度."""
        if self.year is not None:
            return f"{self.year}年度"
        base = f"{self.school_year}—{self.school_year + 1}学年"
        return base if self.semester == "全学年" else base + self.semester

    @property
    def this(self) -> str:
        """本学期 / 本学年 / 本年度."""
        if self.year is not None:
            return "本年度"
        return "本学年" if self.semester == "全学年" else "本学期"

    @property
    def next_word(self) -> str:
        return {"本年度": "下一年度", "本学年": "下学年", "本学期": "下学期"}[self.this]

    def following(self) -> "Period":
        """The period after this one: 第一学期 → 第二学期 → next 学年's 第一学期; 年度 → next 年度."""
        if self.year is not None:
            return Period(None, None, self.year + 1)
        if self.semester == "第一学期":
            return Period(self.school_year, "第二学期", None)
        if self.semester == "第二学期":
            return Period(self.school_year + 1, "第一学期", None)
        return Period(self.school_year + 1, "全学年", None)

    @property
    def key(self) -> str:
        return self.title


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


@dataclass
class Area:
    """One （一） area of 主要工作及成效: its structured facts and its free-text items."""

    key: str
    title: str
    projects: ProjectFigures | None = None
    hazards: HazardFigures | None = None
    safety_trainings: list[Training] = field(default_factory=list)
    purchases: PurchaseFigures | None = None
    trainings: list[Training] = field(default_factory=list)
    indicators: list[IndicatorLine] = field(default_factory=list)
    work: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.projects or self.hazards or self.safety_trainings or self.purchases
                    or self.trainings or self.indicators or self.work)


@dataclass(frozen=True)
class Report:
    facts: Facts
    period: Period
    projects: ProjectFigures
    hazards: HazardFigures
    purchases: PurchaseFigures
    trainings: TrainingFigures
    indicators: list[IndicatorLine]
    areas: list[Area]  # non-empty areas in the standard order
    overview: list[tuple[str, str]]  # (key, value as written) from 概况
    variant: int  # picks a wording variant, deterministically per school


def period_of(facts: Facts) -> Period:
    return Period(facts.school_year, facts.semester, facts.year)


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


def section_of(text: str, given: str | None) -> str:
    """The area a free-text item is filed under: the user's 栏目 first, else by its words.

    A 栏目 that names no standard section becomes an area of its own, titled as written.
    """
    if given:
        return segment.section_for_name(given) or given
    return segment.classify(text)


def build_report(facts: Facts) -> Report:
    projects = project_figures(facts.projects)
    hazards = hazard_figures(facts)
    purchases = purchase_figures(facts.purchases)
    trainings = training_figures(facts.trainings)
    indicators = [indicator_line(i) for i in facts.indicators]

    standard = segment.load_sections()
    areas: dict[str, Area] = {s.key: Area(s.key, s.title) for s in standard}

    def area(key: str) -> Area:
        if key not in areas:  # the user's own 栏目: kept, before 其他工作
            areas[key] = Area(key, key)
        return areas[key]

    if projects.count:
        areas["项目建设"].projects = projects
    if hazards.found or hazards.rounds:
        areas["安全管理"].hazards = hazards
    if purchases.count:
        areas["资产与采购"].purchases = purchases
    for t in facts.trainings:
        if t.kind in SAFETY_TRAINING:
            areas["安全管理"].safety_trainings.append(t)
        else:
            key = segment.classify(t.name)
            area("队伍建设" if key == segment.GENERAL else key).trainings.append(t)
    for line in indicators:
        key = segment.classify(line.indicator.name)
        area("节能降耗" if key == segment.GENERAL else key).indicators.append(line)
    for item in facts.work:
        area(section_of(item.text, item.section)).work.append(item.text)

    order = [s.key for s in standard if s.key != segment.GENERAL]
    custom = [k for k in areas if k not in order and k != segment.GENERAL]
    ordered = [areas[k] for k in order + custom + [segment.GENERAL] if not areas[k].empty]

    overview = []
    if facts.overview is not None:
        for key, value in facts.overview.model_dump(by_alias=True, exclude_none=True).items():
            overview.append((key, str(value)))
    return Report(
        facts=facts,
        period=period_of(facts),
        projects=projects,
        hazards=hazards,
        purchases=purchases,
        trainings=trainings,
        indicators=indicators,
        areas=ordered,
        overview=overview,
        variant=sum(map(ord, facts.school)) % 3,
    )


def dated(items, attr: str = "date") -> list:
    """Items in date order, undated last, otherwise as entered (stable)."""
    return sorted(items, key=lambda i: (getattr(i, attr) is None, getattr(i, attr).key() if getattr(i, attr) else (0, 0, 0)))


__all__ = ["Report", "Period", "Area", "build_report", "period_of", "dated", "FuzzyDate"]
