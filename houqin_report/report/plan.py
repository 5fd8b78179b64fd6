"""compute, for the next-term plan: what carries over from this term, goals, the schedule.

Every task keeps the fact it came from (`source`, a key path in the facts file), so the plan
can be traced back and nothing entered is lost. No I/O here: the routine calendar is passed in.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from houqin_report.facts.model import Facts, Hazard, Project
from houqin_report.facts.routine import TERM_MONTHS as SEMESTER_MONTHS, RoutineItem
from houqin_report.report.period import Period
from houqin_report.report.summary import Report, build_report, ordered_keys, section_of
from houqin_report.text import sections

ALL_YEAR = {"全学年": (8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7), None: tuple(range(1, 13))}

# Indicators where less is better: a plan may hold next term to this term's figure.
CONSUMPTION_WORDS = ("用电", "用水", "用气", "能耗", "油耗", "电费", "水费")


@dataclass(frozen=True)
class Task:
    """One thing to do next term and where it came from."""

    kind: str  # hazard / project / problem / next / planned
    text: str
    source: str  # key path in the facts file: 隐患排查.隐患[3]
    section: str
    owner: str | None = None
    month: int | None = None
    hazard: Hazard | None = None
    project: Project | None = None
    measure: str | None = None  # the office's own measure for a problem (存在问题.措施)


@dataclass
class PlanArea:
    key: str
    title: str
    tasks: list[Task] = field(default_factory=list)


@dataclass(frozen=True)
class MonthRow:
    month: int
    items: list[tuple[str, str]]  # (工作内容, 责任) in order: routine first, then planned tasks


@dataclass(frozen=True)
class PlanContext:
    report: Report  # this term's figures (rates used as floors for goals)
    period: Period  # the term being planned
    goals: list[str]  # 计划.目标 as written
    hazard_floor: bool  # whether a 整改率 goal can be worded from this term
    consumption: list  # IndicatorLine where holding to this term's figure makes sense
    areas: list[PlanArea]
    schedule: list[MonthRow]


def months_of(period: Period) -> tuple[int, ...]:
    if period.year is not None:
        return ALL_YEAR[None]
    return SEMESTER_MONTHS.get(period.semester) or ALL_YEAR["全学年"]


def carried_tasks(facts: Facts) -> list[Task]:
    """Unfixed hazards, unfinished projects, problems, next steps and planned work, in that order."""
    tasks: list[Task] = []
    if facts.inspection:
        for i, h in enumerate(facts.inspection.hazards):
            if h.status != "已整改":
                tasks.append(Task("hazard", f"{h.place}{h.description}", f"隐患排查.隐患[{i + 1}]", sections.home("隐患"), h.owner, hazard=h))
    for i, p in enumerate(facts.projects):
        if p.status != "完工":
            tasks.append(Task("project", p.name, f"项目建设[{i + 1}]", sections.home("项目"), project=p))
    for i, item in enumerate(facts.problems):
        tasks.append(Task("problem", item.text, f"存在问题[{i + 1}]", section_of(item.text, None), measure=item.measure))
    for i, text in enumerate(facts.next_steps):
        tasks.append(Task("next", text, f"下一步[{i + 1}]", section_of(text, None)))
    if facts.plan:
        for i, item in enumerate(facts.plan.tasks):
            tasks.append(Task("planned", item.text, f"计划.重点工作[{i + 1}]", section_of(item.text, item.section), item.owner, item.month))
    return tasks


def schedule(months: tuple[int, ...], routine: dict[int, list[RoutineItem]], tasks: list[Task], department: str) -> list[MonthRow]:
    rows = []
    for month in months:
        items = [(r.text, r.owner or department) for r in routine.get(month, [])]
        items += [(t.text, t.owner or department) for t in tasks if t.month == month]
        rows.append(MonthRow(month, items))
    return rows


def build_plan(facts: Facts, routine: dict[str, dict[int, list[RoutineItem]]]) -> PlanContext:
    """routine: 第一学期 / 第二学期 → month → items (data/routine.yaml or the school's own)."""
    report = build_report(facts)
    period = report.period.following()
    tasks = carried_tasks(facts)

    areas: dict[str, PlanArea] = {s.key: PlanArea(s.key, s.title) for s in sections.load_sections()}
    for task in tasks:
        areas.setdefault(task.section, PlanArea(task.section, task.section)).tasks.append(task)
    keys = ordered_keys(areas)

    months = months_of(period)
    by_month: dict[int, list[RoutineItem]] = {}
    for semester in ("第一学期", "第二学期"):
        for month, items in routine.get(semester, {}).items():
            if month in SEMESTER_MONTHS[semester]:
                by_month.setdefault(month, []).extend(items)

    consumption = [line for line in report.indicators
                   if not line.points and any(word in line.indicator.name for word in CONSUMPTION_WORDS)]
    return PlanContext(
        report=report,
        period=period,
        goals=list(facts.plan.goals) if facts.plan else [],
        hazard_floor=report.hazards.rate is not None,
        consumption=consumption,
        areas=[areas[k] for k in keys if areas[k].tasks],
        schedule=schedule(months, by_month, tasks, facts.department),
    )
