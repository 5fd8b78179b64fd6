"""compute: Facts → the summary's context (Report). No I/O.

Templates receive this context and choose words; they do no arithmetic. Every list keeps all
the user's entries (nothing dropped): items that fit no standard section go to 其他工作. Which
section shows which figures, and its sub-section heading, come from the 栏目 table
(text/sections.py, data/sections.yaml).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from houqin_report.facts.approx import Approx
from houqin_report.facts.model import Assets, Campaign, Facts, Meals, Order, Training, WorkItem
from houqin_report.facts.values import FuzzyDate
from houqin_report.report.figures import (
    SAFETY_TRAINING,
    BudgetFigures,
    DonationFigures,
    HazardFigures,
    IndicatorLine,
    ProjectFigures,
    PurchaseFigures,
    TrainingFigures,
    budget_figures,
    conditions,
    donation_figures,
    hazard_figures,
    indicator_line,
    project_figures,
    purchase_figures,
    training_figures,
)
from houqin_report.report.period import Period, period_of
from houqin_report.report.voice import Voice, voice_of
from houqin_report.text import sections


@dataclass
class Area:
    """One （一） area of 主要工作及成效: its structured facts and its free-text items."""

    key: str
    title: str
    projects: ProjectFigures | None = None
    hazards: HazardFigures | None = None
    safety_trainings: list[Training] = field(default_factory=list)
    purchases: PurchaseFigures | None = None
    donations: DonationFigures | None = None
    budget: BudgetFigures | None = None
    assets: Assets | None = None
    meals: Meals | None = None
    orders: list[Order] = field(default_factory=list)
    campaigns: list[Campaign] = field(default_factory=list)
    trainings: list[Training] = field(default_factory=list)
    indicators: list[IndicatorLine] = field(default_factory=list)
    work: list[WorkItem] = field(default_factory=list)  # in time order (dated first), then as entered
    heading: str = ""  # the sub-section heading, chosen by build_report

    @property
    def empty(self) -> bool:
        return not (self.projects or self.hazards or self.safety_trainings or self.purchases or self.donations
                    or self.budget or self.assets or self.meals or self.orders or self.campaigns
                    or self.trainings or self.indicators or self.work)

    def conditions(self) -> dict[str, bool]:
        return conditions(self.projects, self.hazards)


@dataclass(frozen=True)
class OverviewTerm:
    """One figure of 概况 as the opening names it: 学生968人, 开园8年, 校舍面积9860平方米."""

    name: str
    value: str  # as written
    unit: str
    count: bool  # a head or room count (the 现有… list), else a sentence part of its own


@dataclass(frozen=True)
class Report:
    facts: Facts
    period: Period
    voice: Voice
    projects: ProjectFigures
    hazards: HazardFigures
    purchases: PurchaseFigures
    donations: DonationFigures
    trainings: TrainingFigures
    indicators: list[IndicatorLine]
    areas: list[Area]  # non-empty areas in the standard order
    overview: list[OverviewTerm]
    variant: int  # picks a wording variant, deterministically per school


def section_of(text: str, given: str | None) -> str:
    """The area a free-text item is filed under: the user's 栏目 first, else by its words.

    A 栏目 that names no standard section becomes an area of its own, titled as written.
    """
    if given:
        return sections.section_for_name(given) or given
    return sections.classify(text)


def filed(name: str, figure: str) -> str:
    """The section of a training or indicator: by its name, else the section that shows
    that kind of figure when nothing else claims it (培训 → 队伍建设, 指标 → 节能降耗)."""
    key = sections.classify(name)
    return sections.home(figure) if key == sections.GENERAL else key


def ordered_keys(keys) -> list[str]:  # noqa: ANN001 - any iterable of section keys
    """Section keys in the table's order, a user's own 栏目 after them, 其他工作 last."""
    order = [s.key for s in sections.load_sections() if s.key != sections.GENERAL]
    keys = list(keys)
    custom = [k for k in keys if k not in order and k != sections.GENERAL]
    return [k for k in order if k in keys] + custom + ([sections.GENERAL] if sections.GENERAL in keys else [])


def when(item: WorkItem, period: Period) -> FuzzyDate | None:
    """When a work item was done: its 日期, or its 月份 in the term's year."""
    from houqin_report.facts.values import school_year_of

    if item.date is not None:
        return item.date
    if item.month is not None:
        year = school_year_of(item.month, period.school_year, period.year)
        return FuzzyDate(year, item.month) if year is not None else None
    return None


