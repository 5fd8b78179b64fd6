"""Dates that do not fit the term (提示): a date outside the term, 整改日期 with status 未整改,
整改日期 after the 落款日期, a 学期 that every date contradicts, no 落款日期.

Hints, not errors: a project's dates may well lie outside the term, and offices do send a
summary before they sign it. Each names the key, so the office can look.
"""
from __future__ import annotations

from typing import Iterator

from houqin_report.facts.model import Facts
from houqin_report.facts.values import FuzzyDate
from houqin_report.report.period import period_of

# Months of each term, with a month of slack either side (开学准备 in August, 寒假 in February).
_TERM_MONTHS = {"第一学期": (8, 9, 10, 11, 12, 1, 2), "第二学期": (2, 3, 4, 5, 6, 7, 8)}
_CORE = {"第一学期": (9, 10, 11, 12, 1), "第二学期": (3, 4, 5, 6, 7)}


def _span(facts: Facts) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """(first (year, month), last (year, month)) of the term, a month of slack included."""
    if facts.year is not None:
        return (facts.year, 1), (facts.year, 12)
    a = facts.school_year
    if a is None:
        return None
    if facts.semester == "第一学期":
        return (a, 8), (a + 1, 2)
    if facts.semester == "第二学期":
        return (a + 1, 2), (a + 1, 8)
    return (a, 8), (a + 1, 8)


def dated(facts: Facts) -> Iterator[tuple[tuple, FuzzyDate]]:
    """(key path, date) of the dates that belong to the term: hazards, purchases, donations,
    trainings, work. Projects run across terms and plans look ahead: not here."""
    for i, h in enumerate(facts.hazards):
        for key, d in (("发现日期", h.found), ("整改日期", h.fixed)):
            if d is not None:
                yield ("隐患排查", "隐患", i, key), d
    for name, items in (("采购", facts.purchases), ("捐赠", facts.donations), ("培训", facts.trainings), ("工作", facts.work)):
        for i, item in enumerate(items):
            d = getattr(item, "date", None)
            if d is not None:
                yield (name, i, "日期"), d


def date_hints(facts: Facts) -> Iterator[tuple[tuple, str]]:
    """(key path, message) of each date that does not fit."""
    span = _span(facts)
    title = period_of(facts).title
    dates = list(dated(facts))
    if span is not None:
        first, last = span
        for loc, d in dates:
            if not first <= (d.year, d.month) <= last:
                yield loc, f"日期{d}不在{title}内，请核对年份或学期"
    for i, h in enumerate(facts.hazards):
        if h.fixed is not None and h.status_given == "未整改":
            yield ("隐患排查", "隐患", i, "整改日期"), f"填写了整改日期{h.fixed}，状态却是未整改"
        if h.fixed is not None and facts.signed is not None and facts.signed.before(h.fixed):
            yield ("隐患排查", "隐患", i, "整改日期"), f"整改日期{h.fixed}晚于落款日期{facts.signed}"
    if facts.semester in _CORE and facts.school_year is not None and len(dates) >= 3:
        other = "第二学期" if facts.semester == "第一学期" else "第一学期"
        if all(d.month in _CORE[other] and d.month not in _CORE[facts.semester] for _, d in dates):
            yield ("学期",), f"学期写的是{facts.semester}，但全部{len(dates)}个日期都在{other}的月份里，请核对学期"
    if facts.signed is None:
        if facts.plan is not None and facts.plan.signed is not None:
            yield ("落款日期",), "没有填写落款日期，总结的文末将不写日期"
        else:
            yield ("落款日期",), "没有填写落款日期，总结和计划的文末将不写日期（计划不填“计划.落款日期”时用这个日期）"


__all__ = ["date_hints", "dated"]
