"""The bureau report's context (BureauReport): every figure of the compiled report, computed
from the schools' rows and the bureau's own facts; templates/bureau.md.j2 only words it.

Voices: the bureau's own facts (its work, honours, problems, next steps) are printed as the
bureau wrote them; the schools' texts are printed after their names, in the third person, each
school's own words (grouping.py); nothing in the bureau's voice is written by the tool.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable

from houqin_report.errors import CompileError
from houqin_report.facts.values import FuzzyDate
from houqin_report.report.bureau import notable, tables, totals
from houqin_report.report.bureau.grouping import MAX_QUOTES, Fairness, Said, Theme, merge, themes
from houqin_report.report.bureau.names import bureau_short, bureau_stem, common_bureau, region_of, short_names
from houqin_report.report.bureau.rows import BureauOwn, Collection, DistrictFigure, OwnWork, SchoolRow, Skipped
from houqin_report.report.bureau.totals import BureauIndicator, HazardTotals, Headcount, ProjectTotals, PurchaseTotals, TrainingTotals
from houqin_report.report.figures import SAFETY_TRAINING, conditions
from houqin_report.report.period import Period
from houqin_report.text import sections

MAX_THEMES = 8  # themes of problems printed; the rest are named in one sentence
MAX_PRACTICES = 3  # practices quoted per area
MAX_HONOURS = 6  # honours named per area
MAX_HAZARDS = 5  # serious unfixed hazards named one by one
TYPE_ORDER = ("小学", "初中", "九年一贯制", "完全中学", "高中", "中职", "幼儿园")


@dataclass
class BureauArea:
    key: str
    title: str
    own: list[OwnWork] = field(default_factory=list)  # the bureau's own work here, its words
    own_honours: list[str] = field(default_factory=list)
    projects: ProjectTotals | None = None
    hazards: HazardTotals | None = None
    safety: TrainingTotals | None = None  # drills and safety education
    purchases: PurchaseTotals | None = None
    trainings: TrainingTotals | None = None  # other training, meetings and the rest
    indicators: list[BureauIndicator] = field(default_factory=list)
    largest: list[notable.NamedProject] = field(default_factory=list)  # its largest projects
    largest_of: int = 0  # projects with an amount filed here (more than named: "投资较大的")
    serious: list[notable.NamedHazard] = field(default_factory=list)  # named, at most MAX_HAZARDS
    serious_total: int = 0
    low_rates: list[notable.LowRate] = field(default_factory=list)
    practices: list[Said] = field(default_factory=list)  # the quoted ones
    practices_total: int = 0  # all 工作 items of this area, quoted or not
    practices_units: int = 0
    practices_rest: int = 0  # items not quoted (they are in the attachment)
    honours: list[Said] = field(default_factory=list)  # each honour and the schools awarded it
    honours_total: int = 0  # honours received (school × honour)
    honours_rest: int = 0  # of them, in honours not named
    heading: str = ""  # the sub-section heading (sections' 小标题 for 汇总)

    @property
    def empty(self) -> bool:
        return not (self.own or self.own_honours or self.projects or self.hazards or self.safety or self.purchases
                    or self.trainings or self.indicators or self.practices or self.honours or self.largest)

    def conditions(self) -> dict[str, bool]:
        return conditions(self.projects, self.hazards, self.energy_down)

    @property
    def energy_down(self) -> bool:
        """Every summed (not %) indicator here fell: the heading may say 能耗切实降低."""
        summed = [i for i in self.indicators if not i.mean]
        return bool(summed) and all(i.down for i in summed)


@dataclass(frozen=True)
class Topics:
    """The schools' 存在问题 or 下一步 by 方面, the bureau's own items of that kind, and counts."""

    own: list  # the bureau's own items (rows.Concern / rows.Intent), as it wrote them
    themes: list[Theme]  # printed
    rest: list[Theme]  # not printed one by one (named together)
    total: int  # the schools' items
    units: int  # units that wrote any


@dataclass(frozen=True)
class BureauReport:
    bureau: str
    short: str  # 区教育局: how the report names the bureau where it must (its honours)
    region: str | None  # 区 / 市 / 县 … of the bureau (全区, 我区), None when not known
    period: Period
    title: str
    school_count: int
    by_type: dict[str, int]  # school type → schools, in the usual order
    untyped: tuple[str, ...]  # schools that did not say their type
    districts: tuple[tuple[str, int], ...]  # the places of the lower bureaus the schools came through (roll-ups), schools each
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
    own: BureauOwn | None  # the bureau's own facts file, folded
    figures: tuple[DistrictFigure, ...]  # the bureau's district figures
    opening: str | None
    closing: str | None
    rows: list[SchoolRow]  # sorted by school name
    bureaus: list[BureauOwn]  # lower bureaus' own facts (from roll-ups)
    names: dict[str, str]  # school → name as printed in prose
    table: list[tables.TableRow]  # 附件1, one row per school in rows' order
    table_total: tables.TableRow  # its 合计 row
    texts: list[tables.TextsRow]  # every unit's 工作, 存在问题, 下一步
    open_hazards: list[tables.OpenHazardRow]
    district_table: list[tables.DistrictRow]
    skipped: list[Skipped]
    attachments: dict[str, int]  # which attachment holds what: 数据, 做法, 问题, 隐患, 区县, 未纳入
    far_below: Decimal = notable.FAR_BELOW
    missing: tuple[str, ...] = ()  # schools expected that did not submit (the web app's collection)

    @property
    def table_money(self) -> dict[str, list[str | None]]:
        """附件1's money cells (its rows, then 合计), each column written alike: 7.56, 13.60."""
        return tables.money_columns(self.table + [self.table_total])

    @property
    def district_money(self) -> dict[str, list[str | None]]:
        """The same for the table of the lower bureaus."""
        return tables.money_columns(self.district_table)

    @property
    def own_next_missing(self) -> bool:
        """No next steps of the bureau's own: 下一步 shows the schools' tasks (and compile says so)."""
        return self.own is None or not self.own.next_steps


