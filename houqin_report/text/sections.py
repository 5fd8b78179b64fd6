"""The 栏目 contract: the standard sections of a summary, plan and bureau report, from one table
(data/sections.yaml), and the filing of free text under them.

The table says, for each section, in the summary's order:
- 标题 and 别名: its default title and the names a user may write as `栏目`;
- 数据: which structured figures it shows (项目, 隐患, 安全培训, 采购, 培训, 指标), so that summary,
  plan and bureau put each kind of figure under the same section, whatever the section's key;
- 小标题: the wordings of its sub-section heading, for a school's summary (学校), a bureau's
  report (汇总) and, where the title would claim what a school may not have, a plan (计划);
  each optionally under conditions that must all hold: computed from the figures
  (CONDITIONS), or by what the section holds (the table's 条件: words its texts contain, kinds
  of figures it shows), so that a heading never claims what its section does not hold;
- 关键词: weighted words for filing an item that has no `栏目`.

The file is checked when it is loaded: every problem is a FactsError naming the file, the line
and the key, so renaming a section or a figure kind gives a message, never a KeyError deep in
a template.

Filing (classify): cut with jieba's search mode (安全隐患排查 also yields 安全, 隐患, 排查),
score = Σ weight × count of whole tokens; the best section when it clearly leads, in a close
race the one with the strongest keyword, else the general section 其他工作. Whole-token matching avoids substring false hits (学校车棚
is not 校车; 应用电子白板 is not 用电). An explicit `栏目` always wins.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from houqin_report.resources import resource_path

__all__ = [
    "GENERAL",
    "FIGURES",
    "CONDITIONS",
    "VOICE_WORDS",
    "Section",
    "Heading",
    "ContentCondition",
    "content_conditions",
    "classify",
    "home",
    "load_sections",
    "section_for_name",
    "section_scores",
    "standard_keys",
]

GENERAL = "其他工作"
"""The general section: where an item goes when no section clearly leads."""

FIGURES = ("项目", "隐患", "安全培训", "采购", "捐赠", "校产", "经费", "膳食", "征订", "创建", "培训", "指标")
"""The kinds of structured figures a section may show (its 数据), each under exactly one section:
项目 the projects, 隐患 the inspections and hazards, 安全培训 drills and safety education,
采购 the purchases, 捐赠 the donations, 校产 the assets ledger, 经费 the budget, 膳食 the
meals, 征订 what was ordered for pupils, 创建 the campaigns, 培训 other training that files
under no section by its name, 指标 measured figures that file under no section by their name."""

CONDITIONS = ("有完工项目", "隐患全部整改", "能耗下降", "创建已通过")
"""Conditions a heading wording may stand under that report computes from the figures
(report/figures.py conditions); the table's 条件 adds those that hold by what a section holds."""

_KINDS = ("学校", "汇总", "计划")  # a school's summary, a bureau's report, a school's plan

VOICE_WORDS = ("自称", "单位", "学生", "师生", "中心", "园区")
"""Names a school's heading may hold in braces ({园区}安全): the words of its voice
(data/voices.yaml), so that a kindergarten's heading says 园所 where a school's says 校园."""

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class Heading:
    text: str
    conditions: tuple[str, ...] = ()  # all must hold


@dataclass(frozen=True)
class ContentCondition:
    """A condition that holds by what a section holds: one of its words is a whole token of
    the section's texts, or the section shows one of its kinds of figures."""

    name: str
    words: frozenset[str]
    figures: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    key: str  # 项目建设
    title: str  # 校舍建设与改造: the default title
    aliases: tuple[str, ...]  # names a user may write as `栏目`
    keywords: Mapping[str, float]  # word → weight, for classify()
    figures: tuple[str, ...] = ()  # which of FIGURES it shows
    headings: Mapping[str, tuple[Heading, ...]] = field(default_factory=dict)  # 学校 / 汇总 → wordings

    def heading(self, kind: str, holds: Mapping[str, bool], variant: int) -> str:
        """The sub-section heading for a 学校 summary, a 汇总 report or a 计划: the first
        wording whose conditions all hold, else one of those without a condition (variant
        picks it; those claim nothing beyond the section's own facts), else the title."""
        wordings = self.headings.get(kind, ())
        for h in wordings:
            if h.conditions and all(holds.get(c) for c in h.conditions):
                return h.text
        plain = [h.text for h in wordings if not h.conditions]
        return plain[variant % len(plain)] if plain else self.title


