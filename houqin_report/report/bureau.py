"""compile: many schools' facts files → one bureau report context (BureauReport).

A streaming fold (ARCHITECTURE.md, Scale): files are read one at a time, each is folded into
one SchoolRow — its figures, computed by the same functions the school's own summary uses
(context.project_figures, hazard_figures, …), and the few texts the bureau report quotes —
and the Facts object is dropped. Memory grows with the number of schools, not with the size
of their ledgers. Every bureau-wide figure is then a Decimal or int sum over the rows; rates
are wording.rate over the totals, never an average of the schools' rates.

Similar texts across schools (存在问题, 下一步, notable 工作) are grouped with jieba words
(design/jieba.md): each text becomes its set of content words (search mode, stop words,
numbers and single characters dropped), identical sets are merged, and the sets are
clustered greedily, most widely shared first, each joining the most similar group leader
with a Jaccard similarity of at least SIMILARITY. Candidate leaders are found through an
index on each set's rarest words (prefix filtering), which finds every leader above the
threshold without comparing each text with every group.
"""
from __future__ import annotations

import hashlib
import math
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Sequence

from houqin_report.text import segment
from houqin_report.report.summary import (
    SAFETY_TRAINING,
    Period,
    hazard_figures,
    indicator_line,
    period_of,
    project_figures,
    purchase_figures,
    section_of,
    training_figures,
)
from houqin_report.errors import CompileError, FactsError, Problem
from houqin_report.facts.model import Facts, Indicator
from houqin_report.resources import resource_path
from houqin_report.facts.values import FuzzyDate
from houqin_report.outline.wording import rate

SUFFIXES = (".yaml", ".yml")
SIMILARITY = 0.3  # Jaccard of content words: 校门口交通隐患… ~ 校门口交通和摊贩问题… is 0.5
MAX_GROUPS = 8  # problem / next-step groups printed; the rest are counted
MAX_PRACTICES = 3  # notable practices per area
MAX_HONOURS = 6  # honours named per area
MAX_NAMES = 3  # schools named for one group before 等N所学校
MAX_LISTED = 10  # files named per period / per school in an error message
UNTYPED = "未填类型"
CHANNELS = ("政府采购", "自行采购", "捐赠", "其他")
HAZARD_CATEGORIES = ("校舍", "消防", "用电", "食堂", "周边", "设备", "其他")
TRAINING_TYPES = ("培训", "演练", "安全教育", "会议", "其他")
PROJECT_STATES = ("完工", "在建", "已批复", "申报", "规划")

# Words that say nothing about which problem or measure a sentence is about, beyond the shared
# list of function words and stock verbs in data/stopwords.txt (also used by lint).
THEME_STOP_WORDS = frozenset("""
需要 需 继续 尚未 仍 仍然 问题 存在 部分 相关 工作 学校 本校 各校 提高 完善 确保 落实 推进 出现 同时
长期 共同 早日 实施 有待 尚待 一些 个别 不够 较大 严重 方面 情况 逐步 根本 解决 争取 没有 有的 还是
因为 所以 但是 对于 其中 目前 今后 下一步 本学期 下学期 学期 学年 年度 一定 较为 比较
""".split())
_NOT_WORD = re.compile(r"[\W\d_]+")
_REGION_UNITS = "省市区县州旗盟"
_BUREAU_SUFFIX = re.compile(r"(教育局|教育和体育局|教育体育局|教育和科技局|教育科技局|教体局|教科局|教育委员会|教委|教育厅|文教局)$")
_FIRST_PERSON = re.compile(r"^(我校|本校|我们|学校)[，,、]?")


# --------------------------------------------------------------------------------- rows


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
    return key if key in _standard_keys() else segment.GENERAL


@lru_cache(maxsize=None)
def _standard_keys() -> frozenset[str]:
    return frozenset(s.key for s in segment.load_sections())


def fold(facts: Facts, file: str, digest: str = "") -> SchoolRow:
    """One school's Facts → its SchoolRow (figures from context's functions, no arithmetic here)."""
    projects = project_figures(facts.projects)
    hazards = hazard_figures(facts)
    purchases = purchase_figures(facts.purchases)
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
        problems=tuple(facts.problems),
        next_steps=tuple(facts.next_steps),
    )


# --------------------------------------------------------------------------------- files


