"""compute: Facts → the summary's context (Report). No I/O.

Templates receive this context and choose words; they do no arithmetic. Every list keeps all
the user's entries (nothing dropped): items that fit no standard section go to 其他工作. Which
section shows which figures, and its sub-section heading, come from the 栏目 table
(text/sections.py, data/sections.yaml); the heading is chosen by what the section holds.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass, field

from houqin_report.facts.approx import Approx, nominal, total
from houqin_report.facts.model import Assets, Campaign, Facts, Hazard, Meals, Order, Project, Training, WorkItem
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
    content_holds,
    donation_figures,
    energy_down,
    hazard_figures,
    indicator_line,
    is_design,
    project_figures,
    purchase_figures,
    training_figures,
)
from houqin_report.report.period import Period, period_of
from houqin_report.report.voice import Voice, voice_of
from houqin_report.text import sections

PARAGRAPH = 160
"""Work items join one paragraph up to about this many characters (a paragraph per line reads
as a list, not a summary)."""

SHORT_ITEM = 60
"""A section holding nothing but one work item shorter than this joins 其他工作 (when that
makes fewer sections): a heading over one short line is heavier than the line."""

# Project stages in the order a summary tells them: what was finished, what is being built,
# then what is being prepared.
_STAGE_ORDER = ("完工", "在建", "招标", "勘察设计", "已批复", "申报", "规划")


@dataclass(frozen=True)
class TrainingGroup:
    """Trainings of one kind (演练, 安全教育, 培训, 会议, 其他), told in one sentence."""

    kind: str
    items: list[Training]

    @property
    def people(self):  # noqa: ANN201 - int, Decimal or Approx
        """Σ 人数 of those that give one (人次: a total over events)."""
        return total((t.people for t in self.items), 0)

    @property
    def uncounted(self) -> int:
        """Trainings of the group without 人数: the total leaves them out."""
        return sum(1 for t in self.items if t.people is None)


@dataclass(frozen=True)
class ProjectLine:
    project: Project
    design: bool  # a design or plan, not building (figures.is_design)


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
    work: list[WorkItem] = field(default_factory=list)  # 重点 first, then in time order (dated first), then as entered
    honours: list[str] = field(default_factory=list)  # honours earned by this area's work
    heading: str = ""  # the sub-section heading, chosen by build_report
    paragraphs: list[list[WorkItem]] = field(default_factory=list)  # work, as it is set in paragraphs
    hazards_planned: bool = False  # every hazard left open is carried into next term's plan

    @property
    def empty(self) -> bool:
        return not (self.projects or self.hazards or self.safety_trainings or self.purchases or self.donations
                    or self.budget or self.assets or self.meals or self.orders or self.campaigns
                    or self.trainings or self.indicators or self.work)

    def shown(self) -> set[str]:
        """The kinds of figures (text/sections.FIGURES) this area shows."""
        held = {"项目": self.projects, "隐患": self.hazards, "安全培训": self.safety_trainings,
                "采购": self.purchases, "捐赠": self.donations, "经费": self.budget, "校产": self.assets,
                "膳食": self.meals, "征订": self.orders, "创建": self.campaigns, "培训": self.trainings,
                "指标": self.indicators}
        return {kind for kind, value in held.items() if value}

    def texts(self) -> list[str]:
        """What the area's heading may speak of: its work, the names of its trainings and
        figures, its honours and the offices' notes on its ledgers."""
        out = [w.text for w in self.work] + list(self.honours)
        out += [t.name for t in self.safety_trainings + self.trainings]
        out += [line.indicator.name for line in self.indicators]
        out += [o.item for o in self.orders] + [o.note or "" for o in self.orders]
        out += [c.name for c in self.campaigns] + [c.note or "" for c in self.campaigns]
        for ledger in (self.meals, self.assets, self.budget.budget if self.budget else None):
            if ledger is not None:
                out.append(ledger.note or "")
        return out

    def conditions(self) -> dict[str, bool]:
        holds = conditions(self.projects, self.hazards, energy_down(self.indicators), self.campaigns)
        holds.update(content_holds(self.texts(), self.shown()))
        return holds

    @property
    def training_groups(self) -> list[TrainingGroup]:
        """The area's drills, safety education and other trainings, one group per kind, the
        group whose first event came first leading."""
        return by_kind(self.safety_trainings + self.trainings)

    @property
    def project_lines(self) -> list[ProjectLine]:
        """Finished first, then being built, then being prepared; the largest first in each."""
        items = self.projects.items if self.projects else []
        ordered = sorted(items, key=lambda p: (_STAGE_ORDER.index(p.status), -nominal(p.investment or 0)))
        return [ProjectLine(p, is_design(p)) for p in ordered]

    @property
    def fixed_highlights(self) -> list[Hazard]:
        """Fixed hazards worth telling in the body: 校舍 (the building's own) and any fix that
        cost nothing (费用 0), 校舍 first; in each, one fixed at no cost first, then the costliest."""
        if not self.hazards:
            return []

        def free(h: Hazard) -> bool:
            return h.cost is not None and not h.cost

        picked = [h for h in self.hazards.hazards if h.status == "已整改" and (h.category == "校舍" or free(h))]
        return sorted(picked, key=lambda h: (h.category != "校舍", not free(h), -nominal(h.cost or 0)))


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
    variant: int  # picks a wording variant: by school and period, so consecutive terms differ
    honours: list[str] = field(default_factory=list)  # honours no area's work explains: told at the end
    placed_honours: bool = False  # some honours were told beside their work