def in_time_order(items: list[WorkItem], period: Period) -> list[WorkItem]:
    """Dated items by date (a month before its days), then the undated ones as entered."""
    dated = [(when(i, period), n, i) for n, i in enumerate(items)]
    return [i for d, n, i in sorted(dated, key=lambda t: (t[0] is None, t[0].key() if t[0] else (0, 0, 0), t[1]))]


# 概况's own keys: (the name in the sentence, its unit, a count for the 现有… list)
_OVERVIEW = {"学生数": (None, "人", True), "教职工数": ("教职工", "人", True), "班级数": (None, "个", True),
             "住校生数": ("住校生", "人", True), "校舍面积": ("校舍面积", "", False)}
_PEOPLE = ("师", "员", "生", "工", "人", "儿", "长")


def overview_term(key: str, value: object, voice: Voice) -> OverviewTerm:
    """A 概况 entry as the opening writes it; a key of the office's own reads by its ending
    (住校生人数 460 → 住校生460人, 开园年数 8 → 开园8年, 校区数 2 → 校区2个)."""
    text = str(value)
    if key in _OVERVIEW:
        name, unit, count = _OVERVIEW[key]
        name = name or (voice.pupils if key == "学生数" else voice.classes)
    elif key.endswith("人数"):
        name, unit, count = key[:-2], "人", True
    elif key.endswith("年数"):
        name, unit, count = key[:-2], "年", False
    elif key.endswith("数") and len(key) > 1:
        name, count = key[:-1], True
        unit = "人" if name.endswith(_PEOPLE) else "个"
    else:
        name, unit, count = key, "", False
    if unit and text.endswith(unit):  # 460人 written with its unit already
        unit = ""
    return OverviewTerm(name, text, unit, count and isinstance(value, (int, Approx)))


def build_report(facts: Facts) -> Report:
    period = period_of(facts)
    voice = voice_of(facts.school_type)
    projects = project_figures(facts.projects)
    hazards = hazard_figures(facts)
    purchases = purchase_figures(facts.all_purchases)
    donations = donation_figures(facts.donated)
    trainings = training_figures(facts.trainings)
    indicators = [indicator_line(i) for i in facts.indicators]

    standard = sections.load_sections()
    areas: dict[str, Area] = {s.key: Area(s.key, s.title) for s in standard}

    def area(key: str) -> Area:
        if key not in areas:  # the user's own 栏目: kept, before 其他工作
            areas[key] = Area(key, key)
        return areas[key]

    home = sections.home
    if projects.count:
        areas[home("项目")].projects = projects
    if hazards.found or hazards.rounds:
        areas[home("隐患")].hazards = hazards
    if purchases.count:
        areas[home("采购")].purchases = purchases
    if donations.count:
        areas[home("捐赠")].donations = donations
    if facts.budget is not None:
        areas[home("经费")].budget = budget_figures(facts.budget)
    if facts.assets is not None:
        areas[home("校产")].assets = facts.assets
    if facts.meals is not None:
        areas[home("膳食")].meals = facts.meals
    if facts.orders:
        areas[home("征订")].orders = list(facts.orders)
    if facts.campaigns:
        areas[home("创建")].campaigns = list(facts.campaigns)
    for t in facts.trainings:
        if t.kind in SAFETY_TRAINING:
            areas[home("安全培训")].safety_trainings.append(t)
        else:
            area(filed(t.name, "培训")).trainings.append(t)
    for line in indicators:
        area(filed(line.indicator.name, "指标")).indicators.append(line)
    for item in facts.work:
        area(section_of(item.text, item.section)).work.append(item)

    variant = sum(map(ord, facts.school)) % 3
    by_key = {s.key: s for s in standard}
    ordered = [areas[k] for k in ordered_keys(areas) if not areas[k].empty]
    for a in ordered:
        a.work = in_time_order(a.work, period)
        section = by_key.get(a.key)
        a.heading = section.heading("学校", a.conditions(), variant) if section else a.title

    overview = []
    if facts.overview is not None:
        for key, value in facts.overview:
            if value is not None:
                alias = type(facts.overview).model_fields[key].alias if key in type(facts.overview).model_fields else key
                overview.append(overview_term(alias, value, voice))
    return Report(
        facts=facts,
        period=period,
        voice=voice,
        projects=projects,
        hazards=hazards,
        purchases=purchases,
        donations=donations,
        trainings=trainings,
        indicators=indicators,
        areas=ordered,
        overview=overview,
        variant=variant,
    )


__all__ = ["Report", "Area", "OverviewTerm", "build_report", "section_of", "filed", "ordered_keys", "when", "in_time_order"]
