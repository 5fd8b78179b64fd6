"""One school's facts folded into one SchoolRow: its figures and every text the bureau report may
quote, so that the Facts object can be dropped (a streaming fold: memory grows with the number
of schools, not with the size of their ledgers). The figures come from the same functions the
school's own summary uses (report/figures.py); no arithmetic here.

A bureau's own facts file folds the same way into a BureauOwn. The filing of texts (each 工作 under
its 栏目, each problem and next step under its 方面, each project under its 栏目) happens here,
in the worker that read the file, so the parent never needs the word segmenter.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Union

from houqin_report.errors import Problem
from houqin_report.facts.approx import Approx
from houqin_report.facts.bureau import BureauFacts
from houqin_report.facts.model import Facts, WorkItem
from houqin_report.facts.values import FuzzyDate
from houqin_report.report.figures import (
    SAFETY_TRAINING,
    donation_figures,
    hazard_figures,
    project_figures,
    purchase_figures,
    training_figures,
)
from houqin_report.report.period import Period, period_of
from houqin_report.report.summary import filed, section_of
from houqin_report.text import sections
from houqin_report.text.themes import theme_of

Figure = Union[int, Decimal, Approx]  # a count or an amount, exact or as written

REPORTED = ("项目", "隐患", "采购", "培训")
"""The kinds a school reports by writing their key (项目建设, 隐患排查, 采购, 培训): a key left out
is 未填 in the bureau's report, never 0; a key written empty (采购: []) is a reported nothing."""
_KEYS = {"项目": "projects", "隐患": "inspection", "采购": "purchases", "培训": "trainings"}


@dataclass(frozen=True, slots=True)
class IndicatorFigure:
    name: str
    unit: str | None
    current: Decimal
    previous: Decimal | None
    area: str = sections.GENERAL  # the 栏目 its name files under (summary.filed)


@dataclass(frozen=True, slots=True)
class Practice:
    """A 工作 item: its 栏目 and its words; backed says why it is quoted first (荣誉: the unit
    won an honour in this 栏目; 项目: it has a project there; 重点: marked 重点 or given a figure)."""

    area: str
    text: str
    backed: str | None = None


@dataclass(frozen=True, slots=True)
class Concern:
    """A 存在问题 item, its 措施 when given, and the 方面 it files under."""

    text: str
    measure: str | None
    theme: str


@dataclass(frozen=True, slots=True)
class Intent:
    """A 下一步 item and the 方面 it files under."""

    text: str
    theme: str


@dataclass(frozen=True, slots=True)
class HazardNote:
    """A hazard not yet fixed, as the school described it."""

    place: str
    category: str | None
    status: str
    description: str
    measure: str | None
    found: FuzzyDate | None


@dataclass(frozen=True, slots=True)
class ProjectNote:
    name: str
    status: str
    amount: Figure | None  # 金额 or 总投资
    area: str  # the 栏目 its name files under


@dataclass(frozen=True, slots=True)
class OwnWork:
    """A bureau's own 工作 item (printed in its own voice, with its month or date)."""

    area: str
    text: str
    month: int | None = None
    date: FuzzyDate | None = None
    quantity: Figure | None = None
    unit: str | None = None
    amount: Figure | None = None


@dataclass(frozen=True, slots=True)
class DistrictFigure:
    """A figure of the bureau's own (两免一补资金 326万元)."""

    name: str
    amount: Figure | None
    quantity: Figure | None
    value: Decimal | None
    unit: str | None
    note: str | None