@dataclass(frozen=True)
class _Table:
    sections: tuple[Section, ...]
    min_score: float
    lead_ratio: float
    index: Mapping[str, tuple[tuple[str, float], ...]]  # keyword → ((section key, weight), …)
    names: Mapping[str, str]  # normalised name → section key
    homes: Mapping[str, str]  # figure kind → section key
    content: Mapping[str, ContentCondition]  # the 条件 block


def _norm(text: str) -> str:
    """NFKC (full-width letters, digits and spaces to half-width), no whitespace, casefolded."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


# Suffixes a user may add to or leave off a section's name: 安全工作, 食堂管理, 校园文化建设.
_NAME_SUFFIXES = ("工作", "管理", "建设")


def _name_forms(name: str) -> list[str]:
    """name, then name with trailing 工作/管理/建设 stripped one at a time (never to nothing)."""
    forms = [name]
    changed = True
    while changed:
        changed = False
        for suffix in _NAME_SUFFIXES:
            cur = forms[-1]
            if cur.endswith(suffix) and len(cur) > len(suffix) + 1:
                forms.append(cur[: -len(suffix)])
                changed = True
    return forms


class _Checker:
    """Collects every problem of the table file with its line, then raises them at once."""

    def __init__(self, path: Path, document) -> None:  # noqa: ANN001 - a facts.read.Document
        self.file, self.document, self.problems = str(path), document, []

    def add(self, loc: tuple, message: str) -> None:
        from houqin_report.errors import Problem
        from houqin_report.facts.read import format_path

        self.problems.append(Problem(self.file, self.document.line_of(loc), format_path(loc), message))

    def mapping(self, value: object, loc: tuple) -> dict:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.add(loc, "应为一组“键: 值”")
            return {}
        return value

    def strings(self, value: object, loc: tuple) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.add(loc, "应为文字的列表，如 [基建, 工程]")
            return ()
        return tuple(value)


def _load_table(path: Path) -> _Table:
    from houqin_report.errors import FactsError
    from houqin_report.facts.read import read_document

    document = read_document(path)
    check = _Checker(path, document)
    doc = check.mapping(document.data, ())
    rules = check.mapping(doc.get("判定"), ("判定",))
    min_score, lead_ratio = rules.get("最低分", 2.0), rules.get("领先倍数", 1.5)
    try:
        min_score, lead_ratio = float(min_score), float(lead_ratio)
    except (TypeError, ValueError):
        check.add(("判定",), "最低分和领先倍数应为数字")
        min_score, lead_ratio = 2.0, 1.5
    if min_score <= 0 or lead_ratio < 1:
        check.add(("判定",), "最低分应大于 0，领先倍数应不小于 1")
    for key in doc:
        if key not in ("判定", "条件", "栏目"):
            check.add((key,), f"未知的键“{key}”（可用的键：判定、条件、栏目）")
    content = _content_conditions(check, doc.get("条件"))
    known = CONDITIONS + tuple(content)

    sections: list[Section] = []
    index: dict[str, list[tuple[str, float]]] = {}
    homes: dict[str, str] = {}
    body_keys = ("标题", "别名", "数据", "小标题", "关键词")
    for key, body in check.mapping(doc.get("栏目"), ("栏目",)).items():
        loc = ("栏目", key)
        body = check.mapping(body, loc)
        for extra in body:
            if extra not in body_keys:
                check.add(loc + (extra,), f"未知的键“{extra}”（可用的键：{'、'.join(body_keys)}）")
        title = body.get("标题")
        if not isinstance(title, str) or not title.strip():
            check.add(loc + ("标题",), "缺少标题")
            title = str(key)
        aliases = check.strings(body.get("别名"), loc + ("别名",))
        figures = check.strings(body.get("数据"), loc + ("数据",))
        for kind in figures:
            if kind not in FIGURES:
                check.add(loc + ("数据",), f"没有名为“{kind}”的数据（可选：{'、'.join(FIGURES)}）")
            elif kind in homes:
                check.add(loc + ("数据",), f"数据“{kind}”已归入栏目“{homes[kind]}”，每种数据只能归入一个栏目")
            else:
                homes[kind] = str(key)
        headings: dict[str, tuple[Heading, ...]] = {}
        for kind, wordings in check.mapping(body.get("小标题"), loc + ("小标题",)).items():
            hloc = loc + ("小标题", kind)
            if kind not in _KINDS:
                check.add(hloc, f"小标题应按“学校”“汇总”分写，不能是“{kind}”")
                continue
            if not isinstance(wordings, list):
                check.add(hloc, "应为小标题文字的列表")
                continue
            parsed = []
            for i, w in enumerate(wordings):
                if isinstance(w, str) and w.strip():
                    parsed.append(Heading(w.strip()))
                elif isinstance(w, dict) and set(w) <= {"文字", "条件"} and isinstance(w.get("文字"), str):
                    given = w.get("条件")
                    names = [given] if isinstance(given, str) else given if isinstance(given, list) else []
                    if given is not None and (not names or not all(isinstance(c, str) for c in names)):
                        check.add(hloc + (i, "条件"), "条件应为一个条件名，或条件名的列表（都成立时用这一条）")
                        names = []
                    for condition in names:
                        if condition not in known:
                            check.add(hloc + (i, "条件"), f"没有名为“{condition}”的条件（可选：{'、'.join(known)}）")
                    parsed.append(Heading(w["文字"].strip(), tuple(names)))
                else:
                    check.add(hloc + (i,), "应为一句小标题，或 {文字: …, 条件: …}")
                    continue
                for name in _PLACEHOLDER.findall(parsed[-1].text):
                    if kind == "汇总":
                        check.add(hloc + (i,), f"汇总的小标题不能用“{{{name}}}”：教育局报告不分学校类型")
                    elif name not in VOICE_WORDS:
                        check.add(hloc + (i,), f"小标题里的“{{{name}}}”不是可用的称呼（可用：{'、'.join('{' + n + '}' for n in VOICE_WORDS)}）")
            headings[kind] = tuple(parsed)
        keywords: dict[str, float] = {}
        for word, weight in check.mapping(body.get("关键词"), loc + ("关键词",)).items():
            normal = _norm(str(word))
            if not normal or isinstance(weight, bool) or not isinstance(weight, (int, float, Decimal)) or weight <= 0:
                check.add(loc + ("关键词", word), f"关键词“{word}”的权重应为正数")
                continue
            if normal in keywords:
                check.add(loc + ("关键词", word), f"关键词“{word}”写了两次")
                continue
            keywords[normal] = float(weight)
            index.setdefault(normal, []).append((str(key), float(weight)))
        sections.append(Section(str(key), title, aliases, MappingProxyType(keywords), figures, MappingProxyType(headings)))
    keys = [s.key for s in sections]
    if GENERAL not in keys:
        check.add(("栏目",), f"栏目中必须有通用栏目“{GENERAL}”")
    for kind in FIGURES:
        if kind not in homes:
            check.add(("栏目",), f"没有栏目的“数据”含有“{kind}”：每种数据都要归入一个栏目")

    # Names: exact forms first (they win every conflict), then suffix-stripped forms that
    # point to a single section; a stripped form claimed by two sections is dropped.
    exact_owner: dict[str, str] = {}
    for s in sections:
        for name in (s.key, s.title, *s.aliases):
            other = exact_owner.setdefault(_norm(name), s.key)
            if other != s.key:
                check.add(("栏目", s.key), f"名称“{name}”同时属于栏目“{other}”和“{s.key}”")
    names: dict[str, str] = dict(exact_owner)
    stripped: dict[str, set[str]] = {}
    for n, key in exact_owner.items():
        for form in _name_forms(n)[1:]:
            stripped.setdefault(form, set()).add(key)
    for form, owners in stripped.items():
        if form not in names and len(owners) == 1:
            names[form] = next(iter(owners))
    problems = sorted(document.problems + check.problems, key=lambda p: (p.line or 0, p.path))
    if problems:
        raise FactsError(path, problems)
    return _Table(
        sections=tuple(sections),
        min_score=min_score,
        lead_ratio=lead_ratio,
        index=MappingProxyType({w: tuple(v) for w, v in index.items()}),
        names=MappingProxyType(names),
        homes=MappingProxyType(homes),
        content=MappingProxyType(content),
    )


def _content_conditions(check: _Checker, block: object) -> dict[str, ContentCondition]:
    """The 条件 block: name → {词: [...], 数据: [...]}."""
    out: dict[str, ContentCondition] = {}
    for name, body in check.mapping(block, ("条件",)).items():
        loc = ("条件", name)
        if name in CONDITIONS:
            check.add(loc, f"“{name}”是按数字计算的条件，不能在这里重新定义")
            continue
        body = check.mapping(body, loc)
        for extra in body:
            if extra not in ("词", "数据"):
                check.add(loc + (extra,), f"未知的键“{extra}”（可用的键：词、数据）")
        words = frozenset(_norm(w) for w in check.strings(body.get("词"), loc + ("词",)))
        figures = check.strings(body.get("数据"), loc + ("数据",))
        for kind in figures:
            if kind not in FIGURES:
                check.add(loc + ("数据",), f"没有名为“{kind}”的数据（可选：{'、'.join(FIGURES)}）")
        if not words and not figures:
            check.add(loc, "条件要写“词”或“数据”（这一栏的文字含有其中的词，或这一栏有这种数据时成立）")
        out[str(name)] = ContentCondition(str(name), words, figures)
    return out


@lru_cache(maxsize=None)
def _table() -> _Table:
    return _load_table(resource_path("data", "sections.yaml"))


def load_sections() -> list[Section]:
    """The standard sections from data/sections.yaml, in the summary's order."""
    return list(_table().sections)