def gather_files(inputs: Iterable[Path | str]) -> list[Path]:
    """The facts files named by inputs: files as given, folders searched recursively for
    *.yaml / *.yml (sorted; hidden files and folders skipped). A file named twice counts once."""
    files: list[Path] = []
    seen: set[str] = set()
    missing: list[str] = []
    empty: list[str] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                (p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()
                 and not any(part.startswith(".") for part in p.relative_to(path).parts)),
                key=lambda p: p.as_posix(),
            )
            if not found:
                empty.append(str(path))
        elif path.exists():
            found = [path]
        else:
            missing.append(str(path))
            continue
        for p in found:
            key = os.path.realpath(p)
            if key not in seen:
                seen.add(key)
                files.append(p)
    lines = [f"找不到 {m}" for m in missing]
    lines += [f"文件夹 {e} 中没有事实文件（*.yaml、*.yml）" for e in empty]
    if lines:
        raise CompileError("\n".join(lines))
    if not files:
        raise CompileError("没有给出要汇总的事实文件")
    return files


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


def collect(files: Iterable[Path], skip_invalid: bool = False, force: bool = False, jobs: int | None = None,
            progress: Callable[[int], object] | None = None) -> Collection:
    """Load, lint and fold each file in turn; then check that the files can be compiled together.

    Raises CompileError listing every file concerned: invalid files and files whose prose has
    error-level findings (unless skip_invalid; then they are left out, in collection.skipped;
    force lets the prose findings through, as for summary and plan), files of another period,
    and two or more files for one school. files may be any iterable (a progress bar wrapping
    the list). The files are read by up to jobs worker processes (default: one per core; see
    parallel.py), the results kept in the order of the files; progress(1) is called as each
    file is done.
    """
    from houqin_report.pipeline.parallel import ordered_map

    collection = Collection()
    for path, row, skipped in ordered_map(_collect_one, [(f, force) for f in files], jobs):
        if row is not None:
            collection.rows.append(row)
        else:
            collection.skipped.append(skipped)
        if progress is not None:
            progress(1)
    messages = []
    if collection.skipped and not skip_invalid:
        messages.append(_invalid_message(collection.skipped))
    if collection.rows:
        periods: dict[str, list[str]] = {}
        for row in collection.rows:
            periods.setdefault(row.period.title, []).append(row.file)
        if len(periods) > 1:
            messages.append(_period_message(periods))
        schools: dict[str, list[str]] = {}
        for row in collection.rows:
            schools.setdefault(row.school, []).append(row.file)
        duplicates = {s: f for s, f in schools.items() if len(f) > 1}
        if duplicates:
            messages.append(_duplicate_message(duplicates))
    elif not messages:
        messages.append("没有可以汇总的有效事实文件：" + "、".join(s.file for s in collection.skipped[:MAX_LISTED])
                        + ("等" if len(collection.skipped) > MAX_LISTED else "") + "都有问题")
    if messages:
        raise CompileError("\n".join(messages))
    return collection


def _collect_one(job: tuple[Path, bool]) -> tuple[Path, SchoolRow | None, Skipped | None]:
    """One file read, linted and folded (in a worker process): its row, or why it is left out."""
    from houqin_report.lint import ERROR, load_and_lint

    path, force = job
    try:
        facts, findings = load_and_lint(path)
    except FactsError as exc:
        return path, None, Skipped(str(path), tuple(exc.problems))
    errors = [f for f in findings if f.level == ERROR] if not force else []
    if errors:
        problems = tuple(Problem(f.file, f.line, f.path, f"{f.message}「{f.words}」") for f in errors)
        return path, None, Skipped(str(path), problems)
    return path, fold(facts, str(path), _digest(path)), None


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""


def _some(files: Sequence[str]) -> str:
    shown = "、".join(files[:MAX_LISTED])
    return shown + (f" 等{len(files)}个文件" if len(files) > MAX_LISTED else "")


def _invalid_message(skipped: list[Skipped]) -> str:
    lines = []
    for s in skipped:
        lines.append(f"✗ {s.file}（{len(s.problems)} 个问题）")
        lines.extend(f"  {p}" for p in s.problems)
    lines.append(f"{len(skipped)} 个文件有问题，未生成汇总报告。请修正后重试，或加 --skip-invalid 跳过这些文件。")
    return "\n".join(lines)


