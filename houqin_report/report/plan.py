"""compute, for the next-term plan: what carries over from this term, goals, the schedule.

Every task keeps the fact it came from (`source`, a key path in the facts file), so the plan
can be traced back and nothing entered is lost. A measure says something or is not written:
a problem (存在问题) becomes a measure only with the office's own 措施, or where a 下一步,
重点工作, hazard or project already answers it (uncovered_problems lists the rest, for
`check`). The lines about one project merge into one item, its next-term step worked out from
its dates, its status and the next term's start. No I/O here: the routine calendar is passed in.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from pydantic import BaseModel

from houqin_report.facts.model import Facts, Hazard, Project
from houqin_report.facts.routine import TERM_MONTHS as SEMESTER_MONTHS, RoutineItem
from houqin_report.facts.values import FuzzyDate
from houqin_report.report.figures import IndicatorLine, is_consumption, is_design
from houqin_report.report.period import Period
from houqin_report.report.summary import Report, build_report, ordered_keys, section_of, variant_of, voiced
from houqin_report.report.figures import content_holds
from houqin_report.text import sections
from houqin_report.text.words import content_words

ALL_YEAR = {"全学年": (8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7), None: tuple(range(1, 13))}

# Words too common in plans to tell two texts' subjects apart (every line 完成 or 推进 a 项目).
GENERIC = frozenset("""改造 建设 工程 项目 系统 工作 完成 推进 实施 开展 做好 加快 设计 方案 验收 提升 管理 安全
    学校 校园 确保 继续 需要 进一步 相关 部门 使用 前期 问题 单位 情况 部分 加强 落实 组织 按期 及时 积极
    争取 提高 规范 全面 各项 本学期 下学期 学期 今后 力争 抓紧 我校 我园 检查 安排""".split())

_BUILDING_NUMBER = re.compile(r"(\d+|[一二三四五六七八九十]+)号")


@lru_cache(maxsize=4096)  # each problem is compared with every answer: the same texts again
def subject_words(text: str) -> frozenset[str]:
    """The words that say what a text is about: content words (search mode) of two or more
    characters that are not GENERIC."""
    return frozenset(w for w in content_words(text, search=True) if len(w) >= 2 and w not in GENERIC)


def same_subject(a: str, b: str) -> bool:
    """Two texts speak of the same thing: they share two subject words (教学楼 yields 教学 and
    教学楼; 后勤人员 yields 后勤, 人员 and 后勤人员), and no building number tells them apart
    (1号教学楼 is not 2号教学楼)."""
    numbers_a, numbers_b = set(_BUILDING_NUMBER.findall(a)), set(_BUILDING_NUMBER.findall(b))
    if numbers_a and numbers_b and not numbers_a & numbers_b:
        return False
    return len(subject_words(a) & subject_words(b)) >= 2


def names_project(text: str, project: Project) -> bool:
    """A plan line is about a project: it shares two of the name's subject words, and a
    building number in the name is in the line too."""
    numbers = set(_BUILDING_NUMBER.findall(project.name))
    if numbers and not numbers & set(_BUILDING_NUMBER.findall(text)):
        return False
    return len(subject_words(project.name) & subject_words(text)) >= 2


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
    lines: tuple["Task", ...] = ()  # a project's: the office's own 下一步 and 重点工作 about it
    step: str | None = None  # a project's next-term step when the office wrote none (project_step)
    design: bool = False  # a project that is a design or plan, not building


@dataclass
class PlanArea:
    key: str
    title: str
    tasks: list[Task] = field(default_factory=list)


@dataclass(frozen=True)
class MonthRow:
    month: int
    items: list[tuple[str, str | None]]  # (工作内容, a person named for it or None): routine first, then the office's
    departments: list[str]  # the 责任部门 column: the facts' 部门 and any department named


@dataclass(frozen=True)
class Goal:
    kind: str  # safety / hazards / hazards_kept / projects / indicator / ledgers
    line: IndicatorLine | None = None
    better: str | None = None  # for an indicator: "less" (用电量) or "more" (满意度)


@dataclass(frozen=True)
class PlanContext:
    report: Report  # this term's figures (rates used as floors for goals)
    period: Period  # the term being planned
    goals: list[str]  # 计划.目标 as written
    generated_goals: list[Goal]  # when the office gave none: worded from the facts
    leftover: list[Hazard]  # hazards left open this term, named in the 整改率 goal
    deadline: tuple[int, int]  # (year, month) by which they are to be fixed: the end of the term planned
    areas: list[PlanArea]
    schedule: list[MonthRow]
    signed: FuzzyDate | None  # 计划.落款日期, else the facts' 落款日期
    variant: int


def months_of(period: Period) -> tuple[int, ...]:
    if period.year is not None:
        return ALL_YEAR[None]
    return SEMESTER_MONTHS.get(period.semester) or ALL_YEAR["全学年"]


def _ym(d: FuzzyDate) -> tuple[int, int]:
    return (d.year, d.month)


def project_step(p: Project, term: Period) -> str:
    """What a project unfinished now is to do in the term planned, from its status, its dates
    and the term's first and last months:
    design (a design or plan to finish and review), plan (规划: 论证、立项), apply (申报: 审批),
    accept (its works end before the term begins: 竣工验收、交付使用), finish (it ends within the
    term), build (under way through the term), start (it starts within the term), prepare (the
    stage before building, no start in the term)."""
    first, last = term.first_month, term.last_month
    if is_design(p) and p.status in ("在建", "勘察设计", "已批复", "招标"):
        return "design"
    if p.status == "规划":
        return "plan"
    if p.status == "申报":
        return "apply"
    started = p.status == "在建" or (p.start is not None and _ym(p.start) < first)
    if started:
        if p.end is not None and _ym(p.end) < first:
            return "accept"
        if p.end is not None and _ym(p.end) <= last:
            return "finish"
        return "build"
    if p.start is not None and _ym(p.start) <= last:
        return "start"
    return "prepare"


def carried_tasks(facts: Facts, term: Period | None = None) -> list[Task]:
    """Unfixed hazards, unfinished projects (each with the office's lines about it), problems
    with a measure of their own, next steps and planned work, in that order. term: the period
    planned (default: the one after the facts')."""
    from houqin_report.report.period import period_of

    term = term or period_of(facts).following()
    tasks: list[Task] = []
    if facts.inspection:
        for i, h in enumerate(facts.inspection.hazards):
            if h.status != "已整改":
                tasks.append(Task("hazard", f"{h.place}{h.description}", f"隐患排查.隐患[{i + 1}]", sections.home("隐患"), h.owner, hazard=h))
    own: list[Task] = []
    for i, text in enumerate(facts.next_steps):
        own.append(Task("next", text, f"下一步[{i + 1}]", section_of(text, None)))
    if facts.plan:
        for i, item in enumerate(facts.plan.tasks):
            own.append(Task("planned", item.text, f"计划.重点工作[{i + 1}]", section_of(item.text, item.section), item.owner, item.month))
    open_projects = [(i, p) for i, p in enumerate(facts.projects) if p.status != "完工"]
    claimed: set[int] = set()
    for i, p in open_projects:
        # a line naming two projects goes with the first it names, once (not under both)
        lines = tuple(t for t in own if id(t) not in claimed and names_project(t.text, p))
        claimed.update(id(t) for t in lines)
        tasks.append(Task("project", p.name, f"项目建设[{i + 1}]", sections.home("项目"), project=p, lines=lines,
                          step=None if lines else project_step(p, term), design=is_design(p)))
    for i, item in enumerate(facts.problems):
        if item.measure:
            tasks.append(Task("problem", item.text, f"存在问题[{i + 1}]", section_of(item.text, None), measure=item.measure))
    tasks += [t for t in own if id(t) not in claimed]
    return tasks


def uncovered_problems(facts: Facts) -> list[int]:
    """The problems (存在问题, by index) that the plan carries no measure for: no 措施 of their
    own, and no 下一步, 重点工作, hazard left open or unfinished project about the same thing."""
    answers = list(facts.next_steps) + [t.text for t in (facts.plan.tasks if facts.plan else [])]
    answers += [f"{h.place}{h.description}{h.measure or ''}" for h in facts.hazards if h.status != "已整改"]
    answers += [p.name + (p.note or "") for p in facts.projects if p.status != "完工"]
    return [i for i, item in enumerate(facts.problems)
            if not item.measure and not any(same_subject(item.text, a) for a in answers)]


# A 责任 that names a department (or a group) rather than a person: 总务处, 食堂, 安全工作领导小组.
_DEPARTMENT = re.compile(r"(处|室|部|组|办|队|中心|科|会|委|局|校|园|站|所|馆|股|食堂|公司|单位)$")


def is_department(owner: str) -> bool:
    return bool(_DEPARTMENT.search(owner.strip()))


def repeats(routine: str, text: str, same_month: bool) -> bool:
    """The office's own line already says the routine item. In the same month: two of the
    routine's subject words and at least half of them (消防设施检查，组织消防疏散演练 beside 开展
    秋季消防疏散演练和校门安保培训); in another month the office has moved it: three words and
    two thirds of them (冬季用电、取暖设施安全检查 and 开展冬季用电、取暖设施检查)."""
    words = subject_words(routine)
    shared = len(words & subject_words(text))
    if same_month:
        return shared >= 2 and 2 * shared >= len(words)
    return shared >= 3 and 3 * shared >= 2 * len(words)


def schedule(months: tuple[int, ...], routine: dict[int, list[RoutineItem]], tasks: list[Task], department: str) -> list[MonthRow]:
    """The month table: routine work not already planned by the office, then the office's own
    dated work; a person named for an item beside it, the departments in their column; no
    empty month, no item twice."""
    dated = [t for t in tasks if t.month is not None] + [line for t in tasks for line in t.lines if line.month is not None]
    rows = []
    for month in months:
        items: list[tuple[str, str | None]] = []
        departments: list[str] = []

        def add(text: str, owner: str | None) -> None:
            if any(text == seen for seen, _ in items):
                return
            person = owner if owner and not is_department(owner) else None
            items.append((text, person))
            dept = owner if owner and is_department(owner) else department
            if dept not in departments:
                departments.append(dept)

        for r in routine.get(month, []):
            if not any(repeats(r.text, t.text, t.month == month) for t in dated):
                add(r.text, r.owner)
        for t in dated:
            if t.month == month:
                add(t.text, t.owner)
        if items:
            rows.append(MonthRow(month, items, departments))
    return rows


def _plan_heading(area: PlanArea, report: Report) -> str:
    """The plan's heading for an area: its 计划 wording (by what the area and this term's
    summary hold: no 食堂 for a school that reports none), else its title."""
    section = next((s for s in sections.load_sections() if s.key == area.key), None)
    if section is None or "计划" not in section.headings:
        return area.title
    texts = [t.text for t in area.tasks] + [line.text for t in area.tasks for line in t.lines]
    shown: set[str] = set()
    for a in report.areas:
        if a.key == area.key:
            texts += a.texts()
            shown = a.shown()
    return voiced(section.heading("计划", content_holds(texts, shown), 0), report.voice)


def _goals(report: Report) -> list[Goal]:
    goals = [Goal("safety")]
    h = report.hazards
    if h.found and h.rate is not None:
        goals.append(Goal("hazards_kept" if h.rate == 100 else "hazards"))
    elif h.found and h.open is None:  # approximate counts: the goal without a figure
        goals.append(Goal("hazards"))
    if report.projects.open:
        goals.append(Goal("projects"))
    for line in report.indicators:
        if is_consumption(line):
            goals.append(Goal("indicator", line, "less"))
        elif line.points or "满意" in line.indicator.name or line.indicator.name.endswith("率"):
            goals.append(Goal("indicator", line, "more"))
    if report.purchases.count or report.facts.assets is not None:
        goals.append(Goal("ledgers"))
    return goals


def _school_holds(facts: Facts, report: Report) -> dict[str, bool]:
    """The section table's content conditions over everything the school wrote (every text of
    its facts: 工作, hazards' places, project names, its own opening …) and every kind of figure
    it shows: which routine items the facts back (有食堂: a canteen written of anywhere)."""
    shown = {kind for a in report.areas for kind in a.shown()}
    return content_holds(_texts_of(facts), shown)


def _texts_of(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, BaseModel):
        value = [getattr(value, name) for name in type(value).model_fields]
    elif isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in _texts_of(item)]
    return []


def build_plan(facts: Facts, routine: dict[str, dict[int, list[RoutineItem]]]) -> PlanContext:
    """routine: 第一学期 / 第二学期 → month → items (data/routine.yaml or the school's own)."""
    report = build_report(facts)
    period = report.period.following()
    tasks = carried_tasks(facts, period)

    areas: dict[str, PlanArea] = {s.key: PlanArea(s.key, s.title) for s in sections.load_sections()}
    for task in tasks:
        areas.setdefault(task.section, PlanArea(task.section, task.section)).tasks.append(task)
    keys = ordered_keys(areas)
    shown = [areas[k] for k in keys if areas[k].tasks]
    for a in shown:
        a.title = _plan_heading(a, report)

    months = months_of(period)
    holds = _school_holds(facts, report)
    by_month: dict[int, list[RoutineItem]] = {}
    for semester in ("第一学期", "第二学期"):
        for month, items in routine.get(semester, {}).items():
            if month in SEMESTER_MONTHS[semester]:
                by_month.setdefault(month, []).extend(i for i in items if all(holds[c] for c in i.conditions))

    return PlanContext(
        report=report,
        period=period,
        goals=list(facts.plan.goals) if facts.plan else [],
        generated_goals=_goals(report),
        leftover=[x for x in report.hazards.unfixed],
        deadline=period.last_month,
        areas=shown,
        schedule=schedule(months, by_month, tasks, facts.department),
        signed=(facts.plan.signed if facts.plan and facts.plan.signed else None) or facts.signed,
        variant=variant_of(facts.school, period),
    )


__all__ = ["Task", "PlanArea", "MonthRow", "Goal", "PlanContext", "build_plan", "carried_tasks", "uncovered_problems",
           "project_step", "same_subject", "names_project", "subject_words", "is_department", "repeats", "schedule", "months_of"]