@lru_cache(maxsize=None)
def standard_keys() -> frozenset[str]:
    return frozenset(s.key for s in _table().sections)


def content_conditions() -> Mapping[str, ContentCondition]:
    """The conditions that hold by what a section holds (the table's 条件), by name."""
    return _table().content


def home(figure: str) -> str:
    """The key of the section that shows a kind of figure (one of FIGURES)."""
    return _table().homes[figure]


def section_for_name(name: str) -> str | None:
    """The section key a user's `栏目` value names, or None when it names none of them.

    Matches the key, the default title or an alias, ignoring spaces, full/half width and
    a trailing 工作/管理/建设 on either side (安全工作 → 安全管理, 食堂管理 → 食堂与卫生),
    as long as the stripped name is not shared by two sections.
    """
    if not isinstance(name, str):
        return None
    names = _table().names
    for form in _name_forms(_norm(name)):
        key = names.get(form)
        if key is not None:
            return key
    return None


@lru_cache(maxsize=1024)  # an alias repeats one text many times: cut it once
def _search_words(text: str) -> Counter:
    from houqin_report.text.tokenizer import cut_for_search

    return Counter(t.casefold() for t in cut_for_search(text))


def _scores(text: str) -> tuple[dict[str, float], dict[str, float]]:
    """(score, strongest keyword weight) of each section that scored, in the table's order."""
    text = unicodedata.normalize("NFKC", text or "")
    if not text.strip():
        return {}, {}
    table = _table()
    counts = _search_words(text)
    raw: dict[str, float] = {}
    top: dict[str, float] = {}
    for word, n in counts.items():
        for key, weight in table.index.get(word, ()):
            raw[key] = raw.get(key, 0.0) + weight * n
            top[key] = max(top.get(key, 0.0), weight)
    keys = [s.key for s in table.sections if s.key in raw]
    return {k: raw[k] for k in keys}, {k: top[k] for k in keys}


def section_scores(text: str) -> dict[str, float]:
    """Each section's score for text (Σ weight × count of whole search-mode tokens),
    only sections that scored, in the table's order."""
    return _scores(text)[0]


def classify(text: str) -> str:
    """The section key for a piece of free text.

    The best-scoring section, when it scores at least 判定.最低分 and at least 判定.领先倍数
    times the runner-up. In a closer race, the close section with the strongest keyword (a
    weight-3 word names its section; a pile of auxiliary words does not outvote it), then the
    higher score; when both are tied, 其他工作.
    """
    scores, strongest = _scores(text)
    if not scores:
        return GENERAL
    table = _table()
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])  # stable: ties keep table order
    best_key, best = ranked[0]
    if best < table.min_score:
        return GENERAL
    close = [key for key, score in ranked if score * table.lead_ratio > best]
    if len(close) == 1:
        return best_key
    first, second = sorted(close, key=lambda key: (-strongest[key], -scores[key]))[:2]
    if (strongest[first], scores[first]) != (strongest[second], scores[second]):
        return first
    return GENERAL