def _period_message(periods: dict[str, list[str]]) -> str:
    lines = ["各文件的时段不一致，不能汇总到一份报告："]
    for title, files in sorted(periods.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        lines.append(f"  {title}（{len(files)}个文件）：{_some(files)}")
    lines.append("请只汇总同一学期（或同一年度）的文件。")
    return "\n".join(lines)


def _duplicate_message(duplicates: dict[str, list[str]]) -> str:
    lines = [f"学校“{school}”有{len(files)}个文件：{_some(files)}" for school, files in duplicates.items()]
    lines.append("每所学校只能有一个事实文件，请删去多余的文件。")
    return "\n".join(lines)


# --------------------------------------------------------------------------------- groups


@dataclass(frozen=True)
class Group:
    """Similar texts of several schools: one representative text and the schools."""

    text: str
    schools: tuple[str, ...]  # names as printed (short), in school order
    texts: int  # how many texts were grouped here

    @property
    def count(self) -> int:
        return len(self.schools)

    @property
    def named(self) -> tuple[str, ...]:
        """The schools to name in a sentence (the first few)."""
        return self.schools[:MAX_NAMES]

    @property
    def more(self) -> bool:
        """More schools than are named (… 等N所学校)."""
        return len(self.schools) > MAX_NAMES


@lru_cache(maxsize=4096)
def content_words(text: str) -> frozenset[str]:
    """The words of text that say what it is about (search mode, stop words dropped)."""
    words = segment.cut_for_search(text)
    stop = stop_words()
    return frozenset(w for w in words if len(w) > 1 and w not in stop and not _NOT_WORD.fullmatch(w))


@lru_cache(maxsize=None)
def stop_words() -> frozenset[str]:
    text = resource_path("data", "stopwords.txt").read_text(encoding="utf-8")
    shared = {line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")}
    return frozenset(shared) | THEME_STOP_WORDS


@dataclass
class _Variant:
    words: frozenset[str]
    first: int
    schools: set[int] = field(default_factory=set)
    texts: dict[str, set[int]] = field(default_factory=dict)  # text → schools, first seen first
    count: int = 0


@dataclass
class _Cluster:
    leader: _Variant
    members: list[_Variant]


def _prefix(words: Sequence[str], threshold: float) -> Sequence[str]:
    """The rarest words that any set with Jaccard ≥ threshold must share one of."""
    n = len(words)
    return words[: n - math.ceil(threshold * n) + 1]


def group_texts(items: Iterable[tuple[str, int]], names: Sequence[str], threshold: float = SIMILARITY) -> list[Group]:
    """Group (text, school index) items by similar content words; largest groups first.

    names[i] is how school i is printed. Deterministic: ties go to the text seen first.
    """
    variants: dict[object, _Variant] = {}
    for position, (text, school) in enumerate(items):
        words = content_words(text)
        key: object = words if words else ("text", re.sub(r"\s+", "", text))
        v = variants.get(key)
        if v is None:
            v = variants[key] = _Variant(words, position)
        v.schools.add(school)
        v.texts.setdefault(text, set()).add(school)
        v.count += 1
    if not variants:
        return []
    frequency = Counter(w for v in variants.values() for w in v.words)
    order = sorted(variants.values(), key=lambda v: (-len(v.schools), v.first))
    clusters: list[_Cluster] = []
    index: dict[str, list[int]] = {}
    for v in order:
        ranked = sorted(v.words, key=lambda w: (frequency[w], w))
        best, best_score = None, 0.0
        if ranked:
            candidates = sorted({c for w in _prefix(ranked, threshold) for c in index.get(w, ())})
            for c in candidates:
                leader = clusters[c].leader.words
                common = len(leader & v.words)
                score = common / (len(leader) + len(v.words) - common)
                if score >= threshold and score > best_score:
                    best, best_score = c, score
        if best is None:
            clusters.append(_Cluster(v, [v]))
            for w in _prefix(ranked, threshold):
                index.setdefault(w, []).append(len(clusters) - 1)
        else:
            clusters[best].members.append(v)
    groups = []
    for c in clusters:
        schools = set().union(*(m.schools for m in c.members))
        texts: dict[str, set[int]] = {}
        for m in c.members:
            for text, s in m.texts.items():
                texts.setdefault(text, set()).update(s)
        # The text written by the most schools; ties: the leader's first text.
        text = max(texts, key=lambda t: len(texts[t]))
        groups.append((c.leader.first, Group(text, tuple(names[i] for i in sorted(schools)), sum(m.count for m in c.members))))
    groups.sort(key=lambda g: (-g[1].count, g[0]))
    return [g for _, g in groups]


def third_person(text: str) -> str:
    """A school's own sentence without its leading 我校/本校, to follow the school's name."""
    return _FIRST_PERSON.sub("", text.strip(), count=1) or text.strip()


# --------------------------------------------------------------------------------- report


@dataclass(frozen=True)
class Headcount:
    total: int
    reported: int  # schools that gave the figure
    missing: int  # schools that did not


@dataclass(frozen=True)
class ProjectTotals:
    count: int
    total: Decimal
    by_status: dict[str, int]
    amount_by_status: dict[str, Decimal]
    schools: int  # schools with at least one project


@dataclass(frozen=True)
class HazardTotals:
    rounds: int
    rounds_schools: int  # schools that gave 排查次数
    rounds_missing: int  # schools that did not
    found: int
    fixed: int
    open: int
    in_progress: int
    rate: Decimal | None
    cost: Decimal
    by_category: dict[str, int]
    schools: int  # schools that found hazards
    open_schools: int  # schools with hazards not yet fixed
    flagged: tuple[str, ...]  # schools (as printed) that found hazards and fixed none


@dataclass(frozen=True)
class PurchaseTotals:
    count: int
    total: Decimal
    by_channel: dict[str, Decimal]
    government: Decimal
    share: Decimal | None  # 政府采购 share of the total, percent
    schools: int


@dataclass(frozen=True)
class TrainingTotals:
    count: int
    people: int
    hours: Decimal | None  # only for all kinds together (rows keep one total of hours)
    by_type: dict[str, int]
    schools: int


@dataclass(frozen=True)
class BureauIndicator:
    name: str
    unit: str | None
    schools: int  # schools that reported both this and last period's figure
    current: Decimal  # sum over those schools; the mean for a figure in %
    previous: Decimal
    mean: bool  # a percentage: averaged over the schools, not summed
    change: Decimal | None  # percent change, or percentage points when mean (context.indicator_line)

    @property
    def down(self) -> bool:
        return self.change is not None and self.change < 0


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

    @property
    def empty(self) -> bool:
        return not (self.projects or self.hazards or self.safety or self.purchases or self.trainings
                    or self.indicators or self.practices or self.honours)

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


def build_bureau_report(collection: Collection, bureau: str | None = None, signed: FuzzyDate | None = None) -> BureauReport:
    """The report context: every figure of the bureau report, computed here."""
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

    projects = _project_totals(rows)
    hazards = _hazard_totals(rows, printed)
    purchases = _purchase_totals(rows)
    all_trainings = _training_totals(rows, lambda r: (r.trainings, r.training_people, r.trainings_by_type, r.training_hours))
    safety = _training_totals(rows, lambda r: (r.safety_trainings, r.safety_people, {k: v for k, v in r.trainings_by_type.items() if k in SAFETY_TRAINING}, None))
    other = _training_totals(rows, lambda r: (r.trainings - r.safety_trainings, r.training_people - r.safety_people, {k: v for k, v in r.trainings_by_type.items() if k not in SAFETY_TRAINING}, None))
    indicators = _indicators(rows)

    sections = segment.load_sections()
    areas = {s.key: BureauArea(s.key, s.title) for s in sections}
    if projects.count:
        areas["项目建设"].projects = projects
    if hazards.found or hazards.rounds_schools:
        areas["安全管理"].hazards = hazards
    if safety.count:
        areas["安全管理"].safety = safety
    if purchases.count:
        areas["资产与采购"].purchases = purchases
    if other.count:
        areas["队伍建设"].trainings = other
    for ind in indicators:
        key = segment.classify(ind.name)
        areas["节能降耗" if key not in areas or key == segment.GENERAL else key].indicators.append(ind)
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
        students=_headcount(r.students for r in rows),
        staff=_headcount(r.staff for r in rows),
        classes=_headcount(r.classes for r in rows),
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
    )


def _common_bureau(rows: list[SchoolRow]) -> str:
    bureaus = Counter(r.bureau for r in rows)
    if len(bureaus) == 1 and None not in bureaus:
        return next(iter(bureaus))
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


def _headcount(values: Iterable[int | None]) -> Headcount:
    values = list(values)
    given = [v for v in values if v is not None]
    return Headcount(sum(given), len(given), len(values) - len(given))


def _ordered(mapping: dict[str, object], order: Sequence[str]) -> dict:
    known = {k: mapping[k] for k in order if k in mapping}
    known.update({k: v for k, v in mapping.items() if k not in known})
    return known


def _project_totals(rows: list[SchoolRow]) -> ProjectTotals:
    by_status: Counter[str] = Counter()
    amounts: dict[str, Decimal] = {}
    for r in rows:
        by_status.update(r.projects_by_status)
        for status, amount in r.project_amount_by_status.items():
            amounts[status] = amounts.get(status, Decimal(0)) + amount
    return ProjectTotals(
        count=sum(r.projects for r in rows),
        total=sum((r.project_amount for r in rows), Decimal(0)),
        by_status=_ordered({k: v for k, v in by_status.items() if v}, PROJECT_STATES),
        amount_by_status=_ordered(amounts, PROJECT_STATES),
        schools=sum(1 for r in rows if r.projects),
    )


def _hazard_totals(rows: list[SchoolRow], printed: list[str]) -> HazardTotals:
    found = sum(r.hazards_found for r in rows)
    fixed = sum(r.hazards_fixed for r in rows)
    categories: Counter[str] = Counter()
    for r in rows:
        categories.update(r.hazards_by_category)
    return HazardTotals(
        rounds=sum(r.rounds or 0 for r in rows),
        rounds_schools=sum(1 for r in rows if r.rounds is not None),
        rounds_missing=sum(1 for r in rows if r.rounds is None),
        found=found,
        fixed=fixed,
        open=found - fixed,
        in_progress=sum(r.hazards_in_progress for r in rows),
        rate=rate(fixed, found),
        cost=sum((r.hazard_cost for r in rows), Decimal(0)),
        by_category=dict(sorted(categories.items(), key=lambda kv: (-kv[1], HAZARD_CATEGORIES.index(kv[0]) if kv[0] in HAZARD_CATEGORIES else 99))),
        schools=sum(1 for r in rows if r.hazards_found),
        open_schools=sum(1 for r in rows if r.hazards_open),
        flagged=tuple(name for r, name in zip(rows, printed) if r.flagged),
    )


def _purchase_totals(rows: list[SchoolRow]) -> PurchaseTotals:
    total = sum((r.purchase_total for r in rows), Decimal(0))
    channels: dict[str, Decimal] = {}
    for r in rows:
        for channel, amount in r.purchase_by_channel.items():
            channels[channel] = channels.get(channel, Decimal(0)) + amount
    government = channels.get("政府采购", Decimal(0))
    return PurchaseTotals(
        count=sum(r.purchases for r in rows),
        total=total,
        by_channel=dict(sorted(channels.items(), key=lambda kv: -kv[1])),
        government=government,
        share=rate(government, total) if total else None,
        schools=sum(1 for r in rows if r.purchases),
    )


def _training_totals(rows: list[SchoolRow], pick) -> TrainingTotals:
    """pick(row) → (count, people, count by type, hours or None) of the trainings wanted."""
    count = people = schools = 0
    hours: Decimal | None = Decimal(0)
    kinds: Counter[str] = Counter()
    for r in rows:
        n, p, by_type, h = pick(r)
        count += n
        people += p
        schools += 1 if n else 0
        kinds.update(by_type)
        hours = None if h is None or hours is None else hours + h
    return TrainingTotals(
        count=count, people=people, hours=hours,
        by_type=_ordered({k: v for k, v in kinds.items() if v}, TRAINING_TYPES),
        schools=schools,
    )


def _indicators(rows: list[SchoolRow]) -> list[BureauIndicator]:
    """Figures reported (with last period's) by more than half of the schools, same unit:
    summed over those schools; figures in % are averaged instead (a sum of rates means nothing)."""
    pairs: dict[tuple[str, str | None], list[IndicatorFigure]] = {}
    for r in rows:
        seen = set()
        for i in r.indicators:
            key = (i.name, i.unit)
            if i.previous is None or key in seen:
                continue  # a school listing one figure twice counts once (its first)
            seen.add(key)
            pairs.setdefault(key, []).append(i)
    out = []
    for (name, unit), figures in pairs.items():
        if 2 * len(figures) <= len(rows):
            continue
        mean = unit in ("%", "％")
        current = sum((i.current for i in figures), Decimal(0))
        previous = sum((i.previous for i in figures), Decimal(0))
        if mean:
            current = (current / len(figures)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            previous = (previous / len(figures)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        line = indicator_line(Indicator.model_construct(name=name, current=current, previous=previous, unit=unit))
        out.append(BureauIndicator(name, unit, len(figures), current, previous, mean, line.change))
    out.sort(key=lambda i: (-i.schools, i.name))
    return out


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


__all__ = [
    "SchoolRow", "Skipped", "Collection", "Group", "BureauReport", "BureauArea",
    "gather_files", "collect", "fold", "build_bureau_report", "group_texts", "content_words",
]