def build_bureau_report(collection: Collection, bureau: str | None = None, signed: FuzzyDate | None = None,
                        missing: Iterable[str] = ()) -> BureauReport:
    """The report context: every figure of the bureau report, computed here. missing: the
    schools that were expected and did not submit, named by the report."""
    rows = sorted(collection.rows, key=lambda r: (r.school, r.file))
    if not rows:
        raise CompileError("没有可以汇总的有效事实文件")
    own = collection.own
    bureau = (bureau or "").strip() or (own.unit if own else "") or common_bureau(
        [collection.superiors.get(r.path[0]) if r.path else r.bureau for r in rows])
    region = region_of(bureau)
    names = short_names([r.school for r in rows], region)
    printed = [names[r.school] for r in rows]
    period = rows[0].period
    fair = Fairness()

    type_counts = Counter(r.school_type for r in rows if r.school_type)
    by_type = {t: type_counts[t] for t in TYPE_ORDER if type_counts[t]}

    projects = totals.project_totals(rows, printed)
    hazards = totals.hazard_totals(rows, printed)
    purchases = totals.purchase_totals(rows, printed)
    all_trainings = totals.training_totals(rows, printed, lambda r: (r.trainings, r.training_people, r.trainings_by_type, r.training_hours))
    safety = totals.training_totals(rows, printed, lambda r: (r.safety_trainings, r.safety_people, {k: v for k, v in r.trainings_by_type.items() if k in SAFETY_TRAINING}, None))
    other = totals.training_totals(rows, printed, lambda r: (r.trainings - r.safety_trainings, r.other_people, {k: v for k, v in r.trainings_by_type.items() if k not in SAFETY_TRAINING}, None))
    indicators = totals.indicators(rows, printed)

    standard = sections.load_sections()
    areas = {s.key: BureauArea(s.key, s.title) for s in standard}
    if projects.count:
        areas[sections.home("项目")].projects = projects
    if hazards.found or hazards.rounds_schools or hazards.frequency_schools:
        area = areas[sections.home("隐患")]
        area.hazards = hazards
        serious = notable.serious_hazards(rows, printed)
        area.serious, area.serious_total = serious[:MAX_HAZARDS], len(serious)
        area.low_rates = notable.low_rates(rows, printed, hazards.rate)
    if safety.count:
        areas[sections.home("安全培训")].safety = safety
    if purchases.count or purchases.donations:
        areas[sections.home("采购")].purchases = purchases
    if other.count:
        areas[sections.home("培训")].trainings = other
    for ind in indicators:
        areas[ind.area].indicators.append(ind)
    for key, (largest, count) in notable.largest_projects(rows, printed).items():
        areas[key].largest, areas[key].largest_of = largest, count
    if own is not None:
        for work in own.work:
            areas[work.area].own.append(work)
        for key, honour in own.honours:
            areas[key].own_honours.append(honour)

    # The schools' texts are quoted (their counts are of schools); a lower bureau's own texts,
    # from its roll-up, are in the attachments and the workbook under its name.
    by_area: dict[str, list] = {}
    for i, r in enumerate(rows):
        for p in r.practices:
            by_area.setdefault(p.area, []).append((p.text, printed[i], i, p.backed, None))
    honours_total = 0
    for key, area in areas.items():
        items = by_area.get(key, [])
        area.practices_total = len(items)
        area.practices_units = len({u for _, u, _, _, _ in items})
        area.practices = fair.pick(merge(items), MAX_PRACTICES)
        area.practices_rest = area.practices_total - sum(s.count for s in area.practices)
        area.honours, area.honours_total, area.honours_rest = _honours(rows, printed, key)
        honours_total += area.honours_total
    for section in standard:
        area = areas[section.key]
        area.heading = section.heading("汇总", area.conditions(), 0)

    schools = set(printed)
    problem_items = [(c.theme, c.text, printed[i], i, c.measure) for i, r in enumerate(rows) for c in r.problems]
    next_items = [(t.theme, t.text, printed[i], i, None) for i, r in enumerate(rows) for t in r.next_steps]

    signed = signed or (own.signed if own else None) or _latest(r.signed for r in rows)
    table = [tables.school_row(n, r) for n, r in enumerate(rows, start=1)]
    texts = tables.texts_rows(rows, collection.bureaus)
    open_hazards = tables.open_hazard_rows(rows)
    district_table = tables.district_rows(rows)
    present = {"数据": True, "做法": any(t.has_practices for t in texts), "问题": any(t.has_plans for t in texts),
               "隐患": bool(open_hazards), "区县": bool(district_table), "未纳入": bool(collection.skipped)}
    attachments = {name: n for n, name in enumerate((k for k, here in present.items() if here), start=1)}
    return BureauReport(
        bureau=bureau,
        short=bureau_short(bureau),
        region=region,
        period=period,
        title=f"{bureau}{period.title}学校后勤工作总结",
        school_count=len(rows),
        by_type=by_type,
        untyped=tuple(n for r, n in zip(rows, printed) if not r.school_type),
        districts=tuple((bureau_stem(d.district), d.schools) for d in district_table if d.number is not None),
        students=totals.headcount((r.students for r in rows), printed),
        staff=totals.headcount((r.staff for r in rows), printed),
        classes=totals.headcount((r.classes for r in rows), printed),
        projects=projects,
        hazards=hazards,
        purchases=purchases,
        trainings=all_trainings,
        safety=safety,
        other_trainings=other,
        indicators=indicators,
        areas=[a for a in areas.values() if not a.empty],
        honours_total=honours_total,
        problems=_topics(own.problems if own else (), problem_items, schools, fair),
        next_steps=_topics(own.next_steps if own else (), next_items, schools, fair),
        signed=signed,
        own=own,
        figures=own.figures if own else (),
        opening=own.opening if own else None,
        closing=own.closing if own else None,
        rows=rows,
        bureaus=list(collection.bureaus),
        names=names,
        table=table,
        table_total=tables.total_row(rows, hazards, purchases, all_trainings, projects),
        texts=texts,
        open_hazards=open_hazards,
        district_table=district_table,
        skipped=list(collection.skipped),
        attachments=attachments,
        missing=tuple(missing),
    )


def _honours(rows: list[SchoolRow], printed: list[str], key: str) -> tuple[list[Said], int, int]:
    """The honours of one area, each with the schools awarded it: national first, then
    provincial, then the rest (first met first); the total and the part not named."""
    by_honour: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        for k, honour in r.honours:
            if k == key and i not in by_honour.setdefault(honour, []):
                by_honour[honour].append(i)
    groups = [Said(h, tuple(printed[i] for i in schools)) for h, schools in by_honour.items()]
    groups.sort(key=lambda g: (_honour_rank(g.text), -g.count))  # stable: first seen first
    return groups[:MAX_HONOURS], sum(g.count for g in groups), sum(g.count for g in groups[MAX_HONOURS:])


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


def _topics(own: Iterable, items: list, schools: set[str], fair: Fairness) -> Topics:
    found = themes(items, schools, fair, MAX_QUOTES)
    return Topics(list(own), found[:MAX_THEMES], found[MAX_THEMES:], len(items), len({u for _, _, u, _, _ in items}))


__all__ = ["BureauArea", "BureauReport", "Topics", "build_bureau_report", "MAX_THEMES", "MAX_PRACTICES"]