_KINDS = ("演练", "安全教育", "培训", "会议", "其他")


def by_kind(trainings: list[Training]) -> list[TrainingGroup]:
    """One group per kind, in time order (a group by its first event; undated after, in the
    order of _KINDS), each group's events in time order."""
    groups: dict[str, list[Training]] = {}
    for t in trainings:
        groups.setdefault(t.kind, []).append(t)

    def key(t: Training) -> tuple:
        return (t.date is None, t.date.key() if t.date else (0, 0, 0))

    ordered = [TrainingGroup(kind, sorted(groups[kind], key=key)) for kind in _KINDS if kind in groups]
    return sorted(ordered, key=lambda g: key(g.items[0]))


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


def in_paragraphs(items: list[WorkItem], limit: int = PARAGRAPH) -> list[list[WorkItem]]:
    """Consecutive items joined into paragraphs of about limit characters; an item marked 重点
    leads a paragraph of its own making."""
    out: list[list[WorkItem]] = []
    size = 0
    for item in items:
        if out and not item.key and size + len(item.text) <= limit:
            out[-1].append(item)
            size += len(item.text)
        else:
            out.append([item])
            size = len(item.text)
    return out


def variant_of(school: str, period: Period) -> int:
    """The wording variant for a school's period: the school's name picks where it starts, and
    each term moves it on by one, so that two consecutive terms never share a variant."""
    if period.year is not None:
        step = period.year
    elif period.semester == "全学年":
        step = period.school_year or 0
    else:
        step = 2 * (period.school_year or 0) + (period.semester == "第二学期")
    return zlib.crc32(school.encode("utf-8")) + step


def voiced(text: str, voice: Voice) -> str:
    """A heading wording with its {园区}-style names in the document's voice."""
    words = {"自称": voice.self, "单位": voice.unit, "学生": voice.pupils, "师生": voice.people,
             "中心": voice.centre, "园区": voice.campus}
    for name, word in words.items():
        text = text.replace("{" + name + "}", word)
    return text


def _lone_short(area: Area) -> bool:
    """The area holds one short thing: a work item, a training or a figure, nothing else, and
    the office did not file it there itself (栏目)."""
    if area.key == sections.GENERAL or area.honours or area.shown() - {"培训", "指标"}:
        return False
    if any(w.section for w in area.work):
        return False
    texts = [w.text for w in area.work] + [t.name for t in area.trainings] + [i.indicator.name for i in area.indicators]
    return len(texts) == 1 and len(texts[0]) < SHORT_ITEM


def merge_lone_items(areas: dict[str, Area]) -> None:
    """A section holding only one short item joins 其他工作, when that makes fewer sections
    (其他工作 is already there, or two such sections join it)."""
    lone = [k for k, a in areas.items() if not a.empty and _lone_short(a)]
    general = areas.get(sections.GENERAL)
    if not lone or (len(lone) < 2 and (general is None or general.empty)):
        return
    if general is None:
        general = areas[sections.GENERAL] = Area(sections.GENERAL, sections.GENERAL)
    joined = [areas[key] for key in lone]
    general.work = [w for a in joined for w in a.work] + general.work
    general.trainings = [t for a in joined for t in a.trainings] + general.trainings
    general.indicators = [i for a in joined for i in a.indicators] + general.indicators
    for a in joined:
        a.work, a.trainings, a.indicators = [], [], []


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
        # the plan (report/plan.py carried_tasks) carries every listed hazard left open
        areas[home("隐患")].hazards_planned = bool(hazards.unfixed)
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

    # An honour stands beside the work that earned it (绿色学校 with the greening); one that no
    # section of this summary explains is told at the end.
    unplaced = []
    for honour in facts.honours:
        key = sections.classify(honour)
        if key != sections.GENERAL and key in areas and not areas[key].empty:
            areas[key].honours.append(honour)
        else:
            unplaced.append(honour)
    merge_lone_items(areas)

    variant = variant_of(facts.school, period)
    by_key = {s.key: s for s in standard}
    ordered = [areas[k] for k in ordered_keys(areas) if not areas[k].empty]
    for a in ordered:
        timed = in_time_order(a.work, period)
        a.work = [w for w in timed if w.key] + [w for w in timed if not w.key]
        a.paragraphs = in_paragraphs(a.work)
        section = by_key.get(a.key)
        a.heading = voiced(section.heading("学校", a.conditions(), variant), voice) if section else a.title

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
        honours=unplaced,
        placed_honours=len(unplaced) < len(facts.honours),
    )


__all__ = ["Report", "Area", "OverviewTerm", "TrainingGroup", "ProjectLine", "build_report", "section_of", "filed", "ordered_keys",
           "when", "in_time_order", "in_paragraphs", "variant_of", "voiced", "by_kind", "merge_lone_items"]
