"""What the next-term plan carries, read before it is written (提示):

- a problem (存在问题) the plan has no measure for: no 措施 of its own, and no 下一步, 重点工作,
  hazard left open or unfinished project about the same thing (report/plan.py
  uncovered_problems); the plan does not write an empty measure for it, so the office should know;
- carried text that names a time already past when the planned term begins: 暑假 in an autumn
  plan, 寒假 or 春季开学前 in a spring one, "6月开工" in a plan for August to January, 2024年上半年
  or 2023年 in a plan that begins in September 2024 (the plan
  is for the term; what is done before it begins belongs to no plan of that term).
"""
from __future__ import annotations

import re
from typing import Iterator

from houqin_report.facts.model import Facts
from houqin_report.report.period import Period, period_of
from houqin_report.report.plan import months_of, uncovered_problems

NO_MEASURE = "计划中没有针对这个问题的措施：请在“措施”中写明下学期怎么解决，或在“下一步”“计划.重点工作”中安排（计划不会替它写一句空话）"

# Words for a time that lies before the term planned begins, by that term.
_BEFORE = {"第一学期": ("暑假", "暑期", "秋季开学前", "秋季开学之前"), "第二学期": ("寒假", "春季开学前", "春季开学之前")}
_CN_MONTH = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12, "元": 1}
_MONTH = re.compile(r"(?<![\d年.])(?:(\d{4})年)?(1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九元])月(?!份?\d)")
# 2024年上半年 (its last month June), and a year alone (2023年底, 2023年完成): neither a month
# nor a 年度 after it
_HALF = re.compile(r"(?<!\d)(\d{4})年(上|下)半年")
_YEAR = re.compile(r"(?<!\d)(\d{4})年(?!\s*(?:\d|[一二三四五六七八九十元]+月|[上下]半年|度))")


def past_times(text: str, term: Period) -> list[str]:
    """The words of text that name a time before term begins."""
    found = [w for w in _BEFORE.get(term.semester or "", ()) if w in text]
    first, months = term.first_month, months_of(term)
    for m in _MONTH.finditer(text):
        month = int(m.group(2)) if m.group(2).isdigit() else _CN_MONTH[m.group(2)]
        if m.group(1):
            if (int(m.group(1)), month) < first:
                found.append(m.group())
        elif term.semester in ("第一学期", "第二学期") and month not in months:
            found.append(m.group())
    for m in _HALF.finditer(text):
        if (int(m.group(1)), 6 if m.group(2) == "上" else 12) < first:
            found.append(m.group())
    for m in _YEAR.finditer(text):
        if int(m.group(1)) < first[0]:
            found.append(m.group())
    return list(dict.fromkeys(found))


def carried_texts(facts: Facts) -> Iterator[tuple[tuple, str]]:
    """(key path, text) of what the plan prints of the office's own words about next term."""
    for i, text in enumerate(facts.next_steps):
        yield ("下一步", i), text
    if facts.plan:
        for i, item in enumerate(facts.plan.tasks):
            yield ("计划", "重点工作", i), item.text
    for i, item in enumerate(facts.problems):
        if item.measure:
            yield ("存在问题", i, "措施"), item.measure
    for i, h in enumerate(facts.hazards):
        if h.status != "已整改" and h.measure:
            yield ("隐患排查", "隐患", i, "措施"), h.measure


def carried_hints(facts: Facts) -> Iterator[tuple[tuple, str]]:
    """(key path, message) of each finding."""
    for i in uncovered_problems(facts):
        yield ("存在问题", i), NO_MEASURE
    term = period_of(facts).following()
    for loc, text in carried_texts(facts):
        words = past_times(text, term)
        if words:
            said = "、".join(f"“{w}”" for w in words)
            yield loc, f"计划写的是{term.title}，文中的{said}在这一学期开始之前，不在计划的时间里，请核对时间"


__all__ = ["carried_hints", "past_times", "carried_texts", "NO_MEASURE"]