@dataclass(slots=True)
class SchoolRow:
    """One school's figures and the texts the bureau report may quote; no Facts object."""

    file: str
    digest: str  # SHA-256 of the file's bytes: which version of the file was compiled
    school: str
    bureau: str | None
    school_type: str | None
    period: Period
    signed: FuzzyDate | None
    students: Figure | None
    staff: Figure | None
    classes: Figure | None
    unreported: tuple[str, ...]  # of REPORTED: the kinds whose key the file does not have
    projects: int
    projects_by_status: dict[str, int]
    project_amount: Figure
    projects_unpriced: int
    project_amount_by_status: dict[str, Figure]
    rounds: Figure | str | None  # a count, or how often (每周一次)
    hazards_found: Figure
    hazards_fixed: Figure
    hazards_in_progress: int
    hazard_rate: Decimal | None
    hazards_by_category: dict[str, int]
    hazard_cost: Figure | None  # None when no hazard gives its 费用 (未填, not 0)
    purchases: int
    purchase_total: Figure
    purchases_unpriced: int
    purchase_by_channel: dict[str, Figure]
    government: Figure
    government_share: Decimal | None
    donations: int
    donation_total: Figure
    trainings: int
    training_people: Figure
    training_hours: Decimal
    trainings_by_type: dict[str, int]
    safety_trainings: int  # 演练 and 安全教育
    safety_people: Figure
    other_people: Figure  # the rest: 培训, 会议, 其他
    indicators: tuple[IndicatorFigure, ...]
    honours: tuple[tuple[str, str], ...]  # (area key, honour)
    practices: tuple[Practice, ...]
    problems: tuple[Concern, ...]
    next_steps: tuple[Intent, ...]
    unfixed: tuple[HazardNote, ...]
    project_list: tuple[ProjectNote, ...]
    path: tuple[str, ...] = ()  # the bureaus between the compiling one and the school (from roll-ups)

    @property
    def hazards_open(self) -> int | None:
        """Hazards not yet fixed; None when the counts are approximate."""
        if isinstance(self.hazards_found, Approx) or isinstance(self.hazards_fixed, Approx):
            return None
        return self.hazards_found - self.hazards_fixed

    @property
    def flagged(self) -> bool:
        """Hazards were found and none of them was fixed: the bureau should follow up."""
        return bool(self.hazards_found) and not isinstance(self.hazards_fixed, Approx) and self.hazards_fixed == 0

    def reported(self, kind: str) -> bool:
        return kind not in self.unreported


@dataclass(slots=True)
class BureauOwn:
    """A bureau's own facts, folded: printed in its own voice (its name never beside them)."""

    file: str
    digest: str
    unit: str
    superior: str | None
    period: Period
    signed: FuzzyDate | None
    opening: str | None
    closing: str | None
    figures: tuple[DistrictFigure, ...]
    work: tuple[OwnWork, ...]
    honours: tuple[tuple[str, str], ...]  # (area key, honour)
    problems: tuple[Concern, ...]
    next_steps: tuple[Intent, ...]
    path: tuple[str, ...] = ()  # as SchoolRow.path: set for a lower bureau read from a roll-up


@lru_cache(maxsize=4096)  # schools copy sentences from one another and from sample texts
def _area_key(text: str, given: str | None) -> str:
    """The standard area of a text; a school's own 栏目 name is 其他工作 in a bureau report."""
    key = section_of(text, given)
    return key if key in sections.standard_keys() else sections.GENERAL


@lru_cache(maxsize=1024)
def _indicator_area(name: str) -> str:
    return filed(name, "指标")


def _practice(item: WorkItem, honoured: set[str], built: set[str]) -> Practice:
    area = _area_key(item.text, item.section)
    if area in honoured:
        backed = "荣誉"
    elif area in built:
        backed = "项目"
    elif item.key or item.amount is not None or item.quantity is not None:
        backed = "重点"
    else:
        backed = None
    return Practice(area, item.text, backed)


