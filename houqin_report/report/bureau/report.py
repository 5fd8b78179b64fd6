"""The bureau report's context (BureauReport): every figure of the compiled report, computed
from the schools' rows; templates/bureau.md.j2 only words it."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable

from houqin_report.errors import CompileError
from houqin_report.facts.values import FuzzyDate
from houqin_report.report.bureau.grouping import Group, group_texts, third_person
from houqin_report.report.bureau.rows import Collection, SchoolRow, Skipped
from houqin_report.report.bureau import totals
from houqin_report.report.bureau.totals import (
    BureauIndicator,
    HazardTotals,
    Headcount,
    ProjectTotals,
    PurchaseTotals,
    TrainingTotals,
)
from houqin_report.report.figures import SAFETY_TRAINING, conditions
from houqin_report.report.period import Period
from houqin_report.report.summary import filed
from houqin_report.text import sections
from houqin_report.text.chars import name_key

MAX_GROUPS = 8  # problem / next-step groups printed; the rest are counted
MAX_PRACTICES = 3  # notable practices per area
MAX_HONOURS = 6  # honours named per area
UNTYPED = "未填类型"
_REGION_UNITS = "省市区县州旗盟"
_BUREAU_SUFFIX = re.compile(r"(教育局|教育和体育局|教育体育局|教育和科技局|教育科技局|教体局|教科局|教育委员会|教委|教育厅|文教局)$")


@dataclass
class BureauArea:
    key: str
    title: str
    projects: ProjectTotals | None = None
    hazards: HazardTotals | None = None
    safety: TrainingTotals | None = None  # drills and safety education
    purchases: PurchaseTotals | None = None
    trainings: TrainingTotals | None = None  # other training and meetings
    indicators: list[BureauIndicator] = field(default_factory=list)
    practices: list[Group] = field(default_factory=list)
    practices_total: int = 0  # all 工作 texts of this area, shown or not
    practices_schools: int = 0
    honours: list[Group] = field(default_factory=list)  # each honour and the schools awarded it
    honours_total: int = 0  # honours received (school × honour)
    honours_rest: int = 0  # of them, in honours not shown
    heading: str = ""  # the sub-section heading (sections' 小标题 for 汇总)

    @property
    def empty(self) -> bool:
        return not (self.projects or self.hazards or self.safety or self.purchases or self.trainings
                    or self.indicators or self.practices or self.honours)

    def conditions(self) -> dict[str, bool]:
        return conditions(self.projects, self.hazards, self.energy_down)

    @property
    def energy_down(self) -> bool:
        """Every summed (not %) indicator here fell: the heading may say 能耗切实降低."""
        summed = [i for i in self.indicators if not i.mean]
        return bool(summed) and all(i.down for i in summed)


@dataclass(frozen=True)
class Topics:
    """Grouped texts of one kind (存在问题 or 下一步) and how many are not shown."""

    groups: list[Group]
    total: int  # texts
    schools: int  # schools that wrote any
    rest_texts: int  # texts in groups not shown
    rest_groups: int


WAN = Decimal(10_000)


@dataclass(frozen=True)
class TableRow:
    """One row of the per-school table (附件1); amounts in 万元, one unit per column."""

    number: int | None  # 序号; None for the 合计 row
    school: str
    flagged: bool
    school_type: str
    found: int
    fixed: int
    rate: Decimal | None
    purchase: Decimal  # 万元
    government: Decimal  # 万元
    trainings: int
    people: int
    projects: int
    project_amount: Decimal  # 万元


@dataclass(frozen=True)
class BureauReport:
    bureau: str
    region: str | None  # 区 / 市 / 县 … of the bureau (全区, 我区), None when not known
    period: Period
    title: str
    school_count: int
    by_type: dict[str, int]  # school type → schools, in the usual order
    students: Headcount
    staff: Headcount
    classes: Headcount
    projects: ProjectTotals
    hazards: HazardTotals
    purchases: PurchaseTotals
    trainings: TrainingTotals  # all kinds
    safety: TrainingTotals
    other_trainings: TrainingTotals
    indicators: list[BureauIndicator]
    areas: list[BureauArea]
    honours_total: int
    problems: Topics
    next_steps: Topics
    signed: FuzzyDate | None
    rows: list[SchoolRow]  # sorted by school name
    names: dict[str, str]  # school → name as printed in prose
    table: list[TableRow]  # 附件1, one row per school in rows' order
    table_total: TableRow  # its 合计 row
    skipped: list[Skipped]
    missing: tuple[str, ...] = ()  # schools expected that did not submit (the web app's collection)


def build_bureau_report(collection: Collection, bureau: str | None = None, signed: FuzzyDate | None = None,
                        missing: Iterable[str] = ()) -> BureauReport:
    """The report context: every figure of the bureau report, computed here. missing: the
    schools that were expected and did not submit, named by the report."""
    rows = sorted(collection.rows, key=lambda r: (r.school, r.file))
    if not rows:
        raise CompileError("没有可以汇总的有效事实文件")
    bureau = (bureau or "").strip() or _common_bureau(rows)
    region = _region(bureau)
    names = _short_names([r.school for r in rows], region)
    printed = [names[r.school] for r in rows]
    first = rows[0]
    period = first.period

    type_counts = Counter(r.school_type or UNTYPED for r in rows)
    type_order = ("小学", "初中", "九年一贯制", "完全中学", "高中", "中职", "幼儿园", UNTYPED)
    by_type = {t: type_counts[t] for t in type_order if type_counts[t]}

    projects = totals.project_totals(rows)
    hazards = totals.hazard_totals(rows, printed)
    purchases = totals.purchase_totals(rows)
    all_trainings = totals.training_totals(rows, lambda r: (r.trainings, r.training_people, r.trainings_by_type, r.training_hours))
    safety = totals.training_totals(rows, lambda r: (r.safety_trainings, r.safety_people, {k: v for k, v in r.trainings_by_type.items() if k in SAFETY_TRAINING}, None))
    other = totals.training_totals(rows, lambda r: (r.trainings - r.safety_trainings, r.training_people - r.safety_people, {k: v for k, v in r.trainings_by_type.items() if k not in SAFETY_TRAINING}, None))
    indicators = totals.indicators(rows)

    standard = sections.load_sections()
    areas = {s.key: BureauArea(s.key, s.title) for s in standard}
    if projects.count:
        areas[sections.home("项目")].projects = projects
    if hazards.found or hazards.rounds_schools:
        areas[sections.home("隐患")].hazards = hazards
    if safety.count:
        areas[sections.home("安全培训")].safety = safety
    if purchases.count:
        areas[sections.home("采购")].purchases = purchases
    if other.count:
        areas[sections.home("培训")].trainings = other
    for ind in indicators:
        areas[filed(ind.name, "指标")].indicators.append(ind)
    honours_total = 0
    for key, area in areas.items():
        items = [(third_person(text), i) for i, r in enumerate(rows) for k, text in r.practices if k == key]
        area.practices_total = len(items)
        area.practices_schools = len({i for _, i in items})
        area.practices = group_texts(items, printed)[:MAX_PRACTICES]
        by_honour: dict[str, list[int]] = {}
        for i, r in enumerate(rows):
            for k, honour in r.honours:
                if k == key and i not in by_honour.setdefault(honour, []):
                    by_honour[honour].append(i)
        groups = [Group(h, tuple(printed[i] for i in schools), len(schools)) for h, schools in by_honour.items()]
        groups.sort(key=lambda g: (_honour_rank(g.text), -g.count))  # stable: first seen first
        area.honours = groups[:MAX_HONOURS]
        area.honours_total = sum(g.count for g in groups)
        area.honours_rest = sum(g.count for g in groups[MAX_HONOURS:])
        honours_total += area.honours_total

    for section in standard:
        area = areas[section.key]
        area.heading = section.heading("汇总", area.conditions(), 0)

    signed = signed or _latest(r.signed for r in rows)
    table = [
        TableRow(n, r.school, r.flagged, r.school_type or "", r.hazards_found, r.hazards_fixed, r.hazard_rate,
                 r.purchase_total / WAN, r.government / WAN, r.trainings, r.training_people, r.projects, r.project_amount / WAN)
        for n, r in enumerate(rows, start=1)
    ]
    table_total = TableRow(None, f"{len(rows)}所", bool(hazards.flagged), "", hazards.found, hazards.fixed, hazards.rate,
                           purchases.total / WAN, purchases.government / WAN, all_trainings.count, all_trainings.people,
                           projects.count, projects.total / WAN)
    return BureauReport(
        bureau=bureau,
        region=region,
        period=period,
        title=f"{bureau}{period.title}学校后勤工作总结",
        school_count=len(rows),
        by_type=by_type,
        students=totals.headcount(r.students for r in rows),
        staff=totals.headcount(r.staff for r in rows),
        classes=totals.headcount(r.classes for r in rows),
        projects=projects,
        hazards=hazards,
        purchases=purchases,
        trainings=all_trainings,
        safety=safety,
        other_trainings=other,
        indicators=indicators,
        areas=[a for a in areas.values() if not a.empty],
        honours_total=honours_total,
        problems=_topics(rows, printed, lambda r: r.problems),
        next_steps=_topics(rows, printed, lambda r: r.next_steps),
        signed=signed,
        rows=rows,
        names=names,
        table=table,
        table_total=table_total,
        skipped=list(collection.skipped),
        missing=tuple(missing),
    )


def _common_bureau(rows: list[SchoolRow]) -> str:
    bureaus = Counter(r.bureau for r in rows)
    if None not in bureaus and len({name_key(b) for b in bureaus}) == 1:
        return bureaus.most_common(1)[0][0]  # one bureau, however spaced: as most schools write it
    parts = [f"{b}（{n}所）" for b, n in sorted(((b, n) for b, n in bureaus.items() if b), key=lambda kv: (-kv[1], kv[0]))]
    if bureaus.get(None):
        parts.append(f"未填写（{bureaus[None]}所）")
    raise CompileError(
        "各校的上级单位不一致或未填写，无法确定汇总单位：" + "、".join(parts)
        + "\n请用 --bureau 指定汇总单位的名称，如 --bureau 伍家岗区教育局"
    )


def _region(bureau: str) -> str | None:
    """伍家岗区教育局 → 区 (全区, 我区); None when the name does not say."""
    stem = _BUREAU_SUFFIX.sub("", bureau)
    if stem != bureau and stem and stem[-1] in _REGION_UNITS:
        return stem[-1]
    return None


def _short_names(schools: list[str], region: str | None) -> dict[str, str]:
    """Names for prose: the district's own prefix dropped (伍家岗区中南路小学 → 中南路小学),
    when every school carries it; names that would then collide stay whole."""
    if not region:
        return {s: s for s in schools}
    prefixes = Counter(s[: s.find(region) + 1] for s in schools if 1 < s.find(region) + 1 < len(s) - 1)
    if not prefixes:
        return {s: s for s in schools}
    prefix, n = prefixes.most_common(1)[0]
    if n < len(schools):
        return {s: s for s in schools}
    short = {s: s[len(prefix):] for s in schools}
    counts = Counter(short.values())
    return {s: (short[s] if counts[short[s]] == 1 and len(short[s]) >= 2 else s) for s in schools}


def _honour_rank(honour: str) -> int:
    """National honours first, then provincial, then the rest (for the order named only)."""
    if re.search(r"全国|国家|中国", honour):
        return 0
    if "省" in honour:
        return 1
    return 2


def _latest(dates: Iterable[FuzzyDate | None]) -> FuzzyDate | None:
    given = [d for d in dates if d is not None]
    return max(given, key=lambda d: d.key()) if given else None


def _topics(rows: list[SchoolRow], printed: list[str], texts_of) -> Topics:
    items = [(text, i) for i, r in enumerate(rows) for text in texts_of(r)]
    groups = group_texts(items, printed)
    shown = groups[:MAX_GROUPS]
    rest = groups[MAX_GROUPS:]
    return Topics(
        groups=shown,
        total=len(items),
        schools=len({i for _, i in items}),
        rest_texts=sum(g.texts for g in rest),
        rest_groups=len(rest),
    )
