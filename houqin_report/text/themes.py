"""The 方面 (themes) a bureau's report gathers the schools' 存在问题 and 下一步 under (一是……
二是……), from one table (data/themes.yaml), checked when loaded like the 栏目 table.

A text is filed under the theme whose keywords score best (jieba search-mode tokens, whole words,
as text/sections.classify does), when it clearly leads; otherwise under its 栏目 (by the 栏目
table's keywords), named by the 栏目's title; otherwise under 其他方面. A theme is a name for a
group of the schools' own sentences, never a sentence of its own: the report prints each
school's words.
"""
from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from houqin_report.resources import resource_path
from houqin_report.text import sections

OTHER = "其他方面"
"""The theme of a text that files under no theme and no standard 栏目."""


@dataclass(frozen=True)
class ThemeTable:
    names: tuple[str, ...]  # in the table's order
    min_score: float
    lead_ratio: float
    index: Mapping[str, tuple[tuple[str, float], ...]]  # keyword → ((theme, weight), …)


def load_table(path: Path) -> ThemeTable:
    """Read and check a themes table; FactsError with every problem (file, line, key)."""
    from houqin_report.errors import FactsError
    from houqin_report.facts.read import read_document

    document = read_document(path)
    check = sections._Checker(path, document)
    doc = check.mapping(document.data, ())
    for key in doc:
        if key not in ("判定", "方面"):
            check.add((key,), f"未知的键“{key}”（可用的键：判定、方面）")
    rules = check.mapping(doc.get("判定"), ("判定",))
    try:
        min_score, lead_ratio = float(rules.get("最低分", 2.0)), float(rules.get("领先倍数", 1.2))
    except (TypeError, ValueError):
        check.add(("判定",), "最低分和领先倍数应为数字")
        min_score, lead_ratio = 2.0, 1.2
    names: list[str] = []
    index: dict[str, list[tuple[str, float]]] = {}
    for name, body in check.mapping(doc.get("方面"), ("方面",)).items():
        loc = ("方面", name)
        body = check.mapping(body, loc)
        for extra in body:
            if extra != "关键词":
                check.add(loc + (extra,), f"未知的键“{extra}”（可用的键：关键词）")
        words = check.mapping(body.get("关键词"), loc + ("关键词",))
        if not words:
            check.add(loc, "缺少关键词")
        for word, weight in words.items():
            if isinstance(weight, bool) or not isinstance(weight, (int, float, Decimal)) or weight <= 0:
                check.add(loc + ("关键词", word), f"关键词“{word}”的权重应为正数")
                continue
            index.setdefault(sections._norm(str(word)), []).append((str(name), float(weight)))
        names.append(str(name))
    problems = sorted(document.problems + check.problems, key=lambda p: (p.line or 0, p.path))
    if problems:
        raise FactsError(path, problems)
    return ThemeTable(tuple(names), min_score, lead_ratio, MappingProxyType({w: tuple(v) for w, v in index.items()}))


@lru_cache(maxsize=None)
def table() -> ThemeTable:
    return load_table(resource_path("data", "themes.yaml"))


def theme_scores(text: str, themes: ThemeTable | None = None) -> dict[str, float]:
    """Each theme's score for text, only themes that scored, in the table's order."""
    from houqin_report.text.tokenizer import cut_for_search

    themes = themes or table()
    text = unicodedata.normalize("NFKC", text or "")
    counts = Counter(t.casefold() for t in cut_for_search(text)) if text.strip() else Counter()
    raw: dict[str, float] = {}
    for word, n in counts.items():
        for name, weight in themes.index.get(word, ()):
            raw[name] = raw.get(name, 0.0) + weight * n
    return {name: raw[name] for name in themes.names if name in raw}


@lru_cache(maxsize=8192)  # schools write the same sentences
def theme_of(text: str) -> str:
    """The theme a problem or a next step files under (see the module's note)."""
    themes = table()
    ranked = sorted(theme_scores(text, themes).items(), key=lambda kv: -kv[1])  # stable: table order
    if ranked:
        best_name, best = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        if best >= themes.min_score and best >= themes.lead_ratio * second:
            return best_name
    key = sections.classify(text)
    if key == sections.GENERAL:
        return OTHER
    return next(s.title for s in sections.load_sections() if s.key == key)


__all__ = ["OTHER", "ThemeTable", "load_table", "table", "theme_of", "theme_scores"]