def fold(facts: Facts, file: str, digest: str = "") -> SchoolRow:
    """One school's Facts → its SchoolRow (figures from context's functions, no arithmetic here)."""
    projects = project_figures(facts.projects)
    hazards = hazard_figures(facts)
    purchases = purchase_figures(facts.all_purchases)
    donations = donation_figures(facts.donated)
    trainings = training_figures(facts.trainings)
    safety = training_figures([t for t in facts.trainings if t.kind in SAFETY_TRAINING])
    overview = facts.overview
    given = facts.model_fields_set
    honours = tuple((_area_key(h, None), h) for h in facts.honours)
    project_list = tuple(ProjectNote(p.name, p.status, p.investment, _area_key(p.name, None)) for p in facts.projects)
    honoured = {area for area, _ in honours}
    built = {p.area for p in project_list}
    return SchoolRow(
        file=file,
        digest=digest,
        school=facts.school,
        bureau=facts.bureau,
        school_type=facts.school_type,
        period=period_of(facts),
        signed=facts.signed,
        students=overview.students if overview else None,
        staff=overview.staff if overview else None,
        classes=overview.classes if overview else None,
        unreported=tuple(kind for kind in REPORTED if _KEYS[kind] not in given),
        projects=projects.count,
        projects_by_status=dict(projects.by_status),
        project_amount=projects.total,
        projects_unpriced=projects.unpriced,
        project_amount_by_status=dict(projects.amount_by_status),
        rounds=hazards.rounds,
        hazards_found=hazards.found,
        hazards_fixed=hazards.fixed,
        hazards_in_progress=hazards.in_progress,
        hazard_rate=hazards.rate,
        hazards_by_category=dict(hazards.by_category) if hazards.listed else {},
        hazard_cost=hazards.cost if any(h.cost is not None for h in hazards.hazards) else None,
        purchases=purchases.count,
        purchase_total=purchases.total,
        purchases_unpriced=purchases.unpriced,
        purchase_by_channel=dict(purchases.by_channel),
        government=purchases.by_channel.get("政府采购", Decimal(0)),
        government_share=purchases.government_share,
        donations=donations.count,
        donation_total=donations.total,
        trainings=trainings.count,
        training_people=trainings.people,
        training_hours=trainings.hours,
        trainings_by_type=dict(trainings.by_type),
        safety_trainings=safety.count,
        safety_people=safety.people,
        other_people=training_figures([t for t in facts.trainings if t.kind not in SAFETY_TRAINING]).people,
        indicators=tuple(IndicatorFigure(i.name, i.unit, i.current, i.previous, _indicator_area(i.name)) for i in facts.indicators),
        honours=honours,
        practices=tuple(_practice(w, honoured, built) for w in facts.work),
        problems=tuple(Concern(p.text, p.measure, theme_of(p.text)) for p in facts.problems),
        next_steps=tuple(Intent(t, theme_of(t)) for t in facts.next_steps),
        unfixed=tuple(HazardNote(h.place, h.category, h.status, h.description, h.measure, h.found) for h in hazards.unfixed),
        project_list=project_list,
    )


def fold_bureau(own: BureauFacts, file: str, digest: str = "") -> BureauOwn:
    """A bureau's own facts → its BureauOwn."""
    return BureauOwn(
        file=file,
        digest=digest,
        unit=own.unit,
        superior=own.superior,
        period=Period(own.school_year, own.semester, own.year),
        signed=own.signed,
        opening=own.opening,
        closing=own.closing,
        figures=tuple(DistrictFigure(f.name, f.amount, f.quantity, f.value, f.unit, f.note) for f in own.figures),
        work=tuple(OwnWork(_area_key(w.text, w.section), w.text, w.month, w.date, w.quantity, w.unit, w.amount) for w in own.work),
        honours=tuple((_area_key(h, None), h) for h in own.honours),
        problems=tuple(Concern(p.text, p.measure, theme_of(p.text)) for p in own.problems),
        next_steps=tuple(Intent(t, theme_of(t)) for t in own.next_steps),
    )


@dataclass(frozen=True)
class Skipped:
    """A file left out of the compilation, with its problems."""

    file: str
    problems: tuple[Problem, ...]
    path: tuple[str, ...] = ()  # the bureau whose roll-up left it out, when it came from one
    why: str | None = None  # the reason as a lower bureau's roll-up gave it

    @property
    def reason(self) -> str:
        """Briefly: how many problems, and the first one."""
        if self.why is not None:
            return self.why
        first = self.problems[0] if self.problems else None
        if first is None:
            return "文件有误"
        where = f"第{first.line}行" if first.line else ""
        what = f"{first.path}：" if first.path else ""
        head = f"{len(self.problems)}个问题，如" if len(self.problems) > 1 else ""
        return f"{head}{where}{'，' if where and head else ''}{what}{first.message}"


@dataclass
class Collection:
    """The rows of the valid files and the files left out, in the order read; the compiling
    bureau's own facts (own) and the lower bureaus' own facts that came in roll-ups (bureaus)."""

    rows: list[SchoolRow] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    own: BureauOwn | None = None
    bureaus: list[BureauOwn] = field(default_factory=list)
    superiors: dict[str, str | None] = field(default_factory=dict)  # roll-up unit → its 上级单位
    # the roll-up file each row read from one came in (by the row's id), for messages that
    # name where a duplicate school came from: two roll-ups may be of one bureau
    rollup_files: dict[int, str] = field(default_factory=dict)
