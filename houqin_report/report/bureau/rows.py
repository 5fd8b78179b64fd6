"""One school's facts folded into one SchoolRow: its figures and the few texts the bureau report
quotes, so that the Facts object can be dropped (a streaming fold: memory grows with the number
of schools, not with the size of their ledgers). The figures come from the same functions the
school's own summary uses (report/figures.py); no arithmetic here."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from houqin_report.errors import Problem
from houqin_report.facts.model import Facts
from houqin_report.facts.values import FuzzyDate
from houqin_report.report.figures import SAFETY_TRAINING, hazard_figures, project_figures, purchase_figures, training_figures
from houqin_report.report.period import Period, period_of
from houqin_report.report.summary import section_of
from houqin_report.text import sections


@dataclass(frozen=True, slots=True)
class IndicatorFigure:
    name: str
    unit: str | None
    current: Decimal
    previous: Decimal | None


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
    students: int | None
    staff: int | None
    classes: int | None
    projects: int
    projects_by_status: dict[str, int]
    project_amount: Decimal
    project_amount_by_status: dict[str, Decimal]
    rounds: int | None
    hazards_found: int
    hazards_fixed: int
    hazards_in_progress: int
    hazard_rate: Decimal | None
    hazards_by_category: dict[str, int]
    hazard_cost: Decimal
    purchases: int
    purchase_total: Decimal
    purchase_by_channel: dict[str, Decimal]
    government: Decimal
    government_share: Decimal | None
    trainings: int
    training_people: int
    training_hours: Decimal
    trainings_by_type: dict[str, int]
    safety_trainings: int  # 演练 and 安全教育
    safety_people: int
    indicators: tuple[IndicatorFigure, ...]
    honours: tuple[tuple[str, str], ...]  # (area key, honour)
    practices: tuple[tuple[str, str], ...]  # (area key, 工作 text)
    problems: tuple[str, ...]
    next_steps: tuple[str, ...]

    @property
    def hazards_open(self) -> int:
        return self.hazards_found - self.hazards_fixed

    @property
    def flagged(self) -> bool:
        """Hazards were found and none of them was fixed: the bureau should follow up."""
        return self.hazards_found > 0 and self.hazards_fixed == 0


@lru_cache(maxsize=4096)  # schools copy sentences from one another and from sample texts
def _area_key(text: str, given: str | None) -> str:
    """The standard area of a text; a school's own 栏目 name is 其他工作 in a bureau report."""
    key = section_of(text, given)
    return key if key in sections.standard_keys() else sections.GENERAL


def fold(facts: Facts, file: str, digest: str = "") -> SchoolRow:
    """One school's Facts → its SchoolRow (figures from context's functions, no arithmetic here)."""
    projects = project_figures(facts.projects)
    hazards = hazard_figures(facts)
    purchases = purchase_figures(facts.all_purchases)
    trainings = training_figures(facts.trainings)
    safety = training_figures([t for t in facts.trainings if t.kind in SAFETY_TRAINING])
    overview = facts.overview
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
        projects=projects.count,
        projects_by_status=dict(projects.by_status),
        project_amount=projects.total,
        project_amount_by_status=dict(projects.amount_by_status),
        rounds=hazards.rounds,
        hazards_found=hazards.found,
        hazards_fixed=hazards.fixed,
        hazards_in_progress=hazards.in_progress,
        hazard_rate=hazards.rate,
        hazards_by_category=dict(hazards.by_category) if hazards.listed else {},
        hazard_cost=hazards.cost,
        purchases=purchases.count,
        purchase_total=purchases.total,
        purchase_by_channel=dict(purchases.by_channel),
        government=purchases.by_channel.get("政府采购", Decimal(0)),
        government_share=purchases.government_share,
        trainings=trainings.count,
        training_people=trainings.people,
        training_hours=trainings.hours,
        trainings_by_type=dict(trainings.by_type),
        safety_trainings=safety.count,
        safety_people=safety.people,
        indicators=tuple(IndicatorFigure(i.name, i.unit, i.current, i.previous) for i in facts.indicators),
        honours=tuple((_area_key(h, None), h) for h in facts.honours),
        practices=tuple((_area_key(w.text, w.section), w.text) for w in facts.work),
        problems=tuple(p.text for p in facts.problems),
        next_steps=tuple(facts.next_steps),
    )


@dataclass(frozen=True)
class Skipped:
    """A file left out of the compilation, with its problems."""

    file: str
    problems: tuple[Problem, ...]

    @property
    def reason(self) -> str:
        """Briefly: how many problems, and the first one."""
        first = self.problems[0] if self.problems else None
        if first is None:
            return "文件有误"
        where = f"第{first.line}行" if first.line else ""
        what = f"{first.path}：" if first.path else ""
        head = f"{len(self.problems)}个问题，如" if len(self.problems) > 1 else ""
        return f"{head}{where}{'，' if where and head else ''}{what}{first.message}"


@dataclass
class Collection:
    """The rows of the valid files and the files left out, in the order read."""

    rows: list[SchoolRow] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
